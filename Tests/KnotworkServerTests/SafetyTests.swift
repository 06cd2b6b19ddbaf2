import Foundation
import Hummingbird
import HummingbirdTesting
import KnotworkCore
import KnotworkJournal
import Testing

@testable import KnotworkServer

/// The safety rules over the API: no session without a complete screening, a stop that stands,
/// answers that count for one session, plans from anywhere checked in full.
@Suite("Safety over the API")
struct SafetyTests {
    let checkInNo: [String: Bool] = Dictionary(
        uniqueKeysWithValues: try! Catalog.bundled().screening.checkInQuestions.map { ($0, false) })

    func clearance(_ client: some TestClientProtocol) async throws -> [String: Any] {
        try await client.execute(uri: "/api/v1/screening", method: .get) { response in
            #expect(response.status == .ok)
            #expect(response.headers[.cacheControl] == "no-store")
            return try json(response.body)
        }
    }

    func startLive(_ client: some TestClientProtocol, _ payload: [String: Any] = ["request": shortRequest]) async throws -> TestResponse {
        try await client.execute(uri: "/api/v1/live", method: .post, body: try body(payload)) { $0 }
    }

    @Test("no session without a screening; an empty screening is refused and does not count")
    func noSessionUnscreened() async throws {
        try await withServer { client, store in
            #expect(try await clearance(client)["status"] as? String == "screening")
            let refused = try await startLive(client)
            try expectProblem(refused, .conflict, field: "screening", detail: "no session without a complete screening")
            #expect((try json(refused.body)["clearance"] as? [String: Any])?["status"] as? String == "screening")

            try await client.execute(uri: "/api/v1/screening", method: .post, body: try body(["answers": [:] as [String: Bool]])) {
                response in
                try expectProblem(response, .unprocessableContent, field: "answers", detail: "unanswered is not no")
            }
            try await client.execute(uri: "/api/v1/screening", method: .post, body: try body(["answers": ["rf-fever": false]])) {
                response in
                try expectProblem(response, .unprocessableContent, field: "answers", detail: "unanswered is not no")
            }
            #expect(try await store.latestScreening(kind: .full, owner: .local) == nil)
            #expect(try await startLive(client).status == .conflict)
        }
    }

    @Test("answers count for one session: the next one asks the check-in first")
    func checkInBeforeEverySession() async throws {
        try await withServer(speed: 2000) { client, _ in
            try await screened(client)
            #expect(try await clearance(client)["status"] as? String == "clear")
            #expect(try await startLive(client).status == .created)
            let next = try await clearance(client)
            #expect(next["status"] as? String == "check-in")
            #expect(next["questions"] as? [String] == (try Catalog.bundled()).screening.checkInQuestions)
            try expectProblem(try await startLive(client), .conflict, field: "screening", detail: "since last time")

            try await client.execute(uri: "/api/v1/screening", method: .post, body: try body(["answers": checkInNo, "kind": "check-in"])) {
                response in
                #expect(response.status == .ok)
                let answer = try json(response.body)
                #expect((answer["clearance"] as? [String: Any])?["status"] as? String == "clear")
            }
            #expect(try await startLive(client).status == .created)
            #expect(try await startLive(client).status == .conflict)
        }
    }

    @Test("a red flag stops every way to a session until a new full screening replaces it")
    func stopStands() async throws {
        try await withServer(speed: 2000) { client, _ in
            var cancer = allNo
            cancer["rf-cancer-history"] = true
            try await screened(client, answers: cancer)
            #expect(try await clearance(client)["status"] as? String == "stop")
            let refused = try await startLive(client)
            try expectProblem(refused, .unprocessableContent, field: "screening", detail: "no session without a complete screening")
            // A plan made elsewhere with clean answers changes nothing.
            let plan = try await client.execute(
                uri: "/api/v1/plans", method: .post, body: try body(["regions": ["buttock"], "answers": allNo])
            ) {
                try #require(try json($0.body)["plan"])
            }
            #expect(try await startLive(client, ["plan": plan]).status == .unprocessableContent)
            // Nor does a check-in.
            try await client.execute(uri: "/api/v1/screening", method: .post, body: try body(["answers": checkInNo, "kind": "check-in"])) {
                response in
                try expectProblem(response, .conflict, field: "kind", detail: "cannot replace the full screening")
            }
            #expect(try await clearance(client)["status"] as? String == "stop")
            // A new full screening does.
            try await screened(client)
            #expect(try await startLive(client).status == .created)
        }
    }

    @Test("a check-in with a yes, or a combination, stops")
    func checkInYes() async throws {
        try await withServer(speed: 2000) { client, _ in
            try await screened(client)
            #expect(try await startLive(client).status == .created)
            var fever = checkInNo
            fever["rf-fever"] = true
            try await client.execute(uri: "/api/v1/screening", method: .post, body: try body(["answers": fever, "kind": "check-in"])) {
                response in
                let result = try json(response.body)
                #expect(result["verdict"] as? String == "stop")
                #expect((result["care"] as? [String: Any])?["level"] as? String == "same-day")
            }
            #expect(try await startLive(client).status == .unprocessableContent)

            var combined = allNo
            combined["rf-cancer-history"] = true
            combined["sg-leg-nerve"] = true
            try await client.execute(uri: "/api/v1/screening", method: .post, body: try body(["answers": combined])) { response in
                let result = try json(response.body)
                #expect((result["care"] as? [String: Any])?["level"] as? String == "emergency")
                #expect((result["escalations"] as? [[String: Any]])?.first?["id"] as? String == "red-flag-with-nerve-sign")
            }
        }
    }

    @Test("two starts at once on one screening: one session, one 409")
    func doubleSubmit() async throws {
        try await withServer(speed: 2000) { client, store in
            try await screened(client)
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for _ in 0..<2 {
                    group.addTask { try await startLive(client).status }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.sorted { $0.code < $1.code } == [.created, .conflict])
            #expect(try await store.latestLiveSession(owner: .local) != nil)
        }
    }

    @Test(
        "a session or a rating sent twice with its id, one after the other or at once, is kept once; other content under that id is a 409")
    func resentRecordsAreKeptOnce() async throws {
        try await withServer { client, store in
            let id = UUID().uuidString.lowercased()
            let session: [String: Any] = ["id": id, "painBefore": 6, "painAfter": 3, "regions": ["outer-hip"], "note": "after the run"]
            let payload = try body(session)
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for _ in 0..<4 {
                    group.addTask {
                        try await client.execute(uri: "/api/v1/sessions", method: .post, body: payload) { $0.status }
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == .created }.count == 1 && statuses.filter { $0 == .ok }.count == 3, "\(statuses)")
            #expect(try await store.sessions(SessionQuery(), owner: .local).count == 1)
            // Again later, without a time: still the one kept, with its first time.
            let uuid = try #require(UUID(uuidString: id))
            let kept = try #require(try await store.session(id: uuid, owner: .local))
            try await client.execute(uri: "/api/v1/sessions", method: .post, body: try body(session)) { response in
                #expect(response.status == .ok)
                let started = try json(response.body)["startedAt"] as? String
                #expect(started == Timestamp.utc(kept.startedAt))
            }
            var changed = session
            changed["painAfter"] = 2
            try await client.execute(uri: "/api/v1/sessions", method: .post, body: try body(changed)) { response in
                try expectProblem(response, .conflict, field: "id", detail: "id \(id) is already used by a session with other content")
            }
            #expect(try await store.sessions(SessionQuery(), owner: .local).count == 1)

            let rating: [String: Any] = ["id": id, "pain": 4, "at": "2026-01-02T03:04:05Z"]
            for expected in [HTTPResponse.Status.created, .ok] {
                let status = try await client.execute(uri: "/api/v1/pain-ratings", method: .post, body: try body(rating)) { $0.status }
                #expect(status == expected)
            }
            var later = rating
            later["at"] = "2026-01-02T03:04:06Z"
            try await client.execute(uri: "/api/v1/pain-ratings", method: .post, body: try body(later)) { response in
                try expectProblem(response, .conflict, field: "id", detail: "already used by a pain rating")
            }
            #expect(try await store.painRatings(from: nil, to: nil, owner: .local).count == 1)
            try await client.execute(
                uri: "/api/v1/sessions", method: .post, body: try body(["id": "not-a-uuid", "painBefore": 1, "painAfter": 1])
            ) { response in
                #expect(response.status == .badRequest || response.status == .unprocessableContent)
            }
        }
    }
}
