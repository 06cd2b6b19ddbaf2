import Foundation
import GRDB
import KnotworkCore
import KnotworkJournal
import KnotworkSession
import Synchronization
import Testing

@Suite("SQLite journal store (real files)")
struct SQLiteJournalStoreTests {
    @Test("a coached session with its steps and plan reads back exactly")
    func roundTrip() async throws {
        let journal = try TemporaryJournal()
        guard case .plan(let plan) = try Planner(catalog: catalog).plan(PlanRequest(regions: ["outer-hip"])) else {
            Issue.record("no plan")
            return
        }
        let record = SessionRecord(
            startedAt: november(3).addingTimeInterval(0.75), timeZone: "America/New_York", endedAt: november(3, 9),
            regions: ["outer-hip", "low-back"], side: .both, painBefore: 7, painAfter: 4, pressureSeconds: 410,
            steps: [
                StepOutcome(
                    number: 3, technique: .sustainedPressure, muscle: "gluteus-minimus", side: .left, plannedSeconds: 45, actualSeconds: 31,
                    outcome: .eased),
                StepOutcome(
                    number: 4, technique: .sustainedPressure, muscle: "piriformis", side: .left, plannedSeconds: 45, actualSeconds: 5,
                    outcome: .stopped, reason: "ss-tingling"),
            ],
            plan: plan, note: "felt \"looser\", thanks", source: .coach)
        try await journal.store.add(record)
        let read = try await journal.store.session(id: record.id)
        #expect(read == record)
        #expect(read?.startedAt == november(3), "fractions of a second are dropped on creation")
    }

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
            try await store.add(session(day: 1))
            #expect(try await store.sessions(SessionQuery()).count == 1)
        }
    }

    @Test("the same id twice is refused")
    func duplicate() async throws {
        let journal = try TemporaryJournal()
        let record = session(day: 2)
        try await journal.store.add(record)
        await #expect(throws: JournalError.duplicate(record.id)) { try await journal.store.add(record) }
    }

    @Test("the sessions mark moves at once for sessions added here, and after its lifetime for other writers")
    func sessionsMark() async throws {
        let journal = try TemporaryJournal()
        // Two stores on one file, as the server and the command line are.
        let trusting = try SQLiteJournalStore(path: journal.path, markLifetime: .seconds(3600))
        let checking = try SQLiteJournalStore(path: journal.path, markLifetime: .zero)
        let empty = try await trusting.sessionsMark()
        #expect(try await checking.sessionsMark() == empty)

        try await journal.store.add(session(day: 1))
        #expect(try await trusting.sessionsMark() == empty, "another process's write waits for the mark's lifetime")
        let one = try await checking.sessionsMark()
        #expect(one != empty)

        try await trusting.add(session(day: 2))
        let two = try await trusting.sessionsMark()
        #expect(two != one && two != empty, "a write through the store itself counts at once")
        try await trusting.add(PainRating(at: november(2), timeZone: "UTC", pain: 4))
        #expect(try await trusting.sessionsMark() == two, "only sessions move it")
        _ = try await trusting.restore(JournalBackup(exportedAt: november(3), sessions: [session(day: 3)], painRatings: [], screenings: []))
        #expect(try await trusting.sessionsMark() != two)
    }

    @Test("queries: a time window, a region, and the newest N")
    func queries() async throws {
        let journal = try TemporaryJournal()
        for day in 1...10 {
            try await journal.store.add(session(day: day, regions: day.isMultiple(of: 2) ? ["low-back"] : ["outer-hip", "buttock"]))
        }
        let window = try await journal.store.sessions(SessionQuery(from: november(3), to: november(6)))
        #expect(window.map(\.startedAt) == [november(3), november(4), november(5)])
        let lowBack = try await journal.store.sessions(SessionQuery(region: "low-back"))
        #expect(lowBack.count == 5)
        let buttock = try await journal.store.sessions(SessionQuery(region: "buttock"))
        #expect(buttock.map(\.startedAt) == [1, 3, 5, 7, 9].map { november($0) })
        let newest = try await journal.store.sessions(SessionQuery(limit: 2))
        #expect(newest.map(\.startedAt) == [november(10), november(9)])
    }

    @Test("pain ratings and screenings are kept; the latest screening is found")
    func otherRecords() async throws {
        let journal = try TemporaryJournal()
        try await journal.store.add(PainRating(at: november(1), timeZone: "UTC", pain: 5, region: "low-back"))
        try await journal.store.add(ScreeningRecord(at: november(1), timeZone: "UTC", verdict: .clear, answers: ["rf-fever": false]))
        try await journal.store.add(
            ScreeningRecord(at: november(4), timeZone: "UTC", verdict: .precautions, answers: ["pc-pregnancy": true]))
        #expect(try await journal.store.latestScreening(kind: .full)?.verdict == .precautions)
        #expect(try await journal.store.painRatings(from: nil, to: nil).map(\.pain) == [5])
        #expect(try await journal.store.painRatings(from: november(2), to: nil).isEmpty)
    }

    @Test("check-ins are kept apart from full screenings, and a screening is marked used by its session")
    func checkInsAndUse() async throws {
        let journal = try TemporaryJournal()
        let full = ScreeningRecord(at: november(1), timeZone: "UTC", kind: .full, verdict: .clear, answers: ["rf-fever": false])
        let checkIn = ScreeningRecord(at: november(2), timeZone: "UTC", kind: .checkIn, verdict: .clear, answers: ["rf-fever": false])
        try await journal.store.add(full)
        try await journal.store.add(checkIn)
        #expect(try await journal.store.latestScreening(kind: .full)?.id == full.id)
        #expect(try await journal.store.latestScreening(kind: .checkIn)?.id == checkIn.id)
        #expect(try await journal.store.screenings(from: november(2)).map(\.id) == [checkIn.id])
        try await journal.store.markScreeningUsed(id: checkIn.id, at: november(2, 8))
        let used = try await journal.store.latestScreening(kind: .checkIn)
        #expect(used?.usedAt == november(2, 8))
        #expect(used?.past.used == true)
        let backup = try await journal.store.backup(exportedAt: november(3))
        #expect(backup.screenings.map(\.kind) == [.full, .checkIn])
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
        let screening = try #require(try await store.latestScreening(kind: .full))
        #expect(screening.usedAt == screening.at)
        #expect(screening.answers == ["rf-fever": false])
    }

    @Test("a restored record with a known id and other content is a conflict, named, and nothing is imported")
    func restoreConflict() async throws {
        let journal = try TemporaryJournal()
        let kept = session(day: 1, before: 6, after: 3)
        try await journal.store.add(kept)
        var changed = kept
        changed.painAfter = 5
        let fresh = session(day: 2)
        do {
            _ = try await journal.store.restore(JournalBackup(exportedAt: november(3), sessions: [fresh, changed]))
            Issue.record("a conflict must be refused")
        } catch let error as JournalError {
            #expect(error == .conflict(list: "sessions", index: 1, id: kept.id))
        }
        #expect(try await journal.store.sessions(SessionQuery()) == [kept], "all or nothing")
        // The same content is simply already there; and two differing copies in one file conflict too.
        #expect(try await journal.store.restore(JournalBackup(exportedAt: november(3), sessions: [kept])).alreadyPresent == 1)
        var twin = fresh
        twin.note = "another"
        await #expect(throws: JournalError.conflict(list: "sessions", index: 1, id: fresh.id)) {
            try await journal.store.restore(JournalBackup(exportedAt: november(3), sessions: [fresh, twin]))
        }
    }

    @Test("a restore adds only what is missing, all in one go, and a second restore adds nothing")
    func restore() async throws {
        let journal = try TemporaryJournal()
        let existing = session(day: 1)
        try await journal.store.add(existing)
        let backup = JournalBackup(
            exportedAt: november(20), sessions: [existing, session(day: 2), session(day: 3)],
            painRatings: [PainRating(at: november(2), timeZone: "UTC", pain: 4)])
        #expect(try await journal.store.restore(backup) == ImportCounts(added: 3, alreadyPresent: 1))
        #expect(try await journal.store.restore(backup) == ImportCounts(added: 0, alreadyPresent: 4))
        let all = try await journal.store.backup(exportedAt: november(21))
        #expect(all.sessions.count == 3)
        #expect(all.painRatings.count == 1)
    }

    @Test("a backup of a backup is the same journal")
    func lossless() async throws {
        let first = try TemporaryJournal()
        let second = try TemporaryJournal()
        for day in [5, 1, 3] { try await first.store.add(session(day: day, note: day == 3 ? "line one\nline two" : nil)) }
        try await first.store.add(ScreeningRecord(at: november(1), timeZone: "UTC", verdict: .clear, answers: ["rf-fever": false]))
        let backup = try await first.store.backup(exportedAt: november(20))
        let data = try JournalBackup.encoder().encode(backup)
        let decoded = try JournalBackup.decoder().decode(JournalBackup.self, from: data)
        _ = try await second.store.restore(decoded)
        #expect(try await second.store.backup(exportedAt: november(20)) == backup)
        #expect(backup.sessions.map(\.startedAt) == [november(1), november(3), november(5)])
    }

    @Test("the file survives closing and reopening, in WAL mode, and is sound")
    func reopen() async throws {
        let journal = try TemporaryJournal()
        try await journal.store.add(session(day: 1))
        let again = try SQLiteJournalStore(path: journal.path)
        #expect(try await again.sessions(SessionQuery()).count == 1)
        #expect(try await again.integrityCheck() == "ok")
        let queue = try DatabaseQueue(path: journal.path)
        let mode = try await queue.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        #expect(mode == "wal")
    }

    @Test("the database refuses a pain score outside 0–10 even if a caller skips validation")
    func checkConstraint() async throws {
        let journal = try TemporaryJournal()
        await #expect(throws: (any Error).self) { try await journal.store.add(session(day: 1, before: 11)) }
        #expect(try await journal.store.sessions(SessionQuery()).isEmpty)
    }

    @Test("a row this version cannot read is reported, naming its table, id and column, not a crash")
    func foreignRow() async throws {
        let journal = try TemporaryJournal()
        let queue = try DatabaseQueue(path: journal.path)
        try await queue.write { db in
            try db.execute(
                sql: "INSERT INTO session (id, startedAt, timeZone, regions, source) VALUES ('x', '2026-11-01 07:30', 'UTC', '[]', 'log')")
        }
        await #expect(throws: JournalError.unreadable(table: "session", id: "x", column: "id", problem: "'x' is not a UUID")) {
            try await journal.store.sessions(SessionQuery())
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
