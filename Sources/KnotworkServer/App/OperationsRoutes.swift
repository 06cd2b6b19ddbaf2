import Foundation
import HTTPTypes
import Hummingbird
import KnotworkJournal

/// What the people and programs running the server ask it: whether the process is up
/// (`/health`), whether it can serve (`/ready`: its journal answers), and its metrics
/// (`/metrics`, Prometheus' text format).
///
/// The probes need no sign-in and read no one's records: a load balancer asks them with no
/// token or cookie, and several instances on one database are each asked apart.
struct OperationsRoutes {
    /// The routes the OpenAPI document describes.
    static let routes = ["GET /health", "GET /ready", "GET /metrics"]

    let store: any JournalStore
    let metrics: ServerMetrics
    let access: MetricsAccess
    /// Whether the live sessions hear the other instances (always, on a journal of its own).
    let listening: @Sendable () async -> Bool

    static let metricsType = "text/plain; version=0.0.4; charset=utf-8"

    /// `/health` and `/ready`, which come before the access token and sign-in.
    func registerProbes(on router: some RouterMethods<AppRequestContext>) {
        // Up while the process answers at all; also the baseline of the throughput benchmark.
        router.get("health") { _, _ in Self.status("up") }
        router.get("ready") { _, context in
            do {
                // The cheapest read every store has: one number.
                _ = try await store.sessionsMark()
            } catch {
                // The cause (a path, a database's words) goes to the log, not to whoever asks.
                context.logger.error("not ready: the journal did not answer a read", metadata: ["error": "\(error)"])
                throw Problem(.serviceUnavailable, "not ready: the journal does not answer (its database is unreachable or unusable)")
            }
            // On a shared database, an instance hears other instances' events and commands for
            // the sessions it drives only once it listens: before, it could miss one.
            guard await listening() else {
                throw Problem(.serviceUnavailable, "not ready: not yet listening for the other instances' live-session messages")
            }
            return Self.status("ready")
        }
    }

    /// `/metrics`, which comes after the access token.
    func registerMetrics(on router: some RouterMethods<AppRequestContext>) {
        router.get("metrics") { request, context in
            switch access {
            case .off:
                throw Problem(.notFound, "metrics are off on this server (--metrics off)")
            case .loopback:
                if let refusal = Self.loopbackRefusal(request, peer: context.remoteAddress) {
                    throw Problem(.forbidden, refusal)
                }
            case .public:
                break
            }
            // The pool's use as it is now (a journal file has no pool).
            if let database = store as? PostgresJournalStore {
                metrics.poolInUse.record(Int64(database.connectionsInUse))
                metrics.poolCapacity.record(Int64(database.connectionCapacity))
            }
            return Response(
                status: .ok, headers: [.contentType: Self.metricsType, .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(bytes: metrics.text())))
        }
    }

    /// Why a request is not this machine's own, for `--metrics loopback`; nil when it is. A
    /// request a proxy passed on (it says so in `Forwarded` or `X-Forwarded-For`) comes from
    /// the proxy's client, wherever the proxy runs.
    static func loopbackRefusal(_ request: Request, peer: String) -> String? {
        let forwarded = [HTTPField.Name.forwarded, .xForwardedFor, .xRealIP].first { request.headers[$0] != nil }
        if let forwarded {
            return "/metrics answers this machine only (--metrics loopback), and this request came through a proxy (\(forwarded))"
        }
        guard isLoopbackPeer(peer) else {
            return
                "/metrics answers this machine only (--metrics loopback), and this request is from address \(peer); start the server with --metrics public to let other machines read it"
        }
        return nil
    }

    /// Whether a peer address is this machine's: 127.0.0.0/8 or ::1, also as an IPv4-mapped
    /// IPv6 address (`::ffff:127.0.0.1`, as a server listening on `::` sees IPv4 clients).
    static func isLoopbackPeer(_ address: String) -> Bool {
        let address = address.lowercased()
        let mapped = "::ffff:"
        let plain = address.hasPrefix(mapped) ? String(address.dropFirst(mapped.count)) : address
        return plain != "localhost" && ServerConfiguration.isLoopbackName(plain)
    }

    private static func status(_ value: String) -> Response {
        Response(
            status: .ok, headers: [.contentType: "application/json", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: "{\"status\":\"\(value)\"}")))
    }
}

/// Who may read `/metrics`: `--metrics loopback` (the default) this machine only, `public`
/// anyone who reaches the server (behind a firewall, for a scraper elsewhere), `off` no one.
public enum MetricsAccess: String, CaseIterable, Sendable {
    case loopback
    case `public`
    case off
}

extension HTTPField.Name {
    static let forwarded = Self("Forwarded")!
    static let xForwardedFor = Self("X-Forwarded-For")!
    static let xRealIP = Self("X-Real-IP")!
}
