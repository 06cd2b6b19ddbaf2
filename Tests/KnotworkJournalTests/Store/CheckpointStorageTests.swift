import Foundation
import GRDB
import KnotworkCore
import KnotworkSession
import Synchronization
import Testing

@testable import KnotworkJournal

/// A live session as the SQLite store wrote it before v6: the whole record in `record`.
func saveWhole(_ live: LiveSessionRecord, owner: AccountID, in writer: any DatabaseWriter) async throws {
    let record = try StoredJSON.text(live)
    try await writer.write { db in
        try db.execute(
            sql: "INSERT INTO liveSession (id, owner, updatedAt, record) VALUES (?, ?, ?, ?)",
            arguments: [live.id.lowercased, owner.description, StoredSeconds(live.updatedAt), record])
    }
}

/// A live session 100 s in, partway through a step with cues still to come.
func liveMidStep(day: Int) throws -> (live: LiveSessionRecord, machine: SessionMachine) {
    var live = try liveSession(day: day)
    var machine = SessionMachine.restore(live.checkpoint, at: .zero)
    _ = machine.handle(.start, at: .zero)
    _ = machine.advance(to: .seconds(100))
    live.record(machine, at: .seconds(100))
    live.updatedAt = november(day, 9)
    return (live, machine)
}

@Suite("checkpoints stored in two parts: the plan once, the moving state every time")
struct CheckpointStorageTests {
    static let beforeTwoParts = "v5: sign-in, tokens, clinics"

    /// The cues a machine says from `from` to `to`, a second at a time, as "kind#step@seconds".
    static func cues(_ machine: SessionMachine, from: Int, to: Int) -> [String] {
        var machine = machine
        var said: [String] = []
        for second in from...to {
            said += machine.advance(to: .seconds(second)).map { "\($0.kind.rawValue)#\($0.step ?? 0)@\($0.at)" }
        }
        return said
    }

    @Test("a record's two stored parts make the record again, mid-step, and with steps other than the plan's")
    func roundTrip() throws {
        let (live, _) = try liveMidStep(day: 2)
        let again = try LiveSessionRecord(fixed: try live.storedFixed(), moving: try live.storedMoving(), id: live.id.lowercased)
        #expect(again == live)
        #expect(try LiveSessionRecord(record: try StoredJSON.encoder.encode(live), id: live.id.lowercased) == live)

        // An engine on fewer steps than its plan: its steps are stored, not taken from the plan.
        let fewer = SessionMachine(
            plan: Plan(request: live.plan.request, steps: Array(live.plan.steps.prefix(2))), cues: live.checkpoint.machine.cues)
        var other = live
        other.checkpoint = fewer.checkpoint(at: .zero)
        let read = try LiveSessionRecord(fixed: try other.storedFixed(), moving: try other.storedMoving(), id: other.id.lowercased)
        #expect(read == other && read.checkpoint.machine.steps.count == 2)
        #expect(try JSONSerialization.jsonObject(with: live.storedFixed()) as? [String: Any] != nil)
        let object = try #require(try JSONSerialization.jsonObject(with: live.storedMoving()) as? [String: Any])
        #expect(object["v"] as? Int == 2)
    }

    @Test("the moving part holds none of the plan's words and is a small part of the whole record")
    func movingIsSmall() throws {
        let (live, _) = try liveMidStep(day: 2)
        let moving = String(decoding: try live.storedMoving(), as: UTF8.self)
        let fixed = String(decoding: try live.storedFixed(), as: UTF8.self)
        let whole = try StoredJSON.text(live)
        for words in live.plan.steps.flatMap({ [$0.cue, $0.why] }).filter({ !$0.isEmpty }) {
            #expect(!moving.contains(words), "\(words)")
            #expect(fixed.contains(words), "\(words)")
        }
        #expect(moving.utf8.count * 5 < whole.utf8.count, "moving \(moving.utf8.count) bytes, whole \(whole.utf8.count)")
    }

    @Test("a v5 journal's whole-record checkpoint restores after migrating, and its next save turns it into two parts")
    func migratesWholeCheckpoints() async throws {
        let (live, machine) = try liveMidStep(day: 12)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("knotwork-ckpt-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("journal.sqlite").path
        let old = try DatabaseQueue(path: path)
        try JournalSchema.migrator.migrate(old, upTo: Self.beforeTwoParts)
        try await saveWhole(try liveSession(day: 11), owner: .local, in: old)
        try await saveWhole(live, owner: .local, in: old)
        let before = try await JournalSchemaTests.rows(old, ["id", "owner", "updatedAt", "record"], of: "liveSession")
        try old.close()

        let store = try SQLiteJournalStore(path: path)
        #expect(try await JournalSchemaTests.rows(store.writer, ["id", "owner", "updatedAt", "record"], of: "liveSession") == before)
        let restored = try #require(try await store.liveSession(id: live.id, owner: .local))
        #expect(restored == live)
        #expect(try await store.latestLiveSession(owner: .local) == live)
        let resumed = SessionMachine.restore(restored.checkpoint, at: .seconds(100))
        #expect(Self.cues(resumed, from: 100, to: 400) == Self.cues(machine, from: 100, to: 400))
        #expect(!Self.cues(machine, from: 100, to: 400).isEmpty)

        var later = restored
        var moved = resumed
        _ = moved.advance(to: .seconds(130))
        later.record(moved, at: .seconds(130))
        later.updatedAt = november(12, 10)
        try await store.save(later, owner: .local)
        #expect(try await store.liveSession(id: live.id, owner: .local) == later)
        let (record, moving) = try await store.writer.read { db -> (String?, String?) in
            let row = try Row.fetchOne(db, sql: "SELECT record, moving FROM liveSession WHERE id = ?", arguments: [live.id.lowercased])
            return (row?["record"], row?["moving"])
        }
        #expect(record == nil && moving != nil)
        #expect(try await store.writer.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM liveSessionFixed") } == 1)
        #expect(try await store.integrityCheck() == "ok")
        #expect(try await store.writer.read { db in try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").count } == 0)
        let indexes = try await store.writer.read { db in try db.indexes(on: "liveSession").map(\.name) }
        #expect(indexes.contains("liveSession_by_owner"))
    }

    @Test("a later save writes the moving part and updatedAt, never the plan again")
    func laterSavesWriteMovingOnly() async throws {
        let (store, statements) = try tracedStore()
        var (live, machine) = try liveMidStep(day: 3)
        try await store.save(live, owner: .local)
        let first = statements.withLock { $0 }.joined(separator: "\n")
        #expect(first.contains("INSERT OR REPLACE INTO liveSessionFixed"))
        statements.withLock { $0.removeAll() }

        for second in [110, 120, 130] {
            _ = machine.advance(to: .seconds(second))
            live.record(machine, at: .seconds(second))
            live.updatedAt = november(3, 9).addingTimeInterval(Double(second))
            try await store.save(live, owner: .local)
            try await store.save([OwnedLiveSession(live, owner: .local)])
        }
        let later = statements.withLock { $0 }.filter {
            !$0.hasPrefix("BEGIN") && !$0.hasPrefix("COMMIT") && !$0.hasPrefix("SAVEPOINT") && !$0.hasPrefix("RELEASE")
        }
        #expect(later.count == 6 && later.allSatisfy { $0.hasPrefix("UPDATE liveSession SET updatedAt") }, "\(later)")
        for words in live.plan.steps.map(\.cue) { #expect(!later.joined().contains(words), "\(words)") }
        #expect(try await store.liveSession(id: live.id, owner: .local) == live)
    }

    @Test("a finished, discarded or deleted account's checkpoint leaves no fixed part behind")
    func fixedPartsGo() async throws {
        let journal = try TemporaryJournal()
        let store = journal.store
        let (first, second, third) = (try liveSession(day: 1), try liveSession(day: 2), try liveSession(day: 3))
        let other = AccountID(UUID())
        try await store.addAccount(other, createdAt: november(1))
        try await store.save(first, owner: .local)
        try await store.save([OwnedLiveSession(second, owner: .local), OwnedLiveSession(third, owner: other)])
        let count = { try await store.writer.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM liveSessionFixed") } }
        #expect(try await count() == 3)
        try await store.finish(first, as: first.finished(endedAt: november(1, 10), painAfter: 2), owner: .local)
        try await store.discardLiveSession(id: second.id, owner: .local)
        #expect(try await count() == 1)
        #expect(try await store.deleteAccount(other))
        #expect(try await count() == 0)
        // The trigger, not only the foreign key: with foreign keys off the fixed part goes too.
        var configuration = Configuration()
        configuration.foreignKeysEnabled = false
        let unchecked = try SQLiteJournalStore(writer: DatabasePool(path: journal.path, configuration: configuration))
        try await unchecked.save(first, owner: .local)
        try await unchecked.discardLiveSession(id: first.id, owner: .local)
        #expect(try await unchecked.writer.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM liveSessionFixed") } == 0)
    }
}
