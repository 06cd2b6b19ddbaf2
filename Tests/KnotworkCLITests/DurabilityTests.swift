import Foundation
import GRDB
import Testing

/// A write that returned success is on disk: `knotwork log` runs again and again and is killed
/// with SIGKILL at random moments; every entry it acknowledged must be in the journal, and the
/// file must pass `PRAGMA integrity_check`.
@Suite("Durability under SIGKILL")
struct DurabilityTests {
    /// Kills per run: 200 by default (CI), more with `scripts/test --full`.
    static let kills = ProcessInfo.processInfo.environment["KNOTWORK_DURABILITY_KILLS"].flatMap { Int($0) } ?? 200

    @Test("acknowledged entries survive being killed at any moment")
    func killedLogs() async throws {
        let scratch = try Scratch()
        let db = scratch.path("journal.sqlite")

        // How long one log takes here, so the kills land across its whole life.
        let started = Date()
        for index in 0..<3 {
            #expect(
                try await Binary.run(["log", "--db", db, "--pain-before", "5", "--pain-after", "3", "--note", "warm-\(index)"]).status == 0)
        }
        let lifetime = Date().timeIntervalSince(started) / 3
        let kills = Self.kills
        // Blocking waits on the children, on a thread of their own.
        let (logged, killed, overran) = try await onThread { () throws -> ([String], Int, [String]) in
            var generator = SystemRandomNumberGenerator()
            var acknowledged: [String] = []
            var killed = 0
            var overran: [String] = []
            // The window the kill lands in adapts as the run goes: it narrows after a log that
            // finished first and widens after one that was killed, so the kills keep landing
            // across a log's life however busy the machine is.
            var window = lifetime * 1.2
            for index in 0..<kills {
                let note = "kill-\(index)"
                let process = Process()
                process.executableURL = Binary.url
                process.arguments = ["log", "--db", db, "--pain-before", "\(index % 11)", "--pain-after", "2", "--note", note]
                let out = Pipe()
                process.standardOutput = out
                process.standardError = FileHandle.nullDevice
                process.standardInput = FileHandle.nullDevice
                let watchdog = try process.start(timeout: 60)
                let delay = Double.random(in: 0...window, using: &generator)
                usleep(UInt32(delay * 1_000_000))
                kill(process.processIdentifier, SIGKILL)
                let output = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                process.waitUntilExit()
                if let killed = watchdog.finish() { overran.append(killed) }
                if process.terminationReason == .exit, process.terminationStatus == 0, output.hasPrefix("Logged ") {
                    acknowledged.append(note)
                    window *= 0.95
                } else {
                    killed += 1
                    window *= 1.05
                }
            }
            return (acknowledged, killed, overran)
        }
        #expect(overran.isEmpty, "\(overran)")
        let acknowledged = ["warm-0", "warm-1", "warm-2"] + logged

        #expect(killed > Self.kills / 10, "the kills must land while logs are running (\(killed) of \(Self.kills))")
        #expect(acknowledged.count > 3 + Self.kills / 10, "some logs must finish (\(acknowledged.count - 3) of \(Self.kills))")

        let queue = try DatabaseQueue(path: db)
        let notes = try await queue.read { db in try Set(String.fetchAll(db, sql: "SELECT note FROM session")) }
        let missing = acknowledged.filter { !notes.contains($0) }
        #expect(missing.isEmpty, "acknowledged but lost: \(missing)")
        #expect(try await queue.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") } == "ok")
    }
}
