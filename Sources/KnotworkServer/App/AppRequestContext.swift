import Hummingbird
import HummingbirdAuth
import KnotworkJournal
import Logging
import NIOCore

/// The context every request of the server carries: who it is from (the signed-in account, the
/// holder of a personal token, or, on a server without accounts, the journal's one person) and
/// the sign-in session its cookie names.
struct AppRequestContext: AuthRequestContext, SessionRequestContext, RequestContext {
    var coreContext: CoreRequestContextStorage
    /// Who the request is from, once a middleware has established it; nil for a request that
    /// has not signed in.
    var identity: Account?
    /// The sign-in session named by the request's cookie, loaded by the session middleware.
    let sessions: SessionContext<SignInSession>

    /// The address the request came from, for limits by address (a proxy's, behind one).
    let remoteAddress: String

    init(source: Source) {
        self.coreContext = .init(source: source)
        self.identity = nil
        self.sessions = .init()
        self.remoteAddress = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }

    /// Whose journal records a request reads and writes: the one place the server decides it.
    /// Without accounts every request is the local account's; with accounts, the signed-in
    /// account's, and a request that has not signed in is refused (401) before it reads anything.
    var owner: AccountID {
        get throws {
            guard let identity else {
                throw Problem(.unauthorized, "sign in first: this server keeps a journal for each account")
            }
            return identity.id
        }
    }

    /// The signed-in account, or 401.
    var account: Account {
        get throws {
            _ = try owner
            return identity!
        }
    }
}

/// A sign-in session as the persist driver keeps it: whose it is, and the password stamp it was
/// made under (a password change moves the stamp, and every session made before stops counting).
struct SignInSession: Codable, Sendable, Equatable {
    var account: AccountID
    var stamp: Int64
}
