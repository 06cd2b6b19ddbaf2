import Foundation
import GRDB
import KnotworkCore
import KnotworkJournal
import KnotworkSession
import Synchronization
import Testing

@Suite("SQLite journal store (real files)")
struct SQLiteJournalStoreTests {
    @Test("several openers of a new journal at once all get it, with the schema made once")
    func concurrentOpen() async throws {
        for _ in 0..<10 {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("knotwork-open-\(UUID().uuidString)")
            let path = folder.appendingPathComponent("journal.sqlite").path
            let failures = Mutex<[String]>([])
            DispatchQueue.concurrentPerform(iterations: 6) { _ in
                do {
                    _ = try SQLiteJournalStore(path: path)
                } catch {
                    failures.withLock { $0.append("\(error)") }
                }
            }
            #expect(failures.withLock { $0 }.isEmpty)
            let store = try SQLiteJournalStore(path: path)
            try await store.add(session(day: 1), owner: .local)
            #expect(try await store.sessions(SessionQuery(), owner: .local).count == 1)
        }
    }

    @Test("the sessions mark moves at once for sessions added here, and after its lifetime for other writers")
    func sessionsMark() async throws {
        let journal = try TemporaryJournal()
        // Two stores on one file, as the server and the command line are.
        let trusting = try SQLiteJournalStore(path: journal.path, markLifetime: .seconds(3600))
        let checking = try SQLiteJournalStore(path: journal.path, markLifetime: .zero)
        let empty = try await trusting.sessionsMark()
        #expect(try await checking.sessionsMark() == empty)

        try await journal.store.add(session(day: 1), owner: .local)
        #expect(try await trusting.sessionsMark() == empty, "another process's write waits for the mark's lifetime")
        let one = try await checking.sessionsMark()
        #expect(one != empty)

        try await trusting.add(session(day: 2), owner: .local)
        let two = try await trusting.sessionsMark()
        #expect(two != one && two != empty, "a write through the store itself counts at once")
        try await trusting.add(PainRating(at: november(2), timeZone: "UTC", pain: 4), owner: .local)
        #expect(try await trusting.sessionsMark() == two, "only sessions move it")
        _ = try await trusting.restore(
            JournalBackup(exportedAt: november(3), sessions: [session(day: 3)], painRatings: [], screenings: []), owner: .local)
        #expect(try await trusting.sessionsMark() != two)
    }

    @Test("a journal from before check-ins opens: its screenings are full ones, and long used")
    func migratesV2() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("knotwork-v2-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("journal.sqlite").path
        let old = try DatabaseQueue(path: path)
        try await old.write { db in
            try db.execute(
                sql: """
                    CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);
                    INSERT INTO grdb_migrations VALUES ('v1: sessions, pain ratings, screenings'), ('v2: live-session checkpoints');
                    CREATE TABLE session (id TEXT PRIMARY KEY, startedAt INTEGER NOT NULL, timeZone TEXT NOT NULL, endedAt INTEGER,
                      regions TEXT NOT NULL, side TEXT, painBefore INTEGER, painAfter INTEGER, pressureSeconds INTEGER NOT NULL DEFAULT 0,
                      steps TEXT NOT NULL DEFAULT '[]', plan TEXT, note TEXT, source TEXT NOT NULL);
                    CREATE TABLE painRating (id TEXT PRIMARY KEY, at INTEGER NOT NULL, timeZone TEXT NOT NULL, pain INTEGER NOT NULL,
                      region TEXT, side TEXT, note TEXT);
                    CREATE TABLE screening (id TEXT PRIMARY KEY, at INTEGER NOT NULL, timeZone TEXT NOT NULL, verdict TEXT NOT NULL,
                      answers TEXT NOT NULL);
                    CREATE TABLE liveSession (id TEXT PRIMARY KEY, updatedAt INTEGER NOT NULL, record TEXT NOT NULL);
                    INSERT INTO screening VALUES ('6a1b2c3d-0000-4000-8000-000000000001', 1800000000, 'UTC', 'clear', '{"rf-fever":false}');
                    """)
        }
        try old.close()
        let store = try SQLiteJournalStore(path: path)
        let screening = try #require(try await store.latestScreening(kind: .full, owner: .local))
        #expect(screening.usedAt == screening.at)
        #expect(screening.answers == ["rf-fever": false])
    }

    @Test("the file survives closing and reopening, in WAL mode, and is sound")
    func reopen() async throws {
        let journal = try TemporaryJournal()
        try await journal.store.add(session(day: 1), owner: .local)
        let again = try SQLiteJournalStore(path: journal.path)
        #expect(try await again.sessions(SessionQuery(), owner: .local).count == 1)
        #expect(try await again.integrityCheck() == "ok")
        let queue = try DatabaseQueue(path: journal.path)
        let mode = try await queue.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        #expect(mode == "wal")
    }

    @Test("a row this version cannot read is reported, naming its table, id and column, not a crash")
    func foreignRow() async throws {
        let journal = try TemporaryJournal()
        let queue = try DatabaseQueue(path: journal.path)
        try await queue.write { db in
            try db.execute(
                sql:
                    "INSERT INTO session (id, owner, startedAt, timeZone, regions, source) VALUES ('x', '\(AccountID.local)', '2026-11-01 07:30', 'UTC', '[]', 'log')"
            )
        }
        await #expect(throws: JournalError.unreadable(table: "session", id: "x", column: "id", problem: "'x' is not a UUID")) {
            try await journal.store.sessions(SessionQuery(), owner: .local)
        }
    }

    @Test("a path that cannot hold a journal is reported, naming it")
    func unusable() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("knotwork-dir-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        do {
            _ = try SQLiteJournalStore(path: folder.path)
            Issue.record("opening a directory as a journal should fail")
        } catch let error as JournalError {
            #expect(error.description.contains(folder.path))
        }
    }
}
