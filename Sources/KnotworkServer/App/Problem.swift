import Foundation
import Hummingbird
import KnotworkCore
import KnotworkJournal

/// An API error as `application/problem+json` (RFC 9457): a status, a title, a detail and, for
/// bad input, the field at fault.
struct Problem: Error, Encodable, HTTPResponseError {
    let status: HTTPResponse.Status
    let title: String
    let detail: String
    let field: String?
    /// The protocol rule a refused plan breaks.
    var rule: PlanRule?
    /// Why a session may not start yet, and what to ask: the web app goes there.
    var clearance: Clearance?
    /// Seconds to wait before asking again (a limit reached), sent as `Retry-After`.
    var retryAfter: Int?

    /// The same problem, asking to be tried again after some seconds.
    func retrying(after seconds: Int) -> Problem {
        var problem = self
        problem.retryAfter = seconds
        return problem
    }

    init(
        _ status: HTTPResponse.Status, _ detail: String, field: String? = nil, title: String? = nil, rule: PlanRule? = nil,
        clearance: Clearance? = nil
    ) {
        self.status = status
        self.detail = detail
        self.field = field
        self.title = title ?? status.reasonPhrase
        self.rule = rule
        self.clearance = clearance
    }

    private enum CodingKeys: String, CodingKey { case type, title, status, detail, field, rule, clearance }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode("about:blank", forKey: .type)
        try container.encode(title, forKey: .title)
        try container.encode(status.code, forKey: .status)
        try container.encode(detail, forKey: .detail)
        try container.encodeIfPresent(field, forKey: .field)
        try container.encodeIfPresent(rule, forKey: .rule)
        try container.encodeIfPresent(clearance, forKey: .clearance)
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        let data = (try? JSON.encoder.encode(self)) ?? Data("{}".utf8)
        var headers = HTTPFields()
        headers[.contentType] = "application/problem+json"
        if status == .unauthorized { headers[.wwwAuthenticate] = "Bearer realm=\"knotwork\"" }
        if let retryAfter { headers[.retryAfter] = String(retryAfter) }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(data: data)))
    }
}

/// Turns every error into problem+json, at the server's edge: the modules' own errors (bad
/// input, a plan's broken rule, a live session's refusal) into 4xx naming the field, anything
/// else into a 500 that does not leak internals. Client input never reaches the last case.
struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let problem as Problem {
            return try problem.response(from: request, context: context)
        } catch let error as LiveError {
            return try error.response(from: request, context: context)
        } catch let error as InputError {
            return try Problem(.unprocessableContent, error.problem, field: error.field).response(from: request, context: context)
        } catch let error as PlanError {
            return try Problem(.unprocessableContent, error.problem, field: error.rule.map { _ in "plan" }, rule: error.rule)
                .response(from: request, context: context)
        } catch let error as AccountError {
            let (status, field): (HTTPResponse.Status, String?) =
                switch error {
                case .emailTaken: (.conflict, "email")
                case .inviteUnusable, .selfInvite: (.unprocessableContent, "invite")
                }
            return try Problem(status, error.description, field: field).response(from: request, context: context)
        } catch let error as ImportError {
            return try Problem(.unprocessableContent, error.description, field: error.field).response(from: request, context: context)
        } catch let error as DecodingError {
            return try Problem(.badRequest, "the JSON body does not fit: \(error.apiSummary)", field: error.apiField)
                .response(from: request, context: context)
        } catch let error as HTTPError {
            // Not found at a path of ours: the method is the problem.
            if error.status == .notFound, case let allowed = APIRoutes.methods(for: request.uri.path), !allowed.isEmpty {
                let named = allowed.filter { $0 != "HEAD" }
                var response = try Problem(
                    .methodNotAllowed, "\(request.method.rawValue) is not supported here; use \(named.joined(separator: " or "))"
                )
                .response(from: request, context: context)
                response.headers[.allow] = allowed.joined(separator: ", ")
                return response
            }
            let detail =
                error.body ?? (error.status == .contentTooLarge ? "the body is larger than the server accepts" : error.status.reasonPhrase)
            return try Problem(error.status, detail).response(from: request, context: context)
        } catch let error as JournalError {
            if case .unreadable = error {
                // The cause (table, row, column, value) goes to the log, not to the client.
                context.logger.error("the journal holds a record this version cannot read", metadata: ["error": "\(error.description)"])
                return try Problem(.internalServerError, "the journal holds a record this version cannot read").response(
                    from: request, context: context)
            }
            context.logger.error("the journal could not be used", metadata: ["error": "\(error.description)"])
            return try Problem(.internalServerError, "the journal could not be used").response(from: request, context: context)
        } catch {
            context.logger.error("unexpected error", metadata: ["error": "\(error)"])
            return try Problem(.internalServerError, "something went wrong on the server").response(from: request, context: context)
        }
    }
}

extension DecodingError {
    var apiField: String? {
        switch self {
        case .keyNotFound(let key, let context): (context.codingPath + [key]).dotted
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            context.codingPath.isEmpty ? nil : context.codingPath.dotted
        @unknown default: nil
        }
    }

    var apiSummary: String {
        switch self {
        case .keyNotFound(let key, _): "'\(key.stringValue)' is missing"
        case .typeMismatch(let type, _): "expected \(type)".replacingOccurrences(of: "Swift.", with: "")
        case .valueNotFound(let type, _): "expected \(type), found null".replacingOccurrences(of: "Swift.", with: "")
        case .dataCorrupted(let context): context.debugDescription
        @unknown default: "\(self)"
        }
    }
}

extension [any CodingKey] {
    var dotted: String {
        map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingCharacters(in: CharacterSet(charactersIn: "."))
    }
}
