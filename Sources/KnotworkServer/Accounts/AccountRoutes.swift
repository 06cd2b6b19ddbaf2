import Foundation
import Hummingbird
import KnotworkCore
import KnotworkJournal
import KnotworkSession

/// Everything a server with accounts needs to sign people in, built once at start.
struct AccountsSetup: Sendable {
    let store: any AccountStore
    let configuration: AccountsConfiguration
    let passwords: Passwords
    let limiter: SignInLimiter
    let now: @Sendable () -> Date

    init(store: any AccountStore, configuration: AccountsConfiguration, now: @escaping @Sendable () -> Date) {
        self.store = store
        self.configuration = configuration
        self.passwords = Passwords(cost: configuration.bcryptCost)
        self.limiter = SignInLimiter(
            store: store, perAccount: configuration.signInLimitPerAccount, perAddress: configuration.signInLimitPerAddress,
            window: configuration.limitWindow, now: now)
        self.now = now
    }
}

/// The account (`/api/v1/account`): sign-up, sign-in and sign-out, the password, deleting it
/// with everything it holds. On a server without accounts only `GET` answers (saying so); the
/// rest are 404s that say how to turn accounts on.
struct AccountRoutes: Sendable {
    static let routes = [
        "GET /api/v1/account", "POST /api/v1/account/sign-up", "POST /api/v1/account/sign-in", "POST /api/v1/account/sign-out",
        "POST /api/v1/account/password", "POST /api/v1/account/delete",
    ]

    /// Nil on a server without accounts.
    let setup: AccountsSetup?
    let hub: LiveHub<ScaledClock>

    var endpoints: RouteCollection<AppRequestContext> {
        RouteCollection(context: AppRequestContext.self)
            .get("account") { _, context in try status(context) }
            .post("account/sign-up") { request, context in try await signUp(request, context: context, setup: try enabled()) }
            .post("account/sign-in") { request, context in try await signIn(request, context: context, setup: try enabled()) }
            .post("account/sign-out") { request, context in
                _ = try enabled()
                _ = try await JSON.decode(EmptyBody.self, from: request)
                context.sessions.clearSession()
                return Response(status: .noContent)
            }
            .post("account/password") { request, context in try await changePassword(request, context: context, setup: try enabled()) }
            .post("account/delete") { request, context in try await delete(request, context: context, setup: try enabled()) }
    }

    private func enabled() throws -> AccountsSetup {
        guard let setup else {
            throw Problem(
                .notFound, "this server has no accounts: it keeps one person's journal, with no sign-in (start it with --accounts for that)"
            )
        }
        return setup
    }

    private func status(_ context: AppRequestContext) throws -> Response {
        guard let setup else { return try JSON.response(AccountStatus(accounts: false, signUp: nil, account: nil)) }
        return try JSON.response(AccountStatus(accounts: true, signUp: setup.configuration.signUp.rawValue, account: context.identity))
    }

    private func signUp(_ request: Request, context: AppRequestContext, setup: AccountsSetup) async throws -> Response {
        let body = try await JSON.decode(SignUpBody.self, from: request)
        let email = try AccountInput.email(body.email)
        try Passwords.check(body.password, field: "password")
        let name = try AccountInput.name(body.displayName, field: "displayName", limit: AccountInput.displayNameLimit)
        let invite = body.invite.map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
        if setup.configuration.signUp == .invite, invite == nil {
            throw Problem(
                .forbidden, "sign-up on this server is by invitation: ask your clinician for an invitation code", field: "invite")
        }
        // Counted as a sign-in is: a burst of sign-ups is no cheaper a way to guess.
        try await setup.limiter.attempt(email: email, address: context.remoteAddress)
        let account = Account(email: email, displayName: name, role: .person, createdAt: setup.now())
        try await setup.store.createAccount(account, passwordHash: try await setup.passwords.hash(body.password))
        if let invite {
            do {
                _ = try await setup.store.acceptInvite(
                    codeHash: Secret.hash(InviteCode.normalized(invite)), patient: account.id, at: setup.now())
            } catch {
                // No account is left behind by a sign-up that did not go through.
                _ = try await setup.store.deleteAccount(account.id)
                throw error
            }
        }
        let stamp = try await setup.store.passwordStamp(account: account.id) ?? 0
        context.sessions.createSession(SignInSession(account: account.id, stamp: stamp))
        return try JSON.response(
            AccountStatus(accounts: true, signUp: setup.configuration.signUp.rawValue, account: account), status: .created)
    }

    private func signIn(_ request: Request, context: AppRequestContext, setup: AccountsSetup) async throws -> Response {
        let body = try await JSON.decode(SignInBody.self, from: request)
        let email = body.email.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        try await setup.limiter.attempt(email: email, address: context.remoteAddress)
        let credentials = try await setup.store.credentials(email: email)
        // The same work and the same answer whether or not there is such an account.
        guard try await setup.passwords.verify(body.password, hash: credentials?.passwordHash), let credentials else {
            throw Problem(.unauthorized, "the email or the password is not right")
        }
        context.sessions.createSession(SignInSession(account: credentials.account.id, stamp: credentials.passwordStamp))
        return try JSON.response(AccountStatus(accounts: true, signUp: setup.configuration.signUp.rawValue, account: credentials.account))
    }

    private func changePassword(_ request: Request, context: AppRequestContext, setup: AccountsSetup) async throws -> Response {
        let account = try context.account
        let body = try await JSON.decode(PasswordBody.self, from: request)
        try await confirm(body.current, field: "current", of: account, context: context, setup: setup)
        try Passwords.check(body.new, field: "new")
        let stamp = try await setup.store.setPassword(hash: try await setup.passwords.hash(body.new), account: account.id)
        // Every other sign-in ends; this one goes on, under a new id.
        if context.sessions.session != nil { context.sessions.createSession(SignInSession(account: account.id, stamp: stamp)) }
        return Response(status: .noContent)
    }

    private func delete(_ request: Request, context: AppRequestContext, setup: AccountsSetup) async throws -> Response {
        let account = try context.account
        let body = try await JSON.decode(DeleteAccountBody.self, from: request)
        try await confirm(body.password, field: "password", of: account, context: context, setup: setup)
        await hub.discardAll(owner: account.id)
        _ = try await setup.store.deleteAccount(account.id)
        context.sessions.clearSession()
        return Response(status: .noContent)
    }

    /// Checks the signed-in account's password again, limited as a sign-in is: 403 when wrong.
    private func confirm(_ password: String, field: String, of account: Account, context: AppRequestContext, setup: AccountsSetup)
        async throws
    {
        try await setup.limiter.attempt(email: account.email ?? account.id.description, address: context.remoteAddress)
        let hash = try await setup.store.credentials(email: account.email ?? "")?.passwordHash
        guard try await setup.passwords.verify(password, hash: hash) else {
            throw Problem(.forbidden, "the password is not right", field: field)
        }
    }
}
