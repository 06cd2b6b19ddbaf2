import Foundation
import KnotworkCore
import KnotworkJournal
import Testing

/// The safety rules on the command line, through the real binary.
@Suite("Safety on the command line (the real binary)")
struct SafetyCommandTests {
    let short = ["--where", "tailbone", "--tools", "foam-roller", "--side", "left", "--minutes", "3"]

    @Test("a stop stands: start without new answers prints where to get care and exits 3, with nothing started")
    func stopStands() async throws {
        let scratch = try Scratch()
        let db = scratch.path("j.sqlite")
        let screen = try await Binary.run(["screen", "--db", db] + allNoAnswers + ["--answer", "rf-cancer-history=yes"])
        #expect(screen.status == 3)
        let start = try await Binary.run(["start", "--db", db, "--plain", "--no-voice", "--pain-before", "3"] + short)
        #expect(start.status == 3, "\(start.stderr)")
        #expect(start.stdout.contains("STOP: SEE A CLINICIAN BEFORE SELF-TREATING"))
        #expect(start.stdout.contains("it stands until you answer the safety"))
        #expect(try await SQLiteJournalStore(path: db).latestLiveSession(owner: .local) == nil)
        // A new screening replaces it.
        let again = try await Binary.run(
            ["start", "--db", db, "--plain", "--no-voice", "--speed", "200", "--pain-before", "3", "--pain-after", "2"] + short
                + allNoAnswers)
        #expect(again.status == 0, "\(again.stderr)")
    }

    @Test("the second session asks the check-in, as one 'any of these?' question")
    func checkIn() async throws {
        let scratch = try Scratch()
        let db = scratch.path("j.sqlite")
        let first = try await Binary.run(
            ["start", "--db", db, "--plain", "--no-voice", "--speed", "200", "--pain-before", "3", "--pain-after", "2"] + short
                + allNoAnswers)
        #expect(first.status == 0, "\(first.stderr)")
        let second = try await Binary.run(
            ["start", "--db", db, "--plain", "--no-voice", "--speed", "200", "--pain-before", "3", "--pain-after", "2"] + short,
            input: "n\n")
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.contains("Since your last session, have you had any of these?"))
        #expect(second.stdout.contains("Any of these? [y/n]"))
        #expect(!second.stdout.contains("Are you pregnant?"), "the check-in asks only the urgent questions")
        #expect(try await sessions(in: db).count == 2)

        // A yes in the check-in asks which, and an urgent one stops.
        let third = try await Binary.run(
            ["start", "--db", db, "--plain", "--no-voice", "--pain-before", "3"] + short,
            input: "y\n" + String(repeating: "n\n", count: 7) + "y\nn\nn\n")
        #expect(third.status == 3)
        #expect(third.stdout.contains("STOP: SEE A DOCTOR TODAY"))
        #expect(try await sessions(in: db).count == 2)
    }

    @Test("recent surgery: no pressure plan, what is still fine, exit 4")
    func recentSurgery() async throws {
        let plan = try await Binary.run(["plan", "--where", "buttock", "--answer", "pc-recent-surgery=yes"])
        #expect(plan.status == 4)
        #expect(plan.stdout.contains("NO PRESSURE WORK FOR NOW"))
        #expect(plan.stdout.contains("Still fine: Gentle walking"))
        let scratch = try Scratch()
        let start = try await Binary.run(
            ["start", "--db", scratch.path("j.sqlite"), "--plain", "--no-voice", "--pain-before", "3"] + short + allNoAnswers
                + ["--answer", "pc-recent-surgery=yes"])
        #expect(start.status == 4)
        #expect(start.stdout.contains("NO PRESSURE WORK FOR NOW"))
    }

    @Test("a plan made without every answer says plainly it is not screened")
    func notScreened() async throws {
        let run = try await Binary.run(["plan", "--where", "buttock"])
        #expect(run.status == 0)
        #expect(run.stdout.hasPrefix("Not screened: 24 of 24 safety questions are unanswered"))
        let screened = try await Binary.run(["plan", "--where", "buttock"] + allNoAnswers)
        #expect(!screened.stdout.contains("Not screened"))
    }

    @Test("a plan file with a key given twice is refused, not read by its last value (exit 65)")
    func duplicateKeyPlan() async throws {
        let scratch = try Scratch()
        let made = try await Binary.run(["plan", "--json"] + short + allNoAnswers)
        // The second "minutes" would be the one a lenient reader keeps.
        let doubled = made.stdout.replacingOccurrences(of: "\"minutes\" : 3", with: "\"minutes\" : 3, \"minutes\" : 120")
        #expect(doubled != made.stdout)
        try doubled.write(toFile: scratch.path("p.json"), atomically: true, encoding: .utf8)
        let run = try await Binary.run(
            ["start", "--db", scratch.path("j.sqlite"), "--plan", scratch.path("p.json"), "--no-voice", "--plain"] + allNoAnswers)
        #expect(run.status == 65)
        #expect(run.stderr.contains("key 'minutes' appears twice"), "\(run.stderr)")
    }

    @Test("--where outer-hip never brings piriformis work")
    func outerHipNoPiriformis() async throws {
        let run = try await Binary.run(["plan", "--where", "outer-hip", "--json"] + allNoAnswers)
        let plan = try JSONDecoder().decode(Plan.self, from: Data(run.stdout.utf8))
        #expect(!plan.steps.contains { $0.muscle == "piriformis" })
    }

    @Test("every stop signal has its key; 7 (dizzy) says to sit or lie down and is kept by id")
    func stopKeys() async throws {
        let scratch = try Scratch()
        let db = scratch.path("j.sqlite")
        let run = try await runConversation(
            ["start", "--db", db, "--plain", "--no-voice", "--speed", "20", "--pain-before", "4", "--pain-after", "3"] + short
                + allNoAnswers,
            script: [("Left side, gluteus maximus", "7"), ("STOP:", "p")])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("7 dizziness or feeling light-headed"))
        #expect(run.stdout.contains("STOP: Stop and come off the pressure now. Sit down, or lie on your side"))
        let stopped = try await sessions(in: db).first?.steps.filter { $0.outcome == .stopped }
        #expect(stopped?.map(\.reason) == ["ss-dizzy"])
    }
}
