import Foundation
import Hummingbird
import KnotworkJournal

/// Personal API tokens (`/api/v1/account/tokens`), for scripts and the command line: made by a
/// signed-in account, shown once, kept as a hash, listed with their last use, revocable.
struct TokenRoutes: Sendable {
    static let routes = ["GET /api/v1/account/tokens", "POST /api/v1/account/tokens", "DELETE /api/v1/account/tokens/{id}"]

    /// Nil on a server without accounts.
    let setup: AccountsSetup?

    /// The prefix every token starts with: recognisable in a config file or a leaked log.
    static let prefix = "kw_"

    var endpoints: RouteCollection<AppRequestContext> {
        RouteCollection(context: AppRequestContext.self)
            .get("account/tokens") { _, context in
                let setup = try enabled()
                return try JSON.response(try await setup.store.tokens(owner: try context.owner))
            }
            .post("account/tokens") { request, context in try await make(request, context: context, setup: try enabled()) }
            .delete("account/tokens/:id") { _, context in
                let setup = try enabled()
                let raw = context.parameters.get("id") ?? ""
                guard let id = UUID(text: raw), try await setup.store.revokeToken(id: id, owner: try context.owner, at: setup.now()) else {
                    throw Problem(.notFound, "there is no token '\(raw)' of yours to revoke", field: "id")
                }
                return Response(status: .noContent)
            }
    }

    private func enabled() throws -> AccountsSetup {
        guard let setup else {
            throw Problem(.notFound, "this server has no accounts, and so no personal tokens (start it with --accounts)")
        }
        return setup
    }

    private func make(_ request: Request, context: AppRequestContext, setup: AccountsSetup) async throws -> Response {
        let owner = try context.owner
        let body = try await JSON.decode(TokenBody.self, from: request)
        let name = try AccountInput.name(body.name, field: "name", limit: AccountInput.tokenNameLimit)
        let secret = Secret.make(prefix: Self.prefix)
        let token = APIToken(owner: owner, name: name, createdAt: setup.now())
        try await setup.store.addToken(token, hash: Secret.hash(secret))
        return try JSON.response(NewToken(token: secret, id: token.id, name: token.name, createdAt: token.createdAt), status: .created)
    }
}
