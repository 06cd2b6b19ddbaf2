import Foundation
import KnotworkCore
import KnotworkJournal
import Testing

/// Defects found in review, each kept from coming back.
@Suite("Regressions (the real binary)")
struct ReviewRegressionTests {
    let short = ["--where", "buttock", "--tools", "lacrosse-ball", "--side", "left", "--minutes", "4"]

    @Test("start --plan refuses a plan outside the protocol, naming the step and field (exit 65)")
    func badPlanFile() async throws {
        let scratch = try Scratch()
        let made = try await Binary.run(["plan", "--json"] + short)
        var object = try #require(try JSONSerialization.jsonObject(with: Data(made.stdout.utf8)) as? [String: Any])
        var steps = try #require(object["steps"] as? [[String: Any]])
        let hold = try #require(steps.firstIndex { $0["technique"] as? String == "sustained-pressure" })
        steps[hold]["seconds"] = 900
        object["steps"] = steps
        try JSONSerialization.data(withJSONObject: object).write(to: URL(fileURLWithPath: scratch.path("p.json")))
        let run = try await runFeeding(
            ["start", "--db", scratch.path("j.sqlite"), "--plan", scratch.path("p.json"), "--no-voice", "--plain"] + allNoAnswers, lines: []
        )
        #expect(run.status == 65)
        #expect(
            run.stderr.contains("step \(hold + 1) breaks rule 'dosage': field 'seconds': 900 is outside sustained-pressure's 30–60 s"),
            "\(run.stderr)")
    }

    @Test("start --plan applies the journal's precautions: a plan made without them is planned again")
    func planFileUnderPrecautions() async throws {
        let scratch = try Scratch()
        let db = scratch.path("j.sqlite")
        let made = try await Binary.run([
            "plan", "--json", "--where", "buttock", "--tools", "foam-roller,lacrosse-ball", "--side", "left", "--minutes", "4",
        ])
        try made.stdout.write(toFile: scratch.path("p.json"), atomically: true, encoding: .utf8)
        #expect(try await Binary.run(["screen", "--db", db] + allNoAnswers + ["--answer", "pc-bleeding-risk=yes"]).status == 0)
        let run = try await runFeeding(
            [
                "start", "--db", db, "--plan", scratch.path("p.json"), "--no-voice", "--plain", "--speed", "200", "--pain-before", "3",
                "--pain-after", "2",
            ],
            lines: [])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("was planned with") && run.stdout.contains("what applies now"))
        #expect(!run.stdout.contains("lacrosse ball"))
        #expect(run.stdout.contains("Light pressure only."))
    }

    @Test("start checks its arguments before asking anything and writes nothing on a usage error")
    func argumentsFirst() async throws {
        let scratch = try Scratch()
        let run = try await runFeeding(
            ["start", "--db", scratch.path("j.sqlite"), "--where", "bogus", "--no-voice", "--plain"], lines: [(0.1, "n")])
        #expect(run.status == 64)
        #expect(!run.stdout.contains("Safety questions"))
        #expect(!scratch.exists("j.sqlite"))
    }

    @Test("piped input serves both the questions and the keys")
    func pipedKeys() async throws {
        let scratch = try Scratch()
        let db = scratch.path("j.sqlite")
        let run = try await runConversation(
            ["start", "--db", db, "--no-voice", "--plain", "--speed", "20"] + short + allNoAnswers,
            script: [("Pain right now, 0–10:", "5"), ("Warm-up for", "q")])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("Continue with: knotwork start --resume"))
        #expect(try await SQLiteJournalStore(path: db).latestLiveSession(owner: .local)?.painBefore == 5)
    }

    @Test("log --at takes Z and offsets without seconds")
    func atWithZone() async throws {
        let scratch = try Scratch()
        let db = scratch.path("j.sqlite")
        #expect(
            try await Binary.run(["log", "--db", db, "--pain-before", "4", "--pain-after", "2", "--at", "2026-11-20T07:30Z"]).status == 0)
        #expect(
            try await Binary.run(["log", "--db", db, "--pain-before", "4", "--pain-after", "2", "--at", "2026-11-21T08:30+01:00"]).status
                == 0)
        let times = try await SQLiteJournalStore(path: db).sessions(SessionQuery(), owner: .local).map { Timestamp.utc($0.startedAt) }
        #expect(times == ["2026-11-20T07:30:00Z", "2026-11-21T07:30:00Z"])
    }

    @Test("an output file that cannot be written exits 73 with one line, and nothing is half-written")
    func unwritable() async throws {
        let scratch = try Scratch()
        let run = try await Binary.run([
            "export", "--db", scratch.path("j.sqlite"), "--format", "csv", "--output", scratch.path("missing/dir/out.csv"),
        ])
        #expect(run.status == 73)
        #expect(run.stderr.hasPrefix("knotwork: cannot write \(scratch.path("missing/dir/out.csv")): "))
        #expect(run.stderr.split(separator: "\n").count == 1)
    }

    @Test("history lists free-standing pain ratings, in the zone it is read in")
    func ratingsInHistory() async throws {
        let scratch = try Scratch()
        let db = scratch.path("j.sqlite")
        #expect(
            try await Binary.run(["log", "--db", db, "--pain", "4", "--where", "low-back", "--at", "2026-11-20T08:00+09:00"]).status == 0)
        let run = try await Binary.run(
            ["history", "--db", db, "--from", "2026-11-19", "--to", "2026-11-19"], environment: ["TZ": "America/New_York"])
        #expect(run.stdout.contains("19 Nov 2026 to 19 Nov 2026"))
        #expect(run.stdout.contains("19 Nov 2026 18:00  pain 4 · low-back"), "\(run.stdout)")
    }
}
