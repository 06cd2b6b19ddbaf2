import Foundation
import Hummingbird
import HummingbirdTesting
import KnotworkCore
import KnotworkJournal
import Testing

@testable import KnotworkServer

nonisolated(unsafe) let shortRequest: [String: Any] = ["regions": ["tailbone"], "tools": ["foam-roller"], "side": "left", "minutes": 3]

/// Answers every screening question no, as a person does before a session: answers count for
/// one session.
func screened(_ client: some TestClientProtocol, answers: [String: Bool] = allNo) async throws {
    try await client.execute(uri: "/api/v1/screening", method: .post, body: try body(["answers": answers])) { response in
        #expect(response.status == .ok)
    }
}

/// Parses a Server-Sent Events body into (id, event, data) triples.
func parseEvents(_ text: String) -> [(id: Int, name: String, data: [String: Any])] {
    text.components(separatedBy: "\n\n").compactMap { block in
        var id = 0
        var name = ""
        var data = ""
        for line in block.split(separator: "\n") {
            if line.hasPrefix("id: ") { id = Int(line.dropFirst(4)) ?? 0 }
            if line.hasPrefix("event: ") { name = String(line.dropFirst(7)) }
            if line.hasPrefix("data: ") { data = String(line.dropFirst(6)) }
        }
        guard !name.isEmpty, let object = try? JSONSerialization.jsonObject(with: Data(data.utf8)) as? [String: Any] else { return nil }
        return (id, name, object)
    }
}

@Suite("Live sessions over the API")
struct LiveRouteTests {
    @Test("a live session runs on the server's engine, streams its cues and state, and is saved when it ends")
    func wholeSession() async throws {
        try await withServer(speed: 2000) { client, store in
            try await screened(client)
            let id = try await client.execute(
                uri: "/api/v1/live", method: .post, body: try body(["request": shortRequest, "painBefore": 5])
            ) { response in
                #expect(response.status == .created)
                let live = try json(response.body)
                #expect(live["phase"] as? String == "running")
                return try #require(live["id"] as? String)
            }
            // At 2000x the 3-minute plan ends at once; the stream replays it and closes.
            var text = ""
            for _ in 0..<50 {
                text = try await client.execute(uri: "/api/v1/live/\(id)/stream?lastEventId=0", method: .get) { response in
                    #expect(response.headers[.contentType] == "text/event-stream")
                    return String(buffer: response.body)
                }
                if text.contains("session-end") { break }
                try await Task.sleep(for: .milliseconds(20))
            }
            let stream = parseEvents(text)
            #expect(stream.first?.name == "cue")
            #expect(stream.contains { $0.name == "cue" && ($0.data["kind"] as? String) == "session-end" })
            #expect(stream.last?.name == "state")
            #expect(stream.last?.data["phase"] as? String == "finished")
            #expect(stream.map(\.id) == stream.map(\.id).sorted())

            try await client.execute(uri: "/api/v1/live/\(id)/events", method: .post, body: try body(["event": "pause"])) { response in
                try expectProblem(response, .conflict, detail: "has finished")
            }
            try await client.execute(uri: "/api/v1/live/\(id)/finish", method: .post, body: try body(["painAfter": 2])) { response in
                #expect(response.status == .created)
                let session = try json(response.body)
                #expect(session["source"] as? String == "coach")
                #expect(session["painBefore"] as? Int == 5 && session["painAfter"] as? Int == 2)
            }
            #expect(try await store.sessions(SessionQuery(), owner: .local).count == 1)
            try await client.execute(uri: "/api/v1/live/\(id)", method: .get) { response in
                #expect(response.status == .notFound)
            }
        }
    }

    @Test("many sessions share the server's one timer: each runs to its end with its cues in order, and its checkpoint follows")
    func manySessions() async throws {
        try await withServer(speed: 2000) { client, store in
            var ids: [String] = []
            for _ in 0..<20 {
                try await screened(client)
                ids.append(
                    try await client.execute(uri: "/api/v1/live", method: .post, body: try body(["request": shortRequest])) { response in
                        try #require(try json(response.body)["id"] as? String)
                    })
            }
            for id in ids {
                var events: [(id: Int, name: String, data: [String: Any])] = []
                for _ in 0..<100 {
                    events = parseEvents(
                        try await client.execute(uri: "/api/v1/live/\(id)/stream?lastEventId=0", method: .get) { String(buffer: $0.body) })
                    if events.last?.data["phase"] as? String == "finished" { break }
                    try await Task.sleep(for: .milliseconds(20))
                }
                let cues = events.filter { $0.name == "cue" }
                #expect(cues.first?.data["kind"] as? String == "step", "session \(id)")
                #expect(cues.last?.data["kind"] as? String == "session-end", "session \(id)")
                let times = cues.compactMap { $0.data["at"] as? Double }
                #expect(times.count == cues.count && times == times.sorted(), "session \(id)")
                #expect(events.last?.data["phase"] as? String == "finished", "session \(id)")
            }
            // Checkpoints made by the timer are written in batches, shortly after.
            for id in ids {
                var phase: String?
                for _ in 0..<100 {
                    phase = try await store.liveSession(id: UUID(uuidString: id)!, owner: .local)?.checkpoint.machine.phase.rawValue
                    if phase == "finished" { break }
                    try await Task.sleep(for: .milliseconds(20))
                }
                #expect(phase == "finished", "session \(id)")
            }
        }
    }

    @Test("a second tap meant for a step that has ended changes nothing; finish now saves what was done")
    func doubleTapAndFinishNow() async throws {
        try await withServer(speed: 1) { client, store in
            try await screened(client)
            let id = try await client.execute(
                uri: "/api/v1/live", method: .post, body: try body(["request": shortRequest, "painBefore": 6])
            ) { response in
                try #require(try json(response.body)["id"] as? String)
            }
            func send(_ payload: [String: Any]) async throws -> [String: Any] {
                try await client.execute(uri: "/api/v1/live/\(id)/events", method: .post, body: try body(payload)) { response in
                    #expect(response.status == .ok, "\(payload)")
                    return try json(response.body)
                }
            }
            // Two taps on Skip, both sent while step 1 was on screen: one step is skipped.
            #expect(try await send(["event": "skip", "step": 1])["position"] as? Int == 2)
            #expect(try await send(["event": "skip", "step": 1])["position"] as? Int == 2)
            #expect(try await send(["event": "skip"])["position"] as? Int == 3, "without a step, every tap counts")
            try await client.execute(uri: "/api/v1/live/\(id)/events", method: .post, body: try body(["event": "skip", "step": 0])) {
                response in
                try expectProblem(response, .unprocessableContent, field: "step", detail: "not a step number")
            }
            // A stop signal meant for a step that has just ended still stops the one under way.
            #expect(try await send(["event": "stop", "signal": "ss-sharp", "step": 1])["phase"] as? String == "safety-stop")
            #expect(try await send(["event": "resume"])["phase"] as? String == "running")
            #expect(try await send(["event": "pause", "step": 1])["phase"] as? String == "paused", "a pause applies whatever its step")
            #expect(try await send(["event": "resume"])["phase"] as? String == "running")
            // Stop for now, then finish now: rated and saved with what was done.
            #expect(try await send(["event": "quit"])["phase"] as? String == "quit")
            #expect(try await send(["event": "end"])["phase"] as? String == "finished")
            try await client.execute(uri: "/api/v1/live/\(id)/finish", method: .post, body: try body(["painAfter": 4])) { response in
                #expect(response.status == .created)
            }
            let saved = try #require(try await store.sessions(SessionQuery(), owner: .local).first)
            #expect(saved.painBefore == 6 && saved.painAfter == 4)
            #expect(saved.steps.prefix(2).allSatisfy { $0.reason == "skipped" })
            #expect(saved.steps[2].reason == "ss-sharp")
            #expect(saved.steps.dropFirst(3).allSatisfy { $0.reason == "ended-early" || $0.reason == "after-safety-stop" })
        }
    }

    @Test("events: pause, resume, sharp pain; bad events name the valid ones; unknown ids are 404")
    func events() async throws {
        try await withServer(speed: 1) { client, _ in
            try await screened(client)
            let id = try await client.execute(uri: "/api/v1/live", method: .post, body: try body(["request": shortRequest])) { response in
                try #require(try json(response.body)["id"] as? String)
            }
            for (event, phase) in [
                ("pause", "paused"), ("resume", "running"), ("skip", "running"), ("skip", "running"), ("sharp-pain", "safety-stop"),
            ] {
                try await client.execute(uri: "/api/v1/live/\(id)/events", method: .post, body: try body(["event": event])) { response in
                    #expect(response.status == .ok)
                    let live = try json(response.body)
                    #expect(live["phase"] as? String == phase, "after \(event)")
                }
            }
            try await client.execute(uri: "/api/v1/live/\(id)", method: .get) { response in
                let live = try json(response.body)
                #expect((live["lastCue"] as? [String: Any])?["safety"] as? Bool == true)
            }
            try await client.execute(uri: "/api/v1/live/\(id)/events", method: .post, body: try body(["event": "pase"])) { response in
                try expectProblem(response, .unprocessableContent, field: "event", detail: "did you mean 'pause'?")
            }
            try await client.execute(uri: "/api/v1/live/\(id)/finish", method: .post, body: try body(["painAfter": 1])) { response in
                try expectProblem(response, .conflict, detail: "still safety-stop")
            }
            try await client.execute(uri: "/api/v1/live/\(UUID().uuidString)", method: .get) { response in
                try expectProblem(response, .notFound, detail: "was not found")
            }
            try await client.execute(uri: "/api/v1/live/not-an-id/events", method: .post, body: try body(["event": "pause"])) { response in
                try expectProblem(response, .notFound, field: "id", detail: "is not a live session id")
            }
            try await client.execute(uri: "/api/v1/live", method: .post, body: try body(["painBefore": 3])) { response in
                try expectProblem(response, .unprocessableContent, field: "request", detail: "give a plan request")
            }
        }
    }

    @Test("concurrent finishes: the first wins and is what the journal keeps; the others get 409 naming it")
    func concurrentFinishes() async throws {
        try await withServer(speed: 5000) { client, store in
            try await screened(client)
            let id = try await client.execute(uri: "/api/v1/live", method: .post, body: try body(["request": shortRequest])) {
                try #require(try json($0.body)["id"] as? String)
            }
            for _ in 0..<200 {
                let phase = try await client.execute(uri: "/api/v1/live/\(id)", method: .get) { try json($0.body)["phase"] as? String }
                if phase == "finished" { break }
                try await Task.sleep(for: .milliseconds(10))
            }
            let answers = try await withThrowingTaskGroup(of: (Int, HTTPResponse.Status, String).self) { group in
                for pain in 1...6 {
                    group.addTask {
                        try await client.execute(uri: "/api/v1/live/\(id)/finish", method: .post, body: try body(["painAfter": pain])) {
                            (pain, $0.status, String(buffer: $0.body))
                        }
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let saved = answers.filter { $0.1 == .created }
            #expect(saved.count == 1, "\(answers.map { ($0.0, $0.1.code) })")
            #expect(answers.filter { $0.1 == .conflict }.count == 5)
            #expect(answers.filter { $0.1 == .conflict }.allSatisfy { $0.2.contains(id.lowercased()) })
            let sessions = try await store.sessions(SessionQuery(), owner: .local)
            #expect(sessions.count == 1)
            #expect(sessions.first?.painAfter == saved.first?.0)
        }
    }

    @Test("a live session survives a server restart through its checkpoint")
    func restart() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("knotwork-restart-\(UUID().uuidString)")
        let path = folder.appendingPathComponent("journal.sqlite").path
        let first = try buildApplication(configuration: ServerConfiguration(), store: try SQLiteJournalStore(path: path))
        let id: String = try await first.test(.router) { raw in
            let client = JSONClient(client: raw)
            try await screened(client)
            let id = try await client.execute(
                uri: "/api/v1/live", method: .post, body: try body(["request": shortRequest, "painBefore": 6])
            ) { response in
                try #require(try json(response.body)["id"] as? String)
            }
            try await client.execute(uri: "/api/v1/live/\(id)/events", method: .post, body: try body(["event": "skip"])) { _ in }
            try await client.execute(uri: "/api/v1/live/\(id)/events", method: .post, body: try body(["event": "pause"])) { _ in }
            return id
        }
        let second = try buildApplication(configuration: ServerConfiguration(), store: try SQLiteJournalStore(path: path))
        try await second.test(.router) { raw in
            let client = JSONClient(client: raw)
            try await client.execute(uri: "/api/v1/live/\(id)", method: .get) { response in
                #expect(response.status == .ok)
                let live = try json(response.body)
                #expect(live["phase"] as? String == "paused")
                #expect(live["position"] as? Int == 2)
                #expect(live["painBefore"] as? Int == 6)
            }
            try await client.execute(uri: "/api/v1/live/\(id)/events", method: .post, body: try body(["event": "resume"])) { response in
                let live = try json(response.body)
                #expect(live["phase"] as? String == "running")
            }
        }
    }
}
