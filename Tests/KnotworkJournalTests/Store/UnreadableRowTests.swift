import Foundation
import GRDB
import KnotworkCore
import KnotworkSession
import Testing

@testable import KnotworkJournal

/// One stored value spoilt with raw SQL, and what reading it must say.
struct Corruption: Sendable, CustomTestStringConvertible {
    let table: String
    let column: String
    let sql: String
    let problem: String
    /// The id the error names, when the corruption changes it.
    var id: String? = nil

    var testDescription: String { "\(table).\(column): \(problem)" }

    static let liveID = "5e55e55e-0000-4000-8000-000000000001"

    static let all: [Corruption] = [
        .init(table: "session", column: "side", sql: "UPDATE session SET side = 'middle'", problem: "'middle' is not left, right or both"),
        .init(table: "session", column: "source", sql: "UPDATE session SET source = 'import'", problem: "'import' is not log or coach"),
        .init(
            table: "session", column: "id", sql: "UPDATE session SET id = 'not-a-uuid'", problem: "'not-a-uuid' is not a UUID",
            id: "not-a-uuid"),
        .init(
            table: "session", column: "startedAt", sql: "UPDATE session SET startedAt = -60",
            problem: "-60 is before 1970; times are whole seconds since 1970"),
        .init(
            table: "session", column: "startedAt", sql: "UPDATE session SET startedAt = ''",
            problem: "'' is not a whole number of seconds since 1970"),
        .init(
            table: "session", column: "endedAt", sql: "UPDATE session SET endedAt = 1.5",
            problem: "1.5 is not a whole number of seconds since 1970"),
        .init(
            table: "session", column: "regions", sql: "UPDATE session SET regions = '[\"outer-hip\"'",
            problem: "is not a list of region ids as JSON"),
        .init(
            table: "session", column: "steps", sql: "UPDATE session SET steps = '[{\"number\": 1}]'",
            problem: "is not a list of step outcomes as JSON"),
        .init(table: "session", column: "plan", sql: "UPDATE session SET plan = '{}'", problem: "is not a plan as JSON"),
        .init(table: "painRating", column: "side", sql: "UPDATE painRating SET side = 'up'", problem: "'up' is not left, right or both"),
        .init(
            table: "painRating", column: "at", sql: "UPDATE painRating SET at = -1",
            problem: "-1 is before 1970; times are whole seconds since 1970"),
        .init(table: "painRating", column: "id", sql: "UPDATE painRating SET id = 'r1'", problem: "'r1' is not a UUID", id: "r1"),
        .init(
            table: "screening", column: "verdict", sql: "UPDATE screening SET verdict = 'maybe'",
            problem: "'maybe' is not clear, precautions or stop"),
        .init(
            table: "screening", column: "kind", sql: "UPDATE screening SET kind = 'partial'", problem: "'partial' is not full or check-in"),
        .init(
            table: "screening", column: "answers", sql: "UPDATE screening SET answers = '[true]'",
            problem: "is not answers (question id to yes or no) as JSON"),
        .init(
            table: "screening", column: "usedAt", sql: "UPDATE screening SET usedAt = 'soon'",
            problem: "'soon' is not a whole number of seconds since 1970"),
        .init(
            table: "liveSession", column: "record", sql: "UPDATE liveSession SET moving = NULL, record = '{}'",
            problem: "is not a live session as JSON"),
        .init(
            table: "liveSession", column: "updatedAt", sql: "UPDATE liveSession SET updatedAt = -5",
            problem: "-5 is before 1970; times are whole seconds since 1970"),
        .init(
            table: "liveSession", column: "moving", sql: "UPDATE liveSession SET moving = '{\"v\": 2'",
            problem: "is not the moving part of a live session as JSON"),
        .init(
            table: "liveSession", column: "moving", sql: "UPDATE liveSession SET moving = json_remove(moving, '$.checkpoint.phase')",
            problem: "is not the moving part of a live session as JSON ('phase' is missing at .checkpoint)"),
        .init(
            table: "liveSession", column: "moving", sql: "UPDATE liveSession SET moving = json_set(moving, '$.v', 3)",
            problem: "is the moving part of a live session of version 3; this version reads version 2"),
        .init(
            table: "liveSession", column: "moving", sql: "UPDATE liveSession SET moving = json_set(moving, '$.checkpoint.current', 99)",
            problem: "is not of the session its fixed part holds (step index 99 is not one of the"),
        .init(
            table: "liveSession", column: "fixed", sql: "UPDATE liveSessionFixed SET fixed = '[]'",
            problem: "is not the fixed part of a live session as JSON"),
        .init(
            table: "liveSession", column: "fixed", sql: "DELETE FROM liveSessionFixed",
            problem: "is missing: the moving part has no fixed part"),
    ]

    /// A journal holding one record of each kind, with one value spoilt; the id of the spoilt row.
    func journal() async throws -> (TemporaryJournal, id: String) {
        let journal = try TemporaryJournal()
        let session = SessionRecord(
            startedAt: november(1), timeZone: "UTC", endedAt: november(1, 9), regions: ["outer-hip"], side: .left, painBefore: 6,
            painAfter: 3,
            source: .log)
        let rating = PainRating(at: november(2), timeZone: "UTC", pain: 4, side: .right)
        let screening = ScreeningRecord(at: november(1), timeZone: "UTC", verdict: .stop, answers: ["rf-fever": true], usedAt: november(1))
        try await journal.store.add(session, owner: .local)
        try await journal.store.add(rating, owner: .local)
        try await journal.store.add(screening, owner: .local)
        var live = try liveSession(day: 3)
        live.id = try #require(UUID(uuidString: Self.liveID))
        try await journal.store.save(live, owner: .local)
        let ids = [
            "session": session.id.lowercased, "painRating": rating.id.lowercased, "screening": screening.id.lowercased,
            "liveSession": Self.liveID,
        ]
        let queue = try DatabaseQueue(path: journal.path)
        try await queue.write { [sql] db in try db.execute(sql: sql) }
        try queue.close()
        return (journal, id ?? ids[table]!)
    }

    /// Reads the spoilt table through the store.
    func read(_ store: SQLiteJournalStore) async throws {
        switch table {
        case "session": _ = try await store.sessions(SessionQuery(), owner: .local)
        case "painRating": _ = try await store.painRatings(from: nil, to: nil, owner: .local)
        case "screening": _ = try await store.screenings(after: nil, limit: 10, owner: .local)
        default: _ = try await store.latestLiveSession(owner: .local)
        }
    }

    var message: String { "journal row \(table) \(id ?? "") column \(column): \(problem)" }
}

@Suite("stored values this version cannot read (real files)")
struct UnreadableRowTests {
    @Test("a spoilt value is an error naming the table, the row's id and the column", arguments: Corruption.all)
    func named(_ corruption: Corruption) async throws {
        let (journal, id) = try await corruption.journal()
        do {
            try await corruption.read(journal.store)
            Issue.record("a spoilt \(corruption.column) must not be read")
        } catch let error as JournalError {
            guard case .unreadable(let table, let named, let column, let problem) = error else {
                Issue.record("expected unreadable, got \(error)")
                return
            }
            #expect(table == corruption.table)
            #expect(named == id)
            #expect(column == corruption.column)
            #expect(problem.hasSuffix(corruption.problem) || problem.hasPrefix(corruption.problem), "\(problem)")
            #expect(error.description.hasPrefix("journal row \(corruption.table) \(id) column \(corruption.column): "))
        }
    }

    @Test("a stop verdict gone bad is never read as clear: the clearance fails instead of letting a session start")
    func verdictNeverClear() async throws {
        let corruption = try #require(Corruption.all.first { $0.column == "verdict" })
        let (journal, id) = try await corruption.journal()
        await #expect(
            throws: JournalError.unreadable(
                table: "screening", id: id, column: "verdict", problem: "'maybe' is not clear, precautions or stop")
        ) {
            try await journal.store.clearance(catalog, now: november(1, 10), owner: .local)
        }
    }

    @Test("single reads, the digest and a restore's comparison name the row too")
    func otherReads() async throws {
        let sideCorruption = try #require(Corruption.all.first { $0.table == "session" && $0.column == "side" })
        let (journal, id) = try await sideCorruption.journal()
        let expected = JournalError.unreadable(table: "session", id: id, column: "side", problem: "'middle' is not left, right or both")
        await #expect(throws: expected) { try await journal.store.session(id: UUID(text: id)!, owner: .local) }
        let kept = SessionRecord(
            id: UUID(text: id)!, startedAt: november(1), timeZone: "UTC", regions: ["outer-hip"], painBefore: 6, painAfter: 3, source: .log)
        await #expect(throws: expected) {
            try await journal.store.restore(JournalBackup(exportedAt: november(3), sessions: [kept]), owner: .local)
        }

        let timeCorruption = try #require(Corruption.all.first { $0.column == "startedAt" })
        let (other, otherID) = try await timeCorruption.journal()
        await #expect(throws: JournalError.unreadable(table: "session", id: otherID, column: "startedAt", problem: timeCorruption.problem))
        {
            try await other.store.digest(SessionQuery(), owner: .local, timeZone: utc)
        }
    }
}

@Suite("the store over any GRDB writer")
struct WriterTests {
    @Test("a journal file's writes are synchronous = FULL, though the pool turns WAL on after preparing its connections")
    func synchronousFull() async throws {
        let journal = try TemporaryJournal()
        let level = try await journal.store.writer.write { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") }
        #expect(level == 2, "FULL")
    }

    @Test(
        "a journal made by GRDB's migrator, as shipped versions (to v3) made it, opens and reads unchanged, with the same schema as a new one"
    )
    func schemaUnchanged() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("knotwork-schema-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let old = folder.appendingPathComponent("old.sqlite").path
        let queue = try DatabaseQueue(path: old)
        try JournalSchema.migrator.migrate(queue, upTo: "v3: check-ins, and the session each screening was used for")
        try await queue.write { db in
            try db.execute(
                sql: """
                    INSERT INTO session VALUES ('6a1b2c3d-0000-4000-8000-000000000001', 1793520000, 'Europe/Berlin', 1793521800,
                      '["outer-hip","low-back"]', 'both', 7, 4, 120, '[]', NULL, 'felt "looser"', 'coach');
                    INSERT INTO painRating VALUES ('6a1b2c3d-0000-4000-8000-000000000002', 1793520000, 'UTC', 5, 'sacrum', NULL, NULL);
                    INSERT INTO screening VALUES ('6a1b2c3d-0000-4000-8000-000000000003', 1793520000, 'UTC', 'stop', '{"rf-fever":true}', 'check-in', NULL);
                    """)
        }
        try queue.close()
        let store = try SQLiteJournalStore(path: old)
        let read = try #require(try await store.sessions(SessionQuery(), owner: .local).first)
        #expect(
            read
                == SessionRecord(
                    id: UUID(text: "6a1b2c3d-0000-4000-8000-000000000001")!, startedAt: Date(timeIntervalSince1970: 1_793_520_000),
                    timeZone: "Europe/Berlin",
                    endedAt: Date(timeIntervalSince1970: 1_793_521_800), regions: ["outer-hip", "low-back"], side: .both, painBefore: 7,
                    painAfter: 4,
                    pressureSeconds: 120, note: "felt \"looser\"", source: .coach))
        #expect(try await store.painRatings(from: nil, to: nil, owner: .local).map(\.region) == ["sacrum"])
        let screening = try #require(try await store.latestScreening(kind: .checkIn, owner: .local))
        #expect(screening.verdict == .stop && screening.usedAt == nil && screening.answers == ["rf-fever": true])

        let new = try SQLiteJournalStore(path: folder.appendingPathComponent("new.sqlite").path)
        func schema(_ path: String) throws -> [String] {
            try DatabaseQueue(path: path).read { db in
                try String.fetchAll(
                    db, sql: "SELECT type || ' ' || name || ': ' || sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name")
                    + String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY identifier")
            }
        }
        #expect(try schema(old) == schema(new.path))
    }
}
