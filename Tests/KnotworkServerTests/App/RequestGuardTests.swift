import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KnotworkCore
import KnotworkJournal
import Testing

@testable import KnotworkServer

/// Another web page, or a rebinding DNS name, cannot read or change the journal on the loopback
/// server; programs without a browser (curl) still can.
@Suite("Requests from other pages and names")
struct RequestGuardTests {
    /// Sends one request over a real connection with the `Host` given.
    func send(
        port: Int, host: String, _ path: String, method: HTTPRequest.Method = .get, headers: HTTPFields = [:], body: String? = nil
    ) async throws -> TestClient.Response {
        let client = TestClient(host: "127.0.0.1", port: port)
        client.connect()
        defer { Task { try? await client.shutdown() } }
        return try await client.execute(
            TestClient.Request(path, method: method, authority: host, headers: headers, body: body.map { ByteBuffer(string: $0) }))
    }

    func withLiveServer(
        _ configuration: ServerConfiguration = ServerConfiguration(port: 0),
        _ test: @Sendable (Int, SQLiteJournalStore) async throws -> Void
    ) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("knotwork-guard-\(UUID().uuidString)")
        let store = try SQLiteJournalStore(path: folder.appendingPathComponent("journal.sqlite").path)
        let app = try buildApplication(configuration: configuration, store: store)
        try await app.test(.live) { client in try await test(try #require(client.port), store) }
    }

    static let json: HTTPFields = [.contentType: "application/json"]
    static let screening = String(
        decoding: try! JSONSerialization.data(withJSONObject: ["answers": allNo]), as: UTF8.self)

    @Test("a foreign Host (DNS rebinding) gets 421 and nothing of the journal; loopback names are served")
    func rebinding() async throws {
        try await withLiveServer { port, _ in
            let foreign = try await send(port: port, host: "evil.example:\(port)", "/api/v1/exports/csv")
            #expect(foreign.status == .misdirectedRequest)
            #expect(!String(buffer: foreign.body ?? ByteBuffer()).contains("id,started_at"))
            #expect(foreign.headers[.contentSecurityPolicy] != nil, "errors carry the security headers too")
            for host in ["127.0.0.1:\(port)", "localhost:\(port)", "[::1]:\(port)", "127.0.0.2:\(port)"] {
                #expect(try await send(port: port, host: host, "/api/v1/exports/csv").status == .ok, "\(host)")
            }
            #expect(try await send(port: port, host: "127.0.0.1.evil:\(port)", "/api/v1/catalog").status == .misdirectedRequest)
        }
    }

    @Test("--public-url adds a name the server answers as")
    func publicName() async throws {
        try await withLiveServer(ServerConfiguration(port: 0, publicHosts: ["knotwork.home"])) { port, _ in
            let named = try await send(port: port, host: "knotwork.home:\(port)", "/api/v1/catalog")
            #expect(named.status == .ok)
            let other = try await send(port: port, host: "other.home:\(port)", "/api/v1/catalog")
            #expect(other.status == .misdirectedRequest)
        }
    }

    @Test("a cross-site POST, as a form or text/plain, changes nothing")
    func crossSite() async throws {
        try await withLiveServer { port, store in
            let host = "127.0.0.1:\(port)"
            let plain = try await send(
                port: port, host: host, "/api/v1/screening", method: .post,
                headers: [.contentType: "text/plain", .origin: "https://evil.example"],
                body: Self.screening)
            #expect(plain.status == .forbidden)
            let form = try await send(
                port: port, host: host, "/api/v1/screening", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: "answers=1")
            #expect(form.status == .unsupportedMediaType)
            var site = Self.json
            site[.secFetchSite] = "cross-site"
            #expect(
                try await send(port: port, host: host, "/api/v1/screening", method: .post, headers: site, body: Self.screening).status
                    == .forbidden)
            var otherPort = Self.json
            otherPort[.origin] = "http://127.0.0.1:\(port + 1)"
            #expect(
                try await send(port: port, host: host, "/api/v1/screening", method: .post, headers: otherPort, body: Self.screening).status
                    == .forbidden)
            #expect(try await store.latestScreening(kind: .full, owner: .local) == nil, "nothing was recorded")

            // The app's own page, and curl with no Origin at all, still work.
            var same = Self.json
            same[.origin] = "http://\(host)"
            same[.secFetchSite] = "same-origin"
            #expect(
                try await send(port: port, host: host, "/api/v1/screening", method: .post, headers: same, body: Self.screening).status
                    == .ok)
            #expect(
                try await send(port: port, host: host, "/api/v1/screening", method: .post, headers: Self.json, body: Self.screening).status
                    == .ok)
            let clearance = try await send(port: port, host: host, "/api/v1/screening")
            #expect(clearance.headers[.cacheControl] == "no-store")
        }
    }

    @Test("the loopback test parses the address; tokens compare as bytes and must fit a cookie")
    func tokenMode() throws {
        #expect(ServerConfiguration(host: "127.0.0.1").isLoopback)
        #expect(ServerConfiguration(host: "127.3.4.5").isLoopback)
        #expect(ServerConfiguration(host: "::1").isLoopback)
        #expect(!ServerConfiguration(host: "127.0.0.1.evil").isLoopback)
        #expect(!ServerConfiguration(host: "1270.0.0.1").isLoopback)
        #expect(!ServerConfiguration(host: "0.0.0.0").isLoopback)
        #expect(TokenMiddleware<BasicRequestContext>.same("café", "café"))
        #expect(!TokenMiddleware<BasicRequestContext>.same("cafe\u{301}", "café"))
        #expect(!TokenMiddleware<BasicRequestContext>.same("abc", "abcd"))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("knotwork-token-\(UUID().uuidString)")
        let store = try SQLiteJournalStore(path: folder.appendingPathComponent("journal.sqlite").path)
        #expect(throws: ServerConfigurationError.self) {
            _ = try buildApplication(configuration: ServerConfiguration(host: "0.0.0.0", token: "a b;c"), store: store)
        }
    }
}
