import Foundation
import Hummingbird
import HummingbirdTesting
import KnotworkCore
import KnotworkJournal
import KnotworkSession
import Testing

@testable import KnotworkServer

@Suite("Body limits and the access token")
struct MiddlewareTests {
    @Test("bodies over the limit get 413; unknown paths 404; all as problem+json")
    func limits() async throws {
        try await withServer(bodyLimit: 1000) { client, _ in
            let big = ByteBuffer(string: "{\"regions\": [\"" + String(repeating: "a", count: 2000) + "\"]}")
            try await client.execute(uri: "/api/v1/plans", method: .post, body: big) { response in
                try expectProblem(response, .contentTooLarge, detail: "at most 1000")
            }
            try await client.execute(uri: "/api/v1/nothing", method: .get) { response in
                #expect(response.status == .notFound)
            }
        }
    }

    @Test("with a token, requests without it get 401; the header, the query or the cookie let them in")
    func token() async throws {
        try await withServer(token: "s3cret") { client, _ in
            try await client.execute(uri: "/api/v1/catalog", method: .get) { response in
                try expectProblem(response, .unauthorized, detail: "access token")
            }
            try await client.execute(uri: "/api/v1/catalog", method: .get, headers: [.authorization: "Bearer s3cret"]) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/api/v1/catalog?token=s3cret", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.setCookie]?.hasPrefix("knotwork_token=s3cret") == true)
            }
            try await client.execute(uri: "/api/v1/catalog", method: .get, headers: [.cookie: "knotwork_token=s3cret"]) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/api/v1/catalog", method: .get, headers: [.authorization: "Bearer wrong"]) { response in
                #expect(response.status == .unauthorized)
            }
        }
    }

    @Test("a non-loopback address without a token is refused")
    func nonLoopback() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("knotwork-server-\(UUID().uuidString)")
        let store = try SQLiteJournalStore(path: folder.appendingPathComponent("j.sqlite").path)
        #expect(throws: ServerConfigurationError.self) {
            _ = try buildApplication(configuration: ServerConfiguration(host: "0.0.0.0"), store: store)
        }
    }
}
