import Foundation
import GRDB
import Testing

@testable import KnotworkJournal

/// The schema of accounts (migration v5) as SQLite holds it: what a journal from before it
/// becomes, and what a stored value this version cannot read is reported as.
@Suite("the journal's schema: accounts")
struct AccountSchemaTests {
    static let beforeAccounts = "v4: accounts, and every record's owner"

    @Test("a journal from before sign-in opens with its rows kept and the local account with no email, the mark not going back")
    func migratesToAccounts() async throws {
        let source = try SQLiteJournalStore(writer: DatabaseQueue())
        try await JournalStoreContractTests.fill(source, owner: .local)
        // A checkpoint as the versions before v6 stored it, whole.
        try await saveWhole(try liveSession(day: 12), owner: .local, in: source.writer)

        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("knotwork-accounts-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("journal.sqlite").path
        let old = try DatabaseQueue(path: path)
        try JournalSchema.migrator.migrate(old, upTo: Self.beforeAccounts)
        var before: [String: (columns: [String], rows: [[DatabaseValue]])] = [:]
        for table in JournalSchemaTests.recordTables {
            let columns = try await old.read { db in try db.columns(in: table).map(\.name) }
            let rows = try await JournalSchemaTests.rows(source.writer, columns, of: table)
            try await old.write { db in
                let list = (["rowid"] + columns).joined(separator: ", ")
                let marks = Array(repeating: "?", count: columns.count + 1).joined(separator: ", ")
                for row in rows {
                    try db.execute(sql: "INSERT INTO \(table) (\(list)) VALUES (\(marks))", arguments: StatementArguments(row))
                }
            }
            before[table] = (columns, try await JournalSchemaTests.rows(old, columns, of: table))
            #expect(before[table]?.rows.isEmpty == false, "\(table) has rows to migrate")
        }
        let lastRowID = try await old.read { db in try Int64.fetchOne(db, sql: "SELECT max(rowid) FROM session") ?? 0 }
        try old.close()

        let store = try SQLiteJournalStore(path: path)
        for (table, old) in before {
            #expect(try await JournalSchemaTests.rows(store.writer, old.columns, of: table) == old.rows, "\(table)")
        }
        let local = try #require(try await store.account(id: .local))
        #expect(local.email == nil && local.displayName == "" && local.role == .person && !local.isAdmin)
        #expect(try await store.passwordStamp(account: .local) == 0)
        #expect(try await store.accountCount() == 0)
        #expect(try await store.sessionsMark() >= lastRowID, "the mark goes on from where the largest rowid had it")
        #expect(try await store.integrityCheck() == "ok")
        let broken = try await store.writer.read { db in try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").count }
        #expect(broken == 0)
    }

    @Test("a stored role or day this version cannot read is reported, naming its table, id and column", arguments: StoreFactory.sqlite)
    func unreadable(_ factory: StoreFactory) async throws {
        let store = try #require(try await factory.make() as? SQLiteJournalStore)
        let (ada, bob) = (try await store.person("ada", .clinician), try await store.person("bob"))
        let written = prescription(patient: bob.id, clinician: ada.id)
        try await store.save(written)
        try await store.writer.write { db in try db.execute(sql: "UPDATE prescription SET starts = '2026-02-30'") }
        await #expect(
            throws: JournalError.unreadable(
                table: "prescription", id: written.id.lowercased, column: "starts", problem: "'2026-02-30' is not a day in YYYY-MM-DD form")
        ) { try await store.prescriptions(patient: bob.id) }

        try await store.writer.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA ignore_check_constraints = ON")
            try db.execute(sql: "UPDATE account SET role = 'boss' WHERE id = ?", arguments: [bob.id.description])
            try db.execute(sql: "PRAGMA ignore_check_constraints = OFF")
        }
        let problem = JournalError.unreadable(
            table: "account", id: bob.id.description, column: "role", problem: "'boss' is not person or clinician")
        await #expect(throws: problem) { try await store.account(id: bob.id) }
        await #expect(throws: problem) { try await store.credentials(email: "bob@example.org") }
    }

    @Test("the check on roles refuses one the enumeration does not have", arguments: StoreFactory.sqlite)
    func roleCheck(_ factory: StoreFactory) async throws {
        let store = try #require(try await factory.make() as? SQLiteJournalStore)
        await #expect(throws: DatabaseError.self) {
            try await store.writer.write { db in try db.execute(sql: "UPDATE account SET role = 'boss'") }
        }
        #expect(Account.Role.allCases.map(\.rawValue) == ["person", "clinician"], "a new role needs a migration widening the check")
    }

    @Test("the sessions mark shows another process's account deletion after its lifetime, and never repeats")
    func markAcrossProcesses() async throws {
        let journal = try TemporaryJournal()
        let checking = try SQLiteJournalStore(path: journal.path, markLifetime: .zero)
        let bob = try await journal.store.person("bob")
        try await journal.store.add(session(day: 1), owner: .local)
        try await journal.store.add(session(day: 2), owner: bob.id)
        let withBob = try await checking.sessionsMark()
        #expect(try await journal.store.deleteAccount(bob.id))
        let deleted = try await checking.sessionsMark()
        try await journal.store.add(session(day: 3), owner: .local)
        let added = try await checking.sessionsMark()
        #expect(withBob < deleted && deleted < added)
    }
}
