import Hummingbird
import NIOCore

/// Requires the access token when one is set: `Authorization: Bearer …`, a `token` query
/// parameter (a browser's first visit and EventSource), or the cookie set on that visit.
struct TokenMiddleware<Context: RequestContext>: RouterMiddleware {
    let token: String

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let bearer = request.headers[.authorization].flatMap { $0.hasPrefix("Bearer ") ? String($0.dropFirst(7)) : nil }
        let query = request.uri.queryParameters.get("token")
        let cookie = request.cookies["knotwork_token"]?.value
        guard [bearer, query, cookie].contains(where: { $0 == token }) else {
            throw Problem(.unauthorized, "this server needs its access token (KNOTWORK_TOKEN): send Authorization: Bearer <token>, or open the app once with ?token=<token>")
        }
        var response = try await next(request, context)
        if query == token, cookie != token {
            response.headers[.setCookie] = "knotwork_token=\(token); Path=/; HttpOnly; SameSite=Strict"
        }
        return response
    }
}

/// Caps request bodies: larger ones get 413 before any handler reads them.
struct BodyLimitMiddleware<Context: RequestContext>: RouterMiddleware {
    let limit: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
            throw Problem(.contentTooLarge, "the body is \(length) bytes; at most \(limit) are accepted")
        }
        var request = request
        do {
            let buffer = try await request.collectBody(upTo: limit)
            request.body = RequestBody(buffer: buffer)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw Problem(.contentTooLarge, "the body is larger than \(limit) bytes")
        }
        return try await next(request, context)
    }
}

/// Security headers for every response: the page may load nothing from other origins.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.contentSecurityPolicy] = "default-src 'self'; img-src 'self' data:; base-uri 'none'; frame-ancestors 'none'"
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.referrerPolicy] = "no-referrer"
        return response
    }
}
