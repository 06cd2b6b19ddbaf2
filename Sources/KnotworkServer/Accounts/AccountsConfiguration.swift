import Foundation

/// How a server with accounts (`knotwork serve --accounts`) signs people in.
public struct AccountsConfiguration: Sendable {
    /// Who may make an account by signing up on the server.
    public enum SignUp: String, Sendable, CaseIterable {
        /// Anyone who reaches the server.
        case open
        /// Only a patient with a clinician's invitation code; other accounts are made on the
        /// server's machine with `knotwork admin create-user`.
        case invite
    }

    public var signUp: SignUp
    /// bcrypt's cost (log2 of its rounds): 12 takes about a quarter of a second a sign-in here,
    /// which is what makes a stolen database slow to guess from. Tests lower it.
    public var bcryptCost: UInt8
    /// Sign-in attempts allowed for one email, and from one address, within `limitWindow`.
    public var signInLimitPerAccount: Int
    public var signInLimitPerAddress: Int
    public var limitWindow: Duration
    /// How long a sign-in lasts without use; each request moves it on.
    public var sessionLifetime: Duration
    /// Whether cookies are sent only over HTTPS (when the public URL is https).
    public var secureCookies: Bool

    /// The defaults `serve --help` names.
    public static let defaultBcryptCost: UInt8 = 12
    public static let bcryptCostRange: ClosedRange<UInt8> = 4...16
    public static let defaultSignInLimitPerAccount = 10
    public static let defaultSignInLimitPerAddress = 50
    public static let defaultLimitWindow: Duration = .seconds(15 * 60)
    public static let defaultSessionLifetime: Duration = .seconds(14 * 24 * 3600)

    public init(
        signUp: SignUp = .invite, bcryptCost: UInt8 = AccountsConfiguration.defaultBcryptCost,
        signInLimitPerAccount: Int = AccountsConfiguration.defaultSignInLimitPerAccount,
        signInLimitPerAddress: Int = AccountsConfiguration.defaultSignInLimitPerAddress,
        limitWindow: Duration = AccountsConfiguration.defaultLimitWindow,
        sessionLifetime: Duration = AccountsConfiguration.defaultSessionLifetime, secureCookies: Bool = false
    ) {
        self.signUp = signUp
        self.bcryptCost = bcryptCost
        self.signInLimitPerAccount = signInLimitPerAccount
        self.signInLimitPerAddress = signInLimitPerAddress
        self.limitWindow = limitWindow
        self.sessionLifetime = sessionLifetime
        self.secureCookies = secureCookies
    }
}
