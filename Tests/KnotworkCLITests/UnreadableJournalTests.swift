import Foundation
import GRDB
import KnotworkJournal
import Testing

@Suite("a journal holding a value this version cannot read (the real binary)")
struct UnreadableJournalTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let table: String
        let column: String
        let sql: String
        let problem: String
        var id: String? = nil
        var testDescription: String { "\(table).\(column)" }
    }

    static let cases: [Case] = [
        .init(table: "session", column: "side", sql: "UPDATE session SET side = 'middle'", problem: "'middle' is not left, right or both"),
        .init(table: "session", column: "source", sql: "UPDATE session SET source = 'import'", problem: "'import' is not log or coach"),
        .init(
            table: "session", column: "id", sql: "UPDATE session SET id = 'not-a-uuid'", problem: "'not-a-uuid' is not a UUID",
            id: "not-a-uuid"),
        .init(
            table: "session", column: "startedAt", sql: "UPDATE session SET startedAt = -60",
            problem: "-60 is before 1970; times are whole seconds since 1970"),
        .init(
            table: "session", column: "regions", sql: "UPDATE session SET regions = 'hip'", problem: "is not a list of region ids as JSON"),
        .init(table: "session", column: "steps", sql: "UPDATE session SET steps = '{'", problem: "is not a list of step outcomes as JSON"),
        .init(table: "session", column: "plan", sql: "UPDATE session SET plan = '[]'", problem: "is not a plan as JSON"),
        .init(table: "painRating", column: "side", sql: "UPDATE painRating SET side = 'up'", problem: "'up' is not left, right or both"),
        .init(
            table: "screening", column: "verdict", sql: "UPDATE screening SET verdict = 'maybe'",
            problem: "'maybe' is not clear, precautions or stop"),
        .init(
            table: "screening", column: "kind", sql: "UPDATE screening SET kind = 'partial'", problem: "'partial' is not full or check-in"),
        .init(
            table: "screening", column: "answers", sql: "UPDATE screening SET answers = 'yes'",
            problem: "is not answers (question id to yes or no) as JSON"),
        .init(
            table: "screening", column: "at", sql: "UPDATE screening SET at = 'now'",
            problem: "'now' is not a whole number of seconds since 1970"),
    ]

    @Test("history (sessions) and export (every table) exit 74 naming the table, the row and the column", arguments: cases)
    func exits74(_ spoilt: Case) async throws {
        let scratch = try Scratch()
        let db = scratch.path("journal.sqlite")
        let store = try SQLiteJournalStore(path: db)
        let session = SessionRecord(
            startedAt: Date(timeIntervalSince1970: 1_793_520_000), timeZone: "UTC", regions: ["outer-hip"], side: .left, painBefore: 6,
            painAfter: 3, source: .log)
        let rating = PainRating(at: Date(timeIntervalSince1970: 1_793_520_000), timeZone: "UTC", pain: 4, side: .right)
        let screening = ScreeningRecord(
            at: Date(timeIntervalSince1970: 1_793_520_000), timeZone: "UTC", verdict: .stop, answers: ["rf-fever": true])
        try await store.add(session, owner: .local)
        try await store.add(rating, owner: .local)
        try await store.add(screening, owner: .local)
        let queue = try DatabaseQueue(path: db)
        try await queue.write { db in try db.execute(sql: spoilt.sql) }
        try queue.close()
        let id = spoilt.id ?? ["session": session.id, "painRating": rating.id, "screening": screening.id][spoilt.table]!.lowercased
        let message = "knotwork: journal row \(spoilt.table) \(id) column \(spoilt.column): "

        let runs =
            spoilt.table == "session"
            ? [try await Binary.run(["history", "--db", db, "--since", "all"])] : []
        let export = try await Binary.run(["export", "--db", db, "--format", "json", "--output", scratch.path("out.json")])
        for run in runs + [export] {
            #expect(run.status == 74, "\(run.stderr)")
            #expect(run.stderr.hasPrefix(message), "\(run.stderr)")
            #expect(run.stderr.contains(spoilt.problem), "\(run.stderr)")
        }
        #expect(!scratch.exists("out.json"), "nothing is written from a journal that cannot be read")
    }

    @Test("several commands opening a new journal at the same moment all succeed, the server among them")
    func racingOpens() async throws {
        for _ in 0..<3 {
            let scratch = try Scratch()
            let db = scratch.path("new.sqlite")
            let server = Binary.process(["serve", "--port", "0", "--db", db])
            server.standardInput = FileHandle.nullDevice
            server.standardOutput = FileHandle.nullDevice
            server.standardError = FileHandle.nullDevice
            let watchdog = try server.start(timeout: 120)
            let logs = try await withThrowingTaskGroup(of: Binary.Run.self) { group in
                for hour in 0..<4 {
                    group.addTask {
                        try await Binary.run([
                            "log", "--db", db, "--pain-before", "5", "--pain-after", "3", "--at", "2026-11-01T0\(hour):00", "--where",
                            "outer-hip",
                        ])
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            server.terminate()
            server.waitUntilExit()
            watchdog.expectFinished()
            #expect(server.terminationStatus != 74, "the server opened the new journal too")
            for run in logs { #expect(run.status == 0, "\(run.stderr)") }
            #expect(try await SQLiteJournalStore(path: db).sessions(SessionQuery(), owner: .local).count == 4)
        }
    }
}
