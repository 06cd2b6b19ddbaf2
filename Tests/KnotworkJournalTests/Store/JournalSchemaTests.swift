import Foundation
import GRDB
import KnotworkCore
import Synchronization
import Testing

@testable import KnotworkJournal

@Suite("the journal's schema: owners (real files)")
struct JournalSchemaTests {
    static let beforeOwners = "v3: check-ins, and the session each screening was used for"
    static let recordTables = ["session", "painRating", "screening", "liveSession"]

    @Test("a journal from before owners opens with every row, rowid and value kept, all the local account's, exporting the same bytes")
    func migratesToOwners() async throws {
        // The records, written by this version to a journal in memory, and what it exports.
        let source = try SQLiteJournalStore(writer: DatabaseQueue())
        try await JournalStoreContractTests.fill(source, owner: .local)
        try await source.add(try coached(day: 11), owner: .local)
        let used = try #require(try await source.latestScreening(kind: .checkIn, owner: .local))
        try await source.markScreeningUsed(id: used.id, at: november(8, 9), owner: .local)
        // A checkpoint as the versions before v6 stored it, whole.
        let live = try liveSession(day: 12)
        try await saveWhole(live, owner: .local, in: source.writer)
        let exports = try await Self.exports(source)

        // The same rows in a file as the shipped schema (to v3) holds them, without owners.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("knotwork-owners-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("journal.sqlite").path
        let old = try DatabaseQueue(path: path)
        try JournalSchema.migrator.migrate(old, upTo: Self.beforeOwners)
        var before: [String: (columns: [String], rows: [[DatabaseValue]])] = [:]
        for table in Self.recordTables {
            let columns = try await old.read { db in try db.columns(in: table).map(\.name) }
            let rows = try await Self.rows(source.writer, columns, of: table)
            try await old.write { db in
                let list = (["rowid"] + columns).joined(separator: ", ")
                let marks = Array(repeating: "?", count: columns.count + 1).joined(separator: ", ")
                for row in rows {
                    try db.execute(sql: "INSERT INTO \(table) (\(list)) VALUES (\(marks))", arguments: StatementArguments(row))
                }
            }
            before[table] = (columns, try await Self.rows(old, columns, of: table))
            #expect(before[table]?.rows.isEmpty == false, "\(table) has rows to migrate")
        }
        try old.close()

        let store = try SQLiteJournalStore(path: path)
        for (table, old) in before {
            #expect(try await Self.rows(store.writer, old.columns, of: table) == old.rows, "\(table)")
            let owners = try await store.writer.read { db in try String.fetchAll(db, sql: "SELECT DISTINCT owner FROM \(table)") }
            #expect(owners == [AccountID.local.description], "\(table)")
        }
        #expect(try await Self.exports(store) == exports)
        #expect(try await store.liveSession(id: live.id, owner: .local) == live)
        let accounts = try await store.writer.read { db in try String.fetchAll(db, sql: "SELECT id FROM account") }
        #expect(accounts == [AccountID.local.description])
        let broken = try await store.writer.read { db in try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").count }
        #expect(broken == 0, "every owner is an account")
        #expect(try await store.integrityCheck() == "ok")
    }

    @Test("the session list, the history's page and digest, and the export pages search by owner, scanning nothing")
    func queriesUseOwnerIndexes() async throws {
        let (store, statements) = try tracedStore()
        try await JournalStoreContractTests.fill(store, owner: .local)
        statements.withLock { $0.removeAll() }

        _ = try await store.sessions(SessionQuery(limit: 50), owner: .local)
        _ = try await store.sessions(SessionQuery(region: "outer-hip", limit: 50), owner: .local)
        let page = SessionQuery(from: november(2), limit: 2, newestFirst: true, after: RecordKey(at: november(9), id: UUID()))
        _ = try await store.sessions(page, owner: .local)
        _ = try await store.digest(page, owner: .local, timeZone: utc)
        _ = try await store.painRatings(after: RecordKey(at: november(2), id: UUID()), limit: 500, owner: .local)
        _ = try await store.screenings(after: nil, limit: 500, owner: .local)
        let reads = statements.withLock { $0 }.filter { $0.hasPrefix("SELECT") }
        #expect(reads.count == 6)
        for sql in reads {
            let plan = try await store.writer.read { db in
                try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN \(sql)").map { $0["detail"] as String }
            }
            #expect(plan.count == 1 && plan.allSatisfy { $0.hasPrefix("SEARCH") && $0.contains("_by_owner (owner=?") }, "\(sql): \(plan)")
        }
    }

    /// A table's rows in rowid order: their rowids and the values of `columns`.
    static func rows(_ reader: any DatabaseReader, _ columns: [String], of table: String) async throws -> [[DatabaseValue]] {
        let sql = "SELECT \((["rowid"] + columns).joined(separator: ", ")) FROM \(table) ORDER BY rowid"
        return try await reader.read { db in try Row.fetchAll(db, sql: sql).map { Array($0.databaseValues) } }
    }

    /// The local account's records in every export format.
    static func exports(_ store: any JournalStore) async throws -> [String] {
        var texts: [String] = []
        for format in ExportFormat.allCases {
            var text = ""
            try await JournalExport(store: store, owner: .local, format: format, now: november(20)).write { text += $0 }
            texts.append(text)
        }
        return texts
    }
}
