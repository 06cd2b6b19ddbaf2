import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KnotworkJournal
import Testing

@testable import KnotworkServer

/// A server over a fresh journal file with these metrics rules, tested at the router level or
/// on a real socket (`.live`, from 127.0.0.1).
func withOperationsServer(
    _ testing: TestingSetup = .router, metrics: MetricsAccess = .public, token: String? = nil,
    _ test: @Sendable (any TestClientProtocol, SQLiteJournalStore) async throws -> Void
) async throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("knotwork-ops-\(UUID().uuidString)")
    let store = try SQLiteJournalStore(path: folder.appendingPathComponent("journal.sqlite").path)
    let app = try buildApplication(configuration: ServerConfiguration(port: 0, token: token, metrics: metrics), store: store)
    try await app.test(testing) { client in try await test(JSONClient(client: client), store) }
}

/// The lines of a Prometheus text answer that are samples of this metric (not its comments).
func samples(_ text: String, of name: String) -> [String] {
    text.split(separator: "\n").map(String.init).filter { $0.hasPrefix(name + "{") || $0.hasPrefix(name + " ") }
}

@Suite("Operating the server: /health, /ready and /metrics")
struct OperationsRoutesTests {
    @Test("/health and /ready answer 200 with their status, without a sign-in, on a server with accounts too")
    func probes() async throws {
        for accounts in [false, true] {
            let check: @Sendable (any TestClientProtocol, SQLiteJournalStore) async throws -> Void = { client, _ in
                try await client.execute(uri: "/health", method: .get) { response in
                    #expect(response.status == .ok)
                    #expect(response.headers[.contentType] == "application/json")
                    let object = try json(response.body)
                    #expect(object.count == 1 && object["status"] as? String == "up", "\(object)")
                }
                try await client.execute(uri: "/ready", method: .get) { response in
                    #expect(response.status == .ok)
                    let object = try json(response.body)
                    #expect(object.count == 1 && object["status"] as? String == "ready", "\(object)")
                }
                // What a person's request needs is still needed: the probes opened no other door.
                if accounts {
                    try await client.execute(uri: "/api/v1/sessions", method: .get) { response in
                        #expect(response.status == .unauthorized)
                    }
                }
            }
            if accounts { try await withAccountsServer(check) } else { try await withServer(check) }
        }
    }

    @Test("/health and /ready need no access token; /metrics does, like the API")
    func tokenServer() async throws {
        try await withOperationsServer(token: "s3cret") { client, _ in
            for uri in ["/health", "/ready"] {
                try await client.execute(uri: uri, method: .get) { response in #expect(response.status == .ok, "\(uri)") }
            }
            try await client.execute(uri: "/metrics", method: .get) { response in
                try expectProblem(response, .unauthorized, detail: "access token")
            }
            try await client.execute(uri: "/metrics", method: .get, headers: [.authorization: "Bearer s3cret"]) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test("the probes still keep the Host rule: a rebinding name gets 421")
    func probesKeepTheHostRule() async throws {
        try await withOperationsServer(.live, metrics: .loopback) { client, _ in
            let port = try #require(client.port)
            for uri in ["/health", "/ready", "/metrics"] {
                let raw = TestClient(host: "127.0.0.1", port: port)
                raw.connect()
                let response = try await raw.execute(TestClient.Request(uri, method: .get, authority: "evil.example:\(port)"))
                try? await raw.shutdown()
                #expect(response.status == .misdirectedRequest, "\(uri)")
                #expect(!String(buffer: response.body ?? ByteBuffer()).contains("knotwork_"), "\(uri)")
            }
            try await client.execute(uri: "/health", method: .post) { response in
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers[.allow] == "GET, HEAD")
            }
        }
    }

    @Test("/ready is 503 naming the journal when the journal does not answer a read, and /health still 200")
    func notReady() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("knotwork-ready-\(UUID().uuidString).sqlite").path
        let queue = try DatabaseQueue(path: path)
        // Nothing remembered: every mark is read from the database, as a probe needs.
        let store = try SQLiteJournalStore(writer: queue, markLifetime: .zero)
        let app = try buildApplication(configuration: ServerConfiguration(), store: store)
        try await app.test(.router) { client in
            try await client.execute(uri: "/ready", method: .get) { response in #expect(response.status == .ok) }
            // The journal stops answering the probe's read, as a damaged or foreign database does.
            try await queue.write { db in try db.execute(sql: "DROP TABLE sessionsMark") }
            try await client.execute(uri: "/ready", method: .get) { response in
                try expectProblem(response, .serviceUnavailable, detail: "the journal does not answer")
                // The cause is for the log, not for whoever asks.
                #expect(!String(buffer: response.body).contains("sessionsMark"))
            }
            try await client.execute(uri: "/health", method: .get) { response in #expect(response.status == .ok) }
        }
    }

    @Test("/metrics counts requests by route pattern and status, times them, and never names an id")
    func requestMetrics() async throws {
        try await withOperationsServer { client, _ in
            try await screened(client)
            let id = try await client.execute(uri: "/api/v1/live", method: .post, body: try body(["request": shortRequest])) { response in
                #expect(response.status == .created)
                return try #require(try json(response.body)["id"] as? String)
            }
            for _ in 0..<2 {
                try await client.execute(uri: "/api/v1/live/\(id)", method: .get) { response in #expect(response.status == .ok) }
            }
            let unknown = UUID().uuidString.lowercased()
            try await client.execute(uri: "/api/v1/live/\(unknown)", method: .get) { response in #expect(response.status == .notFound) }
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("text/plain; version=0.0.4") == true)
                let text = String(buffer: response.body)
                let requests = samples(text, of: ServerMetrics.requestsName)
                let live = #"route="/api/v1/live/{id}""#
                #expect(
                    requests.contains {
                        $0.contains(live) && $0.contains(#"method="GET""#) && $0.contains(#"status="200""#) && $0.hasSuffix(" 2")
                    }, "\(requests)")
                #expect(requests.contains { $0.contains(live) && $0.contains(#"status="404""#) && $0.hasSuffix(" 1") }, "\(requests)")
                #expect(
                    requests.contains {
                        $0.contains(#"route="/api/v1/live""#) && $0.contains(#"method="POST""#) && $0.contains(#"status="201""#)
                    })
                let durations = samples(text, of: ServerMetrics.durationName + "_count")
                #expect(durations.contains { $0.contains(live) && $0.contains(#"method="GET""#) && $0.hasSuffix(" 3") }, "\(durations)")
                #expect(!samples(text, of: ServerMetrics.durationName + "_bucket").isEmpty)
                #expect(!text.lowercased().contains(id.lowercased()) && !text.contains(unknown), "no series names a session's id")
            }
        }
    }

    @Test("the live-sessions gauge counts the sessions this instance drives")
    func liveSessionsGauge() async throws {
        try await withOperationsServer { client, _ in
            let gauge = { () async throws -> [String] in
                try await client.execute(uri: "/metrics", method: .get) { response in
                    samples(String(buffer: response.body), of: ServerMetrics.liveSessionsName)
                }
            }
            #expect(try await gauge() == ["\(ServerMetrics.liveSessionsName) 0.0"])
            try await screened(client)
            try await client.execute(uri: "/api/v1/live", method: .post, body: try body(["request": shortRequest])) { response in
                #expect(response.status == .created)
            }
            #expect(try await gauge() == ["\(ServerMetrics.liveSessionsName) 1.0"])
        }
    }

    @Test("/metrics with --metrics loopback: answered on loopback, refused from elsewhere or through a proxy; off: 404")
    func metricsAccess() async throws {
        // A router test has no peer address: not this machine's.
        try await withOperationsServer(metrics: .loopback) { client, _ in
            try await client.execute(uri: "/metrics", method: .get) { response in
                try expectProblem(response, .forbidden, detail: "answers this machine only (--metrics loopback)")
                #expect(!String(buffer: response.body).contains("knotwork_"))
            }
        }
        try await withOperationsServer(.live, metrics: .loopback) { client, _ in
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains(ServerMetrics.liveSessionsName))
            }
            try await client.execute(uri: "/metrics", method: .get, headers: [HTTPField.Name("X-Forwarded-For")!: "203.0.113.9"]) {
                response in
                try expectProblem(response, .forbidden, detail: "came through a proxy")
            }
        }
        try await withOperationsServer(.live, metrics: .off) { client, _ in
            try await client.execute(uri: "/metrics", method: .get) { response in
                try expectProblem(response, .notFound, detail: "metrics are off")
            }
        }
    }

    @Test("a loopback peer is 127.0.0.0/8 or ::1, also IPv4-mapped; nothing else is")
    func loopbackPeers() {
        for address in ["127.0.0.1", "127.3.2.1", "::1", "::ffff:127.0.0.1"] {
            #expect(OperationsRoutes.isLoopbackPeer(address), "\(address)")
        }
        for address in ["10.0.0.1", "::ffff:10.0.0.1", "192.168.1.2", "fe80::1", "unknown", "localhost", "", "127.0.0.1.evil"] {
            #expect(!OperationsRoutes.isLoopbackPeer(address), "\(address)")
        }
    }
}
