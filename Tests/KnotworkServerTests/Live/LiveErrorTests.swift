import Foundation
import Hummingbird
import HummingbirdTesting
import KnotworkJournal
import KnotworkSession
import Testing

@testable import KnotworkServer

/// The hub's domain errors as the API answers them: each one reached by a real request, and its
/// status, field and whole detail checked in the problem+json body.
@Suite("Live session errors mapped to problem+json")
struct LiveErrorTests {
    /// Checks the whole problem body, not a phrase of it: the mapping is the only place it is made.
    func expectExactProblem(
        _ response: TestResponse, _ status: HTTPResponse.Status, field: String? = nil, detail: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        try expectProblem(response, status, field: field, detail: detail, sourceLocation: sourceLocation)
        let problem = try json(response.body)
        #expect(problem["detail"] as? String == detail, sourceLocation: sourceLocation)
        #expect(problem["title"] as? String == status.reasonPhrase, sourceLocation: sourceLocation)
        #expect(problem["type"] as? String == "about:blank", sourceLocation: sourceLocation)
    }

    @Test("unknown session 404; an event after the end, a finish before it, and a second finish 409")
    func mapped() async throws {
        try await withServer(speed: 1) { client, _ in
            let unknown = UUID()
            try await client.execute(uri: "/api/v1/live/\(unknown.uuidString)", method: .get) { response in
                try expectExactProblem(response, .notFound, detail: "live session \(unknown.lowercased) was not found")
            }
            try await client.execute(uri: "/api/v1/live/\(unknown.uuidString)/finish", method: .post, body: try body([String: Any]())) {
                response in
                try expectExactProblem(response, .notFound, detail: "live session \(unknown.lowercased) was not found")
            }

            try await screened(client)
            let id = try await client.execute(uri: "/api/v1/live", method: .post, body: try body(["request": shortRequest])) { response in
                try #require(try json(response.body)["id"] as? String)
            }
            try await client.execute(uri: "/api/v1/live/\(id)/finish", method: .post, body: try body([String: Any]())) { response in
                try expectExactProblem(response, .conflict, detail: "the session is still running; it can be saved once it has finished")
            }
            for event in ["quit", "end"] {
                try await client.execute(uri: "/api/v1/live/\(id)/events", method: .post, body: try body(["event": event])) { response in
                    #expect(response.status == .ok)
                }
            }
            try await client.execute(uri: "/api/v1/live/\(id)/events", method: .post, body: try body(["event": "pause"])) { response in
                try expectExactProblem(
                    response, .conflict, detail: "the session has finished; save it with POST /api/v1/live/\(id.lowercased())/finish")
            }
            try await client.execute(uri: "/api/v1/live/\(id)/finish", method: .post, body: try body([String: Any]())) { response in
                #expect(response.status == .created)
            }
            try await client.execute(uri: "/api/v1/live/\(id)/finish", method: .post, body: try body([String: Any]())) { response in
                try expectExactProblem(
                    response, .conflict, field: "id",
                    detail: "the session was already saved as session \(id.lowercased()); it is in the journal once")
            }
        }
    }

    @Test("finishes at once: each one refused is a 409 naming the session, being saved or saved already")
    func concurrentFinish() async throws {
        try await withServer(speed: 1) { client, _ in
            try await screened(client)
            let id = try await client.execute(uri: "/api/v1/live", method: .post, body: try body(["request": shortRequest])) { response in
                try #require(try json(response.body)["id"] as? String)
            }
            for event in ["quit", "end"] {
                try await client.execute(uri: "/api/v1/live/\(id)/events", method: .post, body: try body(["event": event])) { _ in }
            }
            let refused = try await withThrowingTaskGroup(of: TestResponse?.self) { group in
                for _ in 0..<6 {
                    group.addTask {
                        try await client.execute(uri: "/api/v1/live/\(id)/finish", method: .post, body: try body([String: Any]())) {
                            response in
                            response.status == .created ? nil : response
                        }
                    }
                }
                return try await group.reduce(into: [TestResponse]()) { if let response = $1 { $0.append(response) } }
            }
            #expect(refused.count == 5)
            let details = [
                "the session is being saved by another request as session \(id.lowercased())",
                "the session was already saved as session \(id.lowercased()); it is in the journal once",
            ]
            for response in refused {
                #expect(response.status == .conflict)
                let problem = try json(response.body)
                #expect(problem["field"] as? String == "id")
                #expect(details.contains(problem["detail"] as? String ?? ""), "\(problem)")
            }
            // However the requests fell, the refusal made while saving says the same.
            let saving = LiveError.beingSaved(try #require(UUID(uuidString: id))).problem
            #expect(saving.status == .conflict && saving.field == "id" && saving.detail == details[0])
        }
    }
}
