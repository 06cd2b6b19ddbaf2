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
    func killedLogs() throws {
        let scratch = try Scratch()
        let db = scratch.path("journal.sqlite")
        var generator = SystemRandomNumberGenerator()

        // How long one log takes here, so the kills land across its whole life.
        let started = Date()
        for index in 0..<3 {
            #expect(try Binary.run(["log", "--db", db, "--pain-before", "5", "--pain-after", "3", "--note", "warm-\(index)"]).status == 0)
        }
        let lifetime = Date().timeIntervalSince(started) / 3
        var acknowledged = ["warm-0", "warm-1", "warm-2"]
        var killed = 0

        for index in 0..<Self.kills {
            let note = "kill-\(index)"
            let process = Process()
            process.executableURL = Binary.url
            process.arguments = ["log", "--db", db, "--pain-before", "\(index % 11)", "--pain-after", "2", "--note", note]
            let out = Pipe()
            process.standardOutput = out
            process.standardError = FileHandle.nullDevice
            try process.run()
            let delay = Double.random(in: 0...(lifetime * 1.2), using: &generator)
            usleep(UInt32(delay * 1_000_000))
            kill(process.processIdentifier, SIGKILL)
            let output = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            if process.terminationReason == .exit, process.terminationStatus == 0, output.hasPrefix("Logged ") {
                acknowledged.append(note)
            } else {
                killed += 1
            }
        }

        #expect(killed > Self.kills / 10, "the kills must land while logs are running (\(killed) of \(Self.kills))")
        #expect(acknowledged.count > 3 + Self.kills / 10, "some logs must finish (\(acknowledged.count - 3) of \(Self.kills))")

        let queue = try DatabaseQueue(path: db)
        let notes = try queue.read { db in try Set(String.fetchAll(db, sql: "SELECT note FROM session")) }
        let missing = acknowledged.filter { !notes.contains($0) }
        #expect(missing.isEmpty, "acknowledged but lost: \(missing)")
        #expect(try queue.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") } == "ok")
    }
}
