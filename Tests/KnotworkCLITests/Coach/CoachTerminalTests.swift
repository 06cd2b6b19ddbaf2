import Foundation
import KnotworkJournal
import Testing

/// A real terminal: tmux runs the program in a 100×32 window; the test types keys and reads
/// the screen as a person would. The tests have a tmux server of their own (`-L`), apart from
/// any the person running them has open.
struct Tmux {
    let name = "knotwork-\(UUID().uuidString.prefix(8))"

    static var available: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux") }

    /// The private server's socket name, one per test process.
    static let server = "knotwork-tests-\(getpid())"

    /// Runs a tmux command, through bash so that every descriptor above 2 is closed first.
    /// The first command forks the tmux server, which keeps what the client inherited: among
    /// it the socket Foundation watches to learn that the child has ended. Left open, the
    /// client's exit would go unseen while the server lives, and the test would wait forever
    /// (a new machine, with no tmux server yet, hung CI that way).
    @discardableResult
    func tmux(_ arguments: [String], output: Bool = false) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        let closeAndRun =
            #"for fd in /proc/$$/fd/*; do fd=${fd##*/}; [ "$fd" -gt 2 ] && eval "exec $fd>&-"; done; exec /usr/bin/tmux -L "$0" "$@""#
        process.arguments = ["-c", closeAndRun, Self.server] + arguments
        let pipe = Pipe()
        process.standardOutput = output ? pipe : FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        let watchdog = try process.start(timeout: 30)
        defer { watchdog.expectFinished() }
        let text = output ? String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self) : ""
        process.waitUntilExit()
        return text
    }

    func start(_ command: String) throws {
        try tmux(["new-session", "-d", "-s", name, "-x", "100", "-y", "32", command])
    }

    func keys(_ keys: String...) throws { try tmux(["send-keys", "-t", name] + keys) }

    func screen() throws -> String { try tmux(["capture-pane", "-p", "-t", name], output: true) }

    /// Waits until the screen matches, polling; fails with the last screen after `timeout` seconds.
    @discardableResult
    func wait(for pattern: String, timeout: Double = 30, sourceLocation: SourceLocation = #_sourceLocation) async throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var last = ""
        while Date() < deadline {
            last = try screen()
            if last.range(of: pattern, options: .regularExpression) != nil { return last }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("timed out waiting for /\(pattern)/; the screen was:\n\(last)", sourceLocation: sourceLocation)
        throw CancellationError()
    }

    func kill() { _ = try? tmux(["kill-session", "-t", name]) }
}

@Suite("knotwork start in a real terminal (tmux)", .enabled(if: Tmux.available, "needs tmux (scripts/test installs it)"))
struct CoachTerminalTests {
    @Test("a whole session: pause, it eased, sharp pain, quit, resume, pain after, in the journal")
    func session() async throws {
        let scratch = try Scratch()
        let db = scratch.path("j.sqlite")
        #expect(try await Binary.run(["screen", "--db", db] + allNoAnswers).status == 0)
        let binary = Binary.url.path
        let tmux = Tmux()
        defer { tmux.kill() }
        try tmux.start(
            "NO_COLOR=1 \(binary) start --db \(db) --where outer-hip --side left --tools lacrosse-ball --minutes 5 --speed 6 --no-voice; echo EXITED $?; sleep 120"
        )
        try await tmux.wait(for: "Screening from .* applies")
        try await tmux.wait(for: "Pain right now, 0–10:")
        try tmux.keys("6", "Enter")
        try await tmux.wait(for: "step 1 of 7")
        try await tmux.wait(for: "WARM UP")

        try tmux.keys("Space")
        try await tmux.wait(for: "PAUSED — space to resume")
        try tmux.keys("Space")
        try await tmux.wait(for: "Carrying on")

        let hold = try await tmux.wait(for: "HOLD THE BALL ON A SORE SPOT IN THE GLUTEUS MINIMUS")
        #expect(hold.contains("rim of the pelvis"), "the set-up stays on screen during the step")
        try await tmux.wait(for: "pressure 0:(3[2-9]|4[0-3])") // past the 30 s minimum of the hold
        try tmux.keys("Enter")
        let eased = try await tmux.wait(for: "KEEP THE BALL ON THE SPOT AND TURN YOUR KNEE IN AND OUT")
        #expect(eased.contains("step 4 of 7"))
        #expect(eased.contains("STOP AT ONCE") && eased.contains("dizziness"), "every stop signal is listed with its key")

        try tmux.keys("x")
        let stopped = try await tmux.wait(for: "STOPPED FOR SAFETY")
        #expect(stopped.contains("Stop and come off the pressure now"))
        try tmux.keys("q")
        let left = try await tmux.wait(for: "EXITED 0")
        #expect(left.contains("Continue with: knotwork start --resume"))
        #expect(left.contains("Pain right now, 0–10: 6"), "the terminal is back to normal, with what came before")

        let resumed = Tmux()
        defer { resumed.kill() }
        try resumed.start("NO_COLOR=1 \(binary) start --db \(db) --resume --speed 40 --no-voice; echo EXITED $?; sleep 120")
        try await resumed.wait(for: "step 5 of 7")
        try await resumed.wait(for: "Pain now, 0–10:")
        try resumed.keys("3", "Enter")
        try await resumed.wait(for: "Session saved: .*pain 6 → 3")
        try await resumed.wait(for: "EXITED 0")

        let sessions = try await SQLiteJournalStore(path: db).sessions(SessionQuery(), owner: .local)
        #expect(sessions.count == 1)
        let outcomes = sessions.first?.steps.map { "\($0.number):\($0.outcome.rawValue)" } ?? []
        #expect(outcomes.contains("3:eased"))
        #expect(outcomes.contains("4:stopped"))
        #expect(outcomes.count == 7)
        let history = try await Binary.run(["history", "--db", db, "--since", "all"])
        #expect(history.stdout.contains("coach"))
    }
}
