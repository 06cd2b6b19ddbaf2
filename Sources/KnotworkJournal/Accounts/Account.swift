import Foundation

/// A person who signs in to a server with accounts (`knotwork serve --accounts`), and owns the
/// records they write.
///
/// The local account (``AccountID/local``) of a journal without accounts is one too, with no
/// email and no password: it cannot sign in, and is never listed to anyone.
public struct Account: Codable, Sendable, Equatable, Identifiable {
    /// What an account may do besides keeping its own journal.
    public enum Role: String, Codable, Sendable, CaseIterable {
        /// Keeps their own journal, follows prescriptions, grants clinicians access.
        case person
        /// Also invites patients, prescribes, and reads the journals of patients who granted it.
        case clinician
    }

    public var id: AccountID
    /// The sign-in name: an email address, lower-cased and trimmed; unique. Nil for the local
    /// account.
    public var email: String?
    /// What the account is called on screens (a clinician's patient list, a patient's list of
    /// who can see their journal).
    public var displayName: String
    public var role: Role
    /// May manage the server's accounts and invitations to sign up. The first account, made with
    /// `knotwork admin create-user` on the server's machine, is one.
    public var isAdmin: Bool
    /// When it was made (whole seconds).
    public var createdAt: Date

    public init(id: AccountID = AccountID(UUID()), email: String?, displayName: String, role: Role, isAdmin: Bool = false, createdAt: Date)
    {
        self.id = id
        self.email = email
        self.displayName = displayName
        self.role = role
        self.isAdmin = isAdmin
        self.createdAt = createdAt.wholeSeconds
    }
}

/// What signing in checks an account against: the bcrypt hash of its password, and a stamp that
/// changes whenever the password does, so that a sign-in session made before the change (kept
/// with the stamp it was made under) no longer counts.
public struct Credentials: Sendable, Equatable {
    public var account: Account
    /// A bcrypt hash (`$2b$…`); the store keeps it as given and never sees the password.
    public var passwordHash: String
    public var passwordStamp: Int64

    public init(account: Account, passwordHash: String, passwordStamp: Int64) {
        self.account = account
        self.passwordHash = passwordHash
        self.passwordStamp = passwordStamp
    }
}

/// A personal API token, as listed to its owner: never the token itself, which is shown once
/// when made and stored only as its SHA-256 hash.
public struct APIToken: Codable, Sendable, Equatable, Identifiable {
    public var id: UUID
    public var owner: AccountID
    /// What the owner called it (`laptop`, `backup script`).
    public var name: String
    public var createdAt: Date
    /// When a request last carried it, if ever (whole seconds).
    public var lastUsedAt: Date?
    /// When it was revoked; a revoked token signs nothing in.
    public var revokedAt: Date?

    public init(id: UUID = UUID(), owner: AccountID, name: String, createdAt: Date, lastUsedAt: Date? = nil, revokedAt: Date? = nil) {
        self.id = id
        self.owner = owner
        self.name = name
        self.createdAt = createdAt.wholeSeconds
        self.lastUsedAt = lastUsedAt?.wholeSeconds
        self.revokedAt = revokedAt?.wholeSeconds
    }
}
