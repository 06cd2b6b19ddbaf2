import Foundation
import Hummingbird
import HummingbirdTesting
import KnotworkCore
import KnotworkJournal
import KnotworkSession
import Testing

@testable import KnotworkServer

@Suite("The screening and plans over the API")
struct ScreeningRouteTests {
    @Test("POST /api/v1/screening: verdicts, kept in the journal; unknown ids are a 422")
    func screening() async throws {
        try await withServer { client, store in
            var answers = allNo
            answers["rf-trauma"] = true
            try await client.execute(uri: "/api/v1/screening", method: .post, body: try body(["answers": answers])) { response in
                #expect(response.status == .ok)
                let result = try json(response.body)
                #expect(result["verdict"] as? String == "stop")
                #expect((result["care"] as? [String: Any])?["level"] as? String == "same-day")
            }
            #expect(try await store.latestScreening(kind: .full, owner: .local)?.verdict == .stop)
            try await client.execute(uri: "/api/v1/screening", method: .post, body: try body(["answers": ["rf-fevr": true]])) { response in
                try expectProblem(response, .unprocessableContent, field: "answers", detail: "did you mean 'rf-fever'?")
            }
        }
    }

    @Test("POST /api/v1/plans: a plan, or where to get care; bad values name the field")
    func plans() async throws {
        try await withServer { client, _ in
            try await client.execute(uri: "/api/v1/plans", method: .post, body: try body(["regions": ["outer-hip"], "minutes": 8])) {
                response in
                #expect(response.status == .ok)
                let plan = try #require(try json(response.body)["plan"] as? [String: Any])
                #expect(plan["schema"] as? String == "knotwork.plan/1")
                #expect((plan["pressureSeconds"] as? Int ?? 999) <= 600)
            }
            try await client.execute(
                uri: "/api/v1/plans", method: .post, body: try body(["regions": ["buttock"], "answers": ["rf-both-legs": true]])
            ) { response in
                let stop = try #require(try json(response.body)["stop"] as? [String: Any])
                #expect((stop["care"] as? [String: Any])?["level"] as? String == "emergency")
            }
            try await client.execute(uri: "/api/v1/plans", method: .post, body: try body(["regions": ["outer-hp"]])) { response in
                try expectProblem(response, .unprocessableContent, field: "regions", detail: "did you mean 'outer-hip'?")
            }
            try await client.execute(uri: "/api/v1/plans", method: .post, body: try body(["regions": ["outer-hip"], "minutes": 1])) {
                response in
                try expectProblem(response, .unprocessableContent, field: "minutes", detail: "outside 3–120")
            }
            try await client.execute(uri: "/api/v1/plans", method: .post, body: try body(["regions": "outer-hip"])) { response in
                try expectProblem(response, .badRequest, field: "regions", detail: "expected")
            }
            try await client.execute(uri: "/api/v1/plans", method: .post, body: ByteBuffer(string: "{\"regions\": [")) { response in
                try expectProblem(response, .badRequest, detail: "not valid JSON")
            }
            try await client.execute(uri: "/api/v1/plans", method: .post) { response in
                try expectProblem(response, .badRequest, detail: "a JSON body is required")
            }
        }
    }
}
