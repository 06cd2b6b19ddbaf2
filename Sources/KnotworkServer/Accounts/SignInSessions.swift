import Foundation
import Hummingbird
import HummingbirdAuth
import KnotworkJournal

/// Loads the sign-in session a request's cookie names into its context, and keeps what a
/// handler did to it: a new or changed session is saved under a new id (a sign-in, a password
/// change), the old one removed; a cleared one (a sign-out) is removed and its cookie expired.
///
/// hummingbird-auth's own `SessionMiddleware` writes a changed session back under the id the
/// request came with. An id planted in a person's browser before they sign in would then be
/// signed in as them, for whoever planted it (session fixation); so the id changes whenever
/// who is signed in does. Its `SessionStorage` and `SessionAuthenticator` do the rest.
struct SignInSessions: RouterMiddleware {
    typealias Context = AppRequestContext
    let storage: SessionStorage<SignInSession>
    let lifetime: Duration

    static let cookieName = "knotwork_session"

    init(driver: any PersistDriver, lifetime: Duration, secure: Bool) {
        self.storage = SessionStorage(
            driver,
            configuration: .init(
                sessionCookieParameters: .init(name: Self.cookieName, path: "/", secure: secure, sameSite: .strict), keyPrefix: "session:"))
        self.lifetime = lifetime
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        // An id that names nothing (expired, signed out, made up) is as no cookie at all.
        let before = try? await storage.load(request: request)
        if let before { context.sessions.createSession(before) }
        var response = try await next(request, context)
        let after = context.sessions.session
        guard after != before else { return response }
        if before != nil {
            // Removed before a new one is issued: an old id never outlives a change.
            let expired = try await storage.delete(request: request)
            if after == nil { response.headers[values: .setCookie].append(expired.description) }
        }
        if let after {
            let cookie = try await storage.save(session: after, expiresIn: lifetime)
            response.headers[values: .setCookie].append(cookie.description)
        }
        return response
    }
}

/// Signs a request in by its personal API token (`Authorization: Bearer kw_…`), when no sign-in
/// session has. A token that is not valid (unknown or revoked) is refused at once (401), rather
/// than the request going on as no one's.
struct TokenAuthenticator: RouterMiddleware {
    typealias Context = AppRequestContext
    let store: any AccountStore
    let now: @Sendable () -> Date

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard context.identity == nil, let header = request.headers[.authorization], header.hasPrefix("Bearer ") else {
            return try await next(request, context)
        }
        let token = String(header.dropFirst("Bearer ".count)).trimmingCharacters(in: .whitespaces)
        guard let account = try await store.useToken(hash: Secret.hash(token), at: now()) else {
            throw Problem(.unauthorized, "this API token is not valid: it is unknown or was revoked; make a new one (knotwork login)")
        }
        var context = context
        context.identity = account
        return try await next(request, context)
    }
}

/// On a server without accounts, every request is the journal's one person's.
struct LocalIdentity: RouterMiddleware {
    typealias Context = AppRequestContext

    static let account = Account(id: .local, email: nil, displayName: "", role: .person, createdAt: Date(timeIntervalSince1970: 0))

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        context.identity = Self.account
        return try await next(request, context)
    }
}
