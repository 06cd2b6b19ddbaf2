import Foundation
import GRDB
import KnotworkCore
import KnotworkJournal
import KnotworkSession
import Testing

/// Every screening question answered no, as options.
let allNoAnswers: [String] = try! Catalog.bundled().screening.questionIDs.map { "--answer=\($0)=no" }

/// The sessions in a journal file, read with the library.
func sessions(in db: String) async throws -> [SessionRecord] {
    try await SQLiteJournalStore(path: db).sessions(SessionQuery(), owner: .local)
}

/// Runs `knotwork` in the background, feeding it lines at given moments (real time, seconds).
func runFeeding(
    _ arguments: [String], lines: [(after: Double, line: String)], environment: [String: String] = [:], timeout: Double = 120,
    sourceLocation: SourceLocation = #_sourceLocation
) async throws -> Binary.Run {
    let lines = lines.map { Timed(after: $0.after, line: $0.line) }
    return try await Binary.offThePool(sourceLocation: sourceLocation) {
        let process = Binary.process(arguments, environment: environment)
        let input = Pipe()
        let output = Pipe()
        let errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        let watchdog = try process.start(timeout: timeout)
        var elapsed = 0.0
        for timed in lines {
            if timed.after > elapsed { usleep(UInt32((timed.after - elapsed) * 1_000_000)) }
            elapsed = max(elapsed, timed.after)
            try? input.fileHandleForWriting.write(contentsOf: Data((timed.line + "\n").utf8))
        }
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
        return Binary.Run(
            status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self), stderr: String(decoding: err, as: UTF8.self),
            killed: watchdog.finish())
    }
}

/// A line to type, and when (seconds after the start).
struct Timed: Sendable {
    let after: Double
    let line: String
}

/// A reply to give once the output so far contains a cue.
struct Reply: Sendable {
    let after: String
    let send: String
}

/// Runs `knotwork` and answers what it prints: each line is sent once the output so far
/// contains its cue, so the test follows the session instead of guessing its timing.
func runConversation(
    _ arguments: [String], script: [(after: String, send: String)], kill killAfter: String? = nil, timeout: Double = 120,
    sourceLocation: SourceLocation = #_sourceLocation
) async throws -> Binary.Run {
    let script = script.map { Reply(after: $0.after, send: $0.send) }
    return try await Binary.offThePool(sourceLocation: sourceLocation) {
        let process = Binary.process(arguments)
        let input = Pipe()
        let output = Pipe()
        let errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        // A cue that never comes leaves the child waiting for input: the watchdog ends it.
        let watchdog = try process.start(timeout: timeout)
        var text = ""
        var pending = script[...]
        let reader = output.fileHandleForReading
        while true {
            let chunk = reader.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
            while let next = pending.first, text.contains(next.after) {
                try? input.fileHandleForWriting.write(contentsOf: Data((next.send + "\n").utf8))
                pending = pending.dropFirst()
            }
            if let killAfter, text.contains(killAfter) {
                kill(process.processIdentifier, SIGKILL)
                break
            }
        }
        try? input.fileHandleForWriting.close()
        text += String(decoding: reader.readDataToEndOfFile(), as: UTF8.self)
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Binary.Run(
            status: process.terminationStatus, stdout: text, stderr: String(decoding: err, as: UTF8.self), killed: watchdog.finish())
    }
}

@Suite("knotwork start in plain mode (the real binary)")
struct CoachPlainTests {
    let plan = ["--where", "outer-hip", "--side", "left", "--tools", "lacrosse-ball", "--minutes", "5"]

    @Test("a whole session at --speed with pause, sharp pain and resume; the journal keeps every step's outcome")
    func wholeSession() async throws {
        let scratch = try Scratch()
        let db = scratch.path("j.sqlite")
        let run = try await runConversation(
            ["start", "--db", db, "--plain", "--no-voice", "--speed", "20", "--pain-before", "6", "--pain-after", "3"] + plan
                + allNoAnswers,
            script: [("Warm-up for", "p"), ("Paused.", "p"), ("Left side, gluteus minimus", "x"), ("STOP:", "p")])
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("[0:00] Warm-up for 1 minute 20 seconds.") })
        #expect(lines.contains { $0.hasSuffix("] Paused. Ease off the pressure while you wait.") })
        #expect(lines.contains { $0.contains("] STOP: Stop and come off the pressure now.") })
        #expect(lines.contains { $0.hasSuffix("] That is the end of the session. Rest for a moment before you get up.") })
        #expect(run.stdout.contains("Session saved: "))
        #expect(run.stdout.contains("1 stopped for safety; pain 6 → 3"))

        let saved = try await sessions(in: db)
        #expect(saved.count == 1)
        let session = try #require(saved.first)
        #expect(session.source == .coach)
        #expect(session.painBefore == 6 && session.painAfter == 3)
        #expect(session.plan?.request.regions == ["outer-hip"])
        let stopped = session.steps.filter { $0.outcome == .stopped }
        #expect(stopped.count == 1)
        #expect(stopped.first?.reason == "ss-sharp")
        let muscle = try #require(stopped.first?.muscle)
        #expect(session.steps.contains { $0.muscle == muscle && $0.reason == "after-safety-stop" })
        #expect(session.pressureSeconds > 0 && session.pressureSeconds <= 600)
        #expect(
            try await SQLiteJournalStore(path: db).latestLiveSession(owner: .local) == nil,
            "the checkpoint is gone once the session is saved")
    }

    @Test("quit saves the session; --resume carries on from the same step and saves it once")
    func quitAndResume() async throws {
        let scratch = try Scratch()
        let db = scratch.path("j.sqlite")
        let first = try await runConversation(
            ["start", "--db", db, "--plain", "--no-voice", "--speed", "30", "--pain-before", "5"] + plan + allNoAnswers,
            script: [("Left side, gluteus minimus", "q")])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("Continue with: knotwork start --resume"))
        let live = try #require(try await SQLiteJournalStore(path: db).latestLiveSession(owner: .local))
        #expect(live.checkpoint.machine.phase == .quit)
        let step = try #require(live.checkpoint.machine.currentStep?.number)
        #expect(try await sessions(in: db).isEmpty)

        let second = try await runFeeding(
            ["start", "--db", db, "--resume", "--plain", "--no-voice", "--speed", "60", "--pain-after", "2"], lines: [])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.contains("Resuming the session saved at step \(step)"))
        #expect(second.stdout.contains("Carrying on."))
        let saved = try await sessions(in: db)
        #expect(saved.count == 1)
        #expect(saved.first?.painBefore == 5 && saved.first?.painAfter == 2)
        #expect(saved.first?.steps.map(\.number) == Array(1...(saved.first?.plan?.steps.count ?? 0)))
    }

    @Test("killed mid-session, the checkpoint in the journal resumes it")
    func killed() async throws {
        let scratch = try Scratch()
        let db = scratch.path("j.sqlite")
        let killed = try await runConversation(
            ["start", "--db", db, "--plain", "--no-voice", "--speed", "30", "--pain-before", "4"] + plan + allNoAnswers,
            script: [], kill: "Left side, gluteus minimus")
        #expect(killed.status == SIGKILL)
        let live = try #require(try await SQLiteJournalStore(path: db).latestLiveSession(owner: .local))
        #expect(live.checkpoint.machine.phase == .running)
        #expect((live.checkpoint.machine.currentStep?.number ?? 0) >= 3)

        let resumed = try await runFeeding(
            ["start", "--db", db, "--resume", "--plain", "--no-voice", "--speed", "60", "--pain-after", "1"], lines: [])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(try await sessions(in: db).first?.painAfter == 1)
    }

    @Test("a red flag in screening stops before any plan, exit 3")
    func redFlag() async throws {
        let scratch = try Scratch()
        let run = try await runFeeding(["start", "--db", scratch.path("j.sqlite"), "--plain", "--no-voice"] + plan, lines: [(0.2, "y")])
        #expect(run.status == 3)
        #expect(run.stdout.contains("STOP: GET EMERGENCY CARE NOW"))
        #expect(!run.stdout.contains("Warm-up"))
    }

    @Test("--resume with nothing saved, and a bad --speed, are usage errors")
    func usage() async throws {
        let scratch = try Scratch()
        let resume = try await Binary.run(["start", "--db", scratch.path("j.sqlite"), "--resume"])
        #expect(resume.status == 64)
        #expect(resume.stderr.contains("there is no paused session to resume"))
        let speed = try await Binary.run(["start", "--db", scratch.path("j.sqlite"), "--speed", "fast"] + plan)
        #expect(speed.status == 64)
        #expect(speed.stderr.contains("'fast' is not a speed from 0.1 to 1000"))
        let badPlan = scratch.path("plan.json")
        try "{\"schema\": \"knotwork.plan/1\"}".write(toFile: badPlan, atomically: true, encoding: .utf8)
        let file = try await Binary.run(["start", "--db", scratch.path("j.sqlite"), "--plan", badPlan, "--no-voice"] + allNoAnswers)
        #expect(file.status == 65)
        #expect(file.stderr.contains("is not a plan from 'knotwork plan --json'"))
    }

    @Test("--plan follows a plan saved as JSON")
    func savedPlan() async throws {
        let scratch = try Scratch()
        let planFile = scratch.path("plan.json")
        let planned = try await Binary.run([
            "plan", "--where", "tailbone", "--tools", "foam-roller", "--side", "right", "--minutes", "3", "--json",
        ])
        #expect(planned.status == 0)
        try planned.stdout.write(toFile: planFile, atomically: true, encoding: .utf8)
        let run = try await runFeeding(
            [
                "start", "--db", scratch.path("j.sqlite"), "--plan", planFile, "--plain", "--no-voice", "--speed", "100", "--pain-before",
                "3", "--pain-after", "2",
            ] + allNoAnswers,
            lines: [])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("Right side, gluteus maximus, with the foam roller"))
        #expect(try await sessions(in: scratch.path("j.sqlite")).first?.regions == ["tailbone"])
    }
}

@Suite("The coach's voice")
struct VoiceTests {
    @Test("each cue is spoken by the speech program, without holding up the timer")
    func speaks() async throws {
        let scratch = try Scratch()
        let log = scratch.path("spoken.txt")
        let speaker = scratch.path("speak")
        // A stand-in for espeak-ng that is slow to speak and notes what it was asked to say.
        try "#!/bin/sh\nfor last; do :; done\necho \"$last\" >> '\(log)'\nsleep 0.3\n".write(
            toFile: speaker, atomically: true, encoding: .utf8)
        chmod(speaker, 0o755)
        let run = try await runFeeding(
            [
                "start", "--db", scratch.path("j.sqlite"), "--plain", "--voice", "--speed", "100", "--pain-before", "3", "--pain-after",
                "2",
                "--where", "tailbone", "--tools", "foam-roller", "--side", "left", "--minutes", "3",
            ] + allNoAnswers,
            lines: [], environment: ["KNOTWORK_SPEECH_COMMAND": speaker])
        #expect(run.status == 0, "\(run.stderr)")
        let spoken = try scratch.read("spoken.txt")
        #expect(spoken.hasPrefix("Warm-up for"))
        #expect(run.stdout.contains("That is the end of the session"), "the timer ran to the end while speech lagged")
    }

    @Test("without espeak-ng the coach says so in one line and goes on")
    func missing() async throws {
        let scratch = try Scratch()
        let run = try await runFeeding(
            [
                "start", "--db", scratch.path("j.sqlite"), "--plain", "--speed", "200", "--pain-before", "3", "--pain-after", "2",
                "--where", "tailbone", "--tools", "foam-roller", "--side", "left", "--minutes", "3",
            ] + allNoAnswers,
            lines: [], environment: ["PATH": "/nonexistent", "KNOTWORK_SPEECH_COMMAND": ""])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("Voice: espeak-ng is not installed (apt install espeak-ng); cues are shown on screen only."))
    }

    @Test(
        "espeak-ng turns a cue into real speech",
        .enabled(
            if: FileManager.default.isExecutableFile(atPath: "/usr/bin/espeak-ng")
                && FileManager.default.isExecutableFile(atPath: "/usr/bin/soxi")))
    func realSpeech() async throws {
        let scratch = try Scratch()
        let wav = scratch.path("cue.wav")
        let catalog = try Catalog.bundled()
        let speak = Process()
        speak.executableURL = URL(fileURLWithPath: "/usr/bin/espeak-ng")
        speak.arguments = ["-s", "150", "-w", wav, "--", catalog.screening.stopMessage]
        let speaking = try speak.start(timeout: 60)
        speak.waitUntilExit()
        speaking.expectFinished()
        #expect(speak.terminationStatus == 0)
        let soxi = Process()
        soxi.executableURL = URL(fileURLWithPath: "/usr/bin/soxi")
        soxi.arguments = ["-D", wav]
        let pipe = Pipe()
        soxi.standardOutput = pipe
        let reading = try soxi.start(timeout: 60)
        defer { reading.expectFinished() }
        let seconds =
            Double(
                String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).trimmingCharacters(
                    in: .whitespacesAndNewlines)) ?? 0
        soxi.waitUntilExit()
        #expect(seconds > 8, "the safety message takes a while to say: \(seconds) s")
    }
}
