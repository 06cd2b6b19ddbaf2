import Hummingbird
import NIOCore

/// Counts every request by its matched route and status, and times it, into the server's own
/// registry. Hummingbird's `MetricsMiddleware` does the same into the process-wide
/// `MetricsSystem` only, which would mix up the many servers a test process runs.
///
/// Outermost, so that it sees the status a client gets, errors and refusals included. The time
/// is until the response starts: a live stream's body runs as long as the session does.
struct RequestMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: ServerMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        do {
            let response = try await next(request, context)
            record(request, context: context, status: Int(response.status.code), since: start)
            return response
        } catch {
            record(request, context: context, status: Int((error as? any HTTPResponseError)?.status.code ?? 500), since: start)
            throw error
        }
    }

    /// The method as a label: one of the standard ones, else `other`, so that made-up methods
    /// (which reach this middleware before any check) cannot make a series each.
    private static func known(_ method: HTTPRequest.Method) -> String {
        switch method {
        case .get, .head, .post, .put, .patch, .delete, .options: method.rawValue
        default: "other"
        }
    }

    private func record(_ request: Request, context: Context, status: Int, since start: ContinuousClock.Instant) {
        // The router names the route it matched (`/api/v1/live/{id}`), or `NotFound`.
        metrics.request(
            route: context.endpointPath ?? "NotFound", method: Self.known(request.method), status: status,
            nanoseconds: start.duration(to: .now).nanoseconds)
    }
}
