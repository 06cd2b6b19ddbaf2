import Foundation
import Hummingbird
import HummingbirdTesting
import KnotworkCore
import KnotworkJournal
import KnotworkSession
import Testing

@testable import KnotworkServer

/// A server over a fresh journal file, tested at the router level.
func withServer(
    speed: Double = 1, token: String? = nil, bodyLimit: Int = 256 * 1024,
    _ test: @Sendable (any TestClientProtocol, SQLiteJournalStore) async throws -> Void
) async throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("knotwork-server-\(UUID().uuidString)")
    let store = try SQLiteJournalStore(path: folder.appendingPathComponent("journal.sqlite").path)
    let app = try buildApplication(
        configuration: ServerConfiguration(token: token, bodyLimit: bodyLimit, speed: speed), store: store)
    try await app.test(.router) { client in try await test(JSONClient(client: client), store) }
}

/// A test client that sends its bodies as `application/json`, as every program the API serves
/// does; a test that needs other headers sets them, and they win.
struct JSONClient: TestClientProtocol {
    let client: any TestClientProtocol

    func executeRequest(uri: String, method: HTTPRequest.Method, headers: HTTPFields, body: ByteBuffer?) async throws -> TestResponse {
        var headers = headers
        if method == .post, headers[.contentType] == nil { headers[.contentType] = "application/json" }
        return try await client.executeRequest(uri: uri, method: method, headers: headers, body: body)
    }

    var port: Int? { client.port }
}

func json(_ buffer: ByteBuffer) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(buffer: buffer)) as? [String: Any])
}

func body(_ object: Any) throws -> ByteBuffer {
    ByteBuffer(data: try JSONSerialization.data(withJSONObject: object))
}

/// Checks a problem+json answer: its status, the field at fault and a phrase of its detail.
func expectProblem(
    _ response: TestResponse, _ status: HTTPResponse.Status, field: String? = nil, detail: String,
    sourceLocation: SourceLocation = #_sourceLocation
) throws {
    #expect(response.status == status, sourceLocation: sourceLocation)
    #expect(response.headers[.contentType] == "application/problem+json", sourceLocation: sourceLocation)
    let problem = try json(response.body)
    #expect(problem["status"] as? Int == Int(status.code), sourceLocation: sourceLocation)
    #expect(problem["field"] as? String == field, sourceLocation: sourceLocation)
    #expect((problem["detail"] as? String ?? "").contains(detail), "\(problem)", sourceLocation: sourceLocation)
}

let allNo: [String: Bool] = Dictionary(uniqueKeysWithValues: try! Catalog.bundled().screening.questionIDs.map { ($0, false) })

extension ServerTime {
    /// The machine's clock and zone, as the server uses them when nothing else is configured.
    static let machine = ServerTime(now: { Date() }, timeZone: .current)
}
