import Foundation
import Hummingbird
import HummingbirdTesting
import KnotworkCore
import KnotworkJournal
import Testing

@testable import KnotworkServer

/// The safety rules that shape a plan: a plan from anywhere checked in full, precautions, the
/// rest after deep pressure, and every stop signal.
extension SafetyTests {
    @Test("a plan given to /live is checked in full, naming the rule, and planned again under the answers in force")
    func foreignPlans() async throws {
        try await withServer(speed: 2000) { client, _ in
            let made = try await client.execute(
                uri: "/api/v1/plans", method: .post,
                body: try body(["regions": ["back-of-thigh"], "side": "left", "tools": ["lacrosse-ball"], "minutes": 20, "answers": allNo])
            ) { try #require(try json($0.body)["plan"] as? [String: Any]) }
            let steps = try #require(made["steps"] as? [[String: Any]])
            let hold = try #require(
                steps.first { $0["muscle"] as? String == "piriformis" && $0["technique"] as? String == "sustained-pressure" })
            var back = Array(steps.prefix(2))
            for _ in 0..<10 { back.append(hold) }
            back.append(steps.last!)
            back = back.enumerated().map {
                var step = $1
                step["number"] = $0 + 1
                step["seconds"] = step["technique"] as? String == "sustained-pressure" ? 60 : step["seconds"]
                return step
            }
            var tenHolds = made
            tenHolds["steps"] = back
            try await screened(client)
            let refused = try await startLive(client, ["plan": tenHolds])
            try expectProblem(refused, .unprocessableContent, field: "plan", detail: "step 4 breaks rule 'continuous-pressure'")
            #expect(try json(refused.body)["rule"] as? String == "continuous-pressure")

            // Made without precautions, started under blood thinners: planned again without a ball.
            var thinners = allNo
            thinners["pc-bleeding-risk"] = true
            try await screened(client, answers: thinners)
            let buttock = try await client.execute(
                uri: "/api/v1/plans", method: .post,
                body: try body(["regions": ["buttock"], "side": "left", "tools": ["foam-roller", "lacrosse-ball"], "answers": allNo])
            ) { try #require(try json($0.body)["plan"] as? [String: Any]) }
            #expect((buttock["steps"] as? [[String: Any]] ?? []).contains { $0["tool"] as? String == "lacrosse-ball" })
            let started = try await startLive(client, ["plan": buttock])
            #expect(started.status == .created)
            let plan = try #require(try json(started.body)["plan"] as? [String: Any])
            #expect(!(plan["steps"] as? [[String: Any]] ?? []).contains { $0["tool"] as? String == "lacrosse-ball" })
        }
    }

    @Test("recent surgery: no pressure plan, the reason and what is still fine")
    func recentSurgery() async throws {
        try await withServer { client, _ in
            try await client.execute(
                uri: "/api/v1/plans", method: .post, body: try body(["regions": ["buttock"], "answers": ["pc-recent-surgery": true]])
            ) { response in
                #expect(response.status == .ok)
                let answer = try json(response.body)
                #expect(answer["plan"] == nil)
                let withheld = try #require(answer["withheld"] as? [[String: Any]])
                #expect(withheld.first?["id"] as? String == "pc-recent-surgery")
                #expect((withheld.first?["stillAllowed"] as? String)?.contains("walking") == true)
            }
        }
    }

    @Test("a plan without a complete screening says it is not screened")
    func unscreenedPlan() async throws {
        try await withServer { client, _ in
            try await client.execute(uri: "/api/v1/plans", method: .post, body: try body(["regions": ["buttock"]])) { response in
                let answer = try json(response.body)
                #expect(answer["screened"] as? Bool == false)
                #expect((answer["notice"] as? String)?.contains("Not screened") == true)
            }
            try await client.execute(uri: "/api/v1/plans", method: .post, body: try body(["regions": ["buttock"], "answers": allNo])) {
                response in
                let answer = try json(response.body)
                #expect(answer["screened"] as? Bool == true)
                #expect(answer["notice"] == nil)
            }
        }
    }

    @Test("a session the day after deep pressure gets rolling only on that muscle, and says why")
    func restBetween() async throws {
        try await withServer(speed: 5000) { client, store in
            let deep: [String: Any] = ["regions": ["tailbone"], "tools": ["lacrosse-ball"], "side": "left", "minutes": 3]
            try await screened(client)
            let id = try await client.execute(uri: "/api/v1/live", method: .post, body: try body(["request": deep])) { response in
                #expect(response.status == .created)
                return try #require(try json(response.body)["id"] as? String)
            }
            for _ in 0..<200 {
                let phase = try await client.execute(uri: "/api/v1/live/\(id)", method: .get) { try json($0.body)["phase"] as? String }
                if phase == "finished" { break }
                try await Task.sleep(for: .milliseconds(10))
            }
            try await client.execute(uri: "/api/v1/live/\(id)/finish", method: .post, body: try body([:] as [String: Any])) {
                #expect($0.status == .created)
            }
            try await client.execute(
                uri: "/api/v1/plans", method: .post,
                body: try body([
                    "regions": ["tailbone"], "tools": ["foam-roller", "lacrosse-ball"], "side": "left", "minutes": 5, "answers": allNo,
                ])
            ) { response in
                let plan = try #require(try json(response.body)["plan"] as? [String: Any])
                let steps = try #require(plan["steps"] as? [[String: Any]])
                #expect(!steps.contains { $0["technique"] as? String == "sustained-pressure" })
                let muscles = try #require(plan["muscles"] as? [[String: Any]])
                #expect((muscles.first?["reason"] as? String)?.contains("deep pressure in the last 24 hours") == true)
            }
            #expect(try await store.sessions(SessionQuery(), owner: .local).count == 1)
        }
    }

    @Test("every stop signal can be sent, while paused too; an unknown one names the valid ones")
    func stopSignals() async throws {
        try await withServer(speed: 1) { client, _ in
            try await screened(client)
            let id = try await client.execute(uri: "/api/v1/live", method: .post, body: try body(["request": shortRequest])) {
                try #require(try json($0.body)["id"] as? String)
            }
            try await client.execute(uri: "/api/v1/live/\(id)/events", method: .post, body: try body(["event": "pause"])) {
                #expect($0.status == .ok)
            }
            try await client.execute(
                uri: "/api/v1/live/\(id)/events", method: .post, body: try body(["event": "stop", "signal": "ss-dizzi"])
            ) { response in
                try expectProblem(response, .unprocessableContent, field: "signal", detail: "did you mean 'ss-dizzy'?")
            }
            try await client.execute(uri: "/api/v1/live/\(id)/events", method: .post, body: try body(["event": "stop"])) { response in
                try expectProblem(response, .unprocessableContent, field: "signal", detail: "ss-sharp, ss-shooting")
            }
            try await client.execute(
                uri: "/api/v1/live/\(id)/events", method: .post, body: try body(["event": "stop", "signal": "ss-dizzy"])
            ) { response in
                let live = try json(response.body)
                #expect(live["phase"] as? String == "safety-stop")
                let cue = try #require(live["lastCue"] as? [String: Any])
                #expect(cue["safety"] as? Bool == true)
                #expect((cue["text"] as? String)?.contains("lie on your side") == true)
            }
        }
    }
}
