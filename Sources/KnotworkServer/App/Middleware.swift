import Foundation
import HTTPTypes
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
        guard [bearer, query, cookie].contains(where: { $0.map { Self.same($0, token) } ?? false }) else {
            throw Problem(
                .unauthorized,
                "this server needs its access token (KNOTWORK_TOKEN): send Authorization: Bearer <token>, or open the app once with ?token=<token>"
            )
        }
        var response = try await next(request, context)
        if let query, Self.same(query, token), cookie.map({ !Self.same($0, token) }) ?? true {
            response.headers[.setCookie] = "knotwork_token=\(token); Path=/; HttpOnly; SameSite=Strict"
        }
        return response
    }
}

extension TokenMiddleware {
    /// Whether two tokens are the same bytes, in time that depends only on their lengths: no
    /// Unicode equivalence (`café` is not `cafe\u{301}`), and nothing to learn from timing.
    static func same(_ given: String, _ expected: String) -> Bool {
        let a = Array(given.utf8)
        let b = Array(expected.utf8)
        var difference = UInt8(a.count == b.count ? 0 : 1)
        for index in 0..<max(a.count, b.count) {
            difference |= (index < a.count ? a[index] : 0) ^ (index < b.count ? b[index] : 0)
        }
        return difference == 0
    }
}

/// The loopback server is no open door to other web pages: a request must name this server in
/// its `Host` (so a page on a rebinding DNS name cannot read the journal), and a request that
/// changes anything must be JSON from this page or from a program without a browser (so a page
/// on another origin cannot write to it with a form or a `text/plain` fetch).
struct RequestGuardMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Host names the server answers as; nil when any will do (token mode without --public-url).
    let allowedHosts: Set<String>?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let allowedHosts, let authority = request.head.authority, let host = Self.hostName(authority),
            !Self.allows(host, in: allowedHosts)
        {
            throw Problem(
                .misdirectedRequest,
                "this server answers as \(allowedHosts.sorted().joined(separator: ", ")), not '\(host)'; to serve another name, start it with --public-url",
                field: "Host")
        }
        if ![.get, .head, .options].contains(request.method) {
            if let site = request.headers[.secFetchSite], site != "same-origin", site != "none" {
                throw Problem(
                    .forbidden, "a request from another site (Sec-Fetch-Site: \(site)) cannot change the journal", field: "Sec-Fetch-Site")
            }
            if let origin = request.headers[.origin] {
                guard let authority = request.head.authority, Self.sameOrigin(origin, authority: authority) else {
                    throw Problem(.forbidden, "a request from another origin (\(origin)) cannot change the journal", field: "Origin")
                }
            }
            // Every body the API takes is JSON; no form or text/plain body (what another page can
            // send without asking first) is read.
            let type = request.headers[.contentType]?.split(separator: ";").first.map {
                $0.trimmingCharacters(in: .whitespaces).lowercased()
            }
            let takesBody = request.method == .post && APIRoutes.methods(for: request.uri.path).contains("POST")
            guard !takesBody || type == "application/json" else {
                throw Problem(
                    .unsupportedMediaType, "send the body as application/json (Content-Type: \(type ?? "none") is not accepted)",
                    field: "Content-Type")
            }
        }
        return try await next(request, context)
    }

    /// Whether the server answers as this host: one of the names allowed, or any loopback
    /// address when it serves on loopback.
    static func allows(_ host: String, in allowed: Set<String>) -> Bool {
        allowed.contains(host) || (allowed.contains("localhost") && ServerConfiguration.isLoopbackName(host))
    }

    /// The host name of a `Host` value, lower-cased, without its port or IPv6 brackets.
    static func hostName(_ authority: String) -> String? {
        let lower = authority.lowercased()
        if lower.hasPrefix("[") {
            guard let close = lower.firstIndex(of: "]") else { return nil }
            return String(lower[lower.index(after: lower.startIndex)..<close])
        }
        return String(lower.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
    }

    /// Whether an `Origin` is this server: `http://` and the same host and port as the request.
    static func sameOrigin(_ origin: String, authority: String) -> Bool {
        let lower = origin.lowercased()
        for scheme in ["http://", "https://"] where lower.hasPrefix(scheme) {
            return lower.dropFirst(scheme.count) == authority.lowercased()
        }
        return false
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
        } catch is NIOTooManyBytesError {
            // A chunked body has no Content-Length to refuse it by: it is refused as it grows.
            throw Problem(.contentTooLarge, "the body is larger than \(limit) bytes")
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            // The client stopped sending before the body was whole (shorter than its Content-Length).
            throw Problem(.badRequest, "the body ended before it was whole: send all of it, as long as its Content-Length says")
        }
        return try await next(request, context)
    }
}

/// Security headers for every response, errors included: the page may load nothing from other
/// origins, and API answers are not stored.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        // A drawing brings its own, stricter policy (nothing to load; its inline motion style).
        if response.headers[.contentSecurityPolicy] != DrawingRoutes.policy {
            response.headers[.contentSecurityPolicy] = "default-src 'self'; img-src 'self' data:; base-uri 'none'; frame-ancestors 'none'"
        }
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.referrerPolicy] = "no-referrer"
        // Health data is never kept by a browser or a proxy.
        if request.uri.path.hasPrefix("/api/"), response.headers[.cacheControl] == nil {
            response.headers[.cacheControl] = "no-store"
        }
        return response
    }
}

extension HTTPField.Name {
    static let secFetchSite = Self("Sec-Fetch-Site")!
    static let referrerPolicy = Self("Referrer-Policy")!
}
