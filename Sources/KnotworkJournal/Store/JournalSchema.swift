import Foundation
import GRDB

/// The journal's schema: its migrations, and how they are applied.
enum JournalSchema {
    /// The migrations, in order, by the identifiers GRDB's migrator records in
    /// `grdb_migrations`. Shipped migrations are frozen: change the schema by adding one.
    static let migrations: [(identifier: String, migrate: @Sendable (Database) throws -> Void)] = [
        (
            "v1: sessions, pain ratings, screenings",
            { db in
                try db.create(table: "session") { t in
                    t.primaryKey("id", .text)
                    // Times are whole seconds since 1970 in UTC: compact, fast to compare and to convert.
                    t.column("startedAt", .integer).notNull().indexed()
                    t.column("timeZone", .text).notNull()
                    t.column("endedAt", .integer)
                    t.column("regions", .text).notNull()
                    t.column("side", .text)
                    t.column("painBefore", .integer).check { $0 >= 0 && $0 <= 10 }
                    t.column("painAfter", .integer).check { $0 >= 0 && $0 <= 10 }
                    t.column("pressureSeconds", .integer).notNull().defaults(to: 0)
                    t.column("steps", .text).notNull().defaults(to: "[]")
                    t.column("plan", .text)
                    t.column("note", .text)
                    t.column("source", .text).notNull()
                }
                try db.create(table: "painRating") { t in
                    t.primaryKey("id", .text)
                    t.column("at", .integer).notNull().indexed()
                    t.column("timeZone", .text).notNull()
                    t.column("pain", .integer).notNull().check { $0 >= 0 && $0 <= 10 }
                    t.column("region", .text)
                    t.column("side", .text)
                    t.column("note", .text)
                }
                try db.create(table: "screening") { t in
                    t.primaryKey("id", .text)
                    t.column("at", .integer).notNull().indexed()
                    t.column("timeZone", .text).notNull()
                    t.column("verdict", .text).notNull()
                    t.column("answers", .text).notNull()
                }
            }
        ),
        (
            "v2: live-session checkpoints",
            { db in
                try db.create(table: "liveSession") { t in
                    t.primaryKey("id", .text)
                    t.column("updatedAt", .integer).notNull().indexed()
                    t.column("record", .text).notNull()
                }
            }
        ),
        (
            "v3: check-ins, and the session each screening was used for",
            { db in
                // Earlier screenings were all full ones, and count as used: they are long past.
                try db.alter(table: "screening") { t in
                    t.add(column: "kind", .text).notNull().defaults(to: "full")
                    t.add(column: "usedAt", .integer)
                }
                try db.execute(sql: "UPDATE screening SET usedAt = at")
            }
        ),
        ("v4: accounts, and every record's owner", ownedRecords),
        ("v5: sign-in, tokens, clinics", signInTokensClinics),
        ("v6: checkpoints store the plan once", checkpointsInTwoParts),
    ]

    /// Every record belongs to an account: the table of accounts, holding the local one, which
    /// owns every record there was. A column with a foreign key cannot be added to a table that
    /// has rows (SQLite wants its default NULL), so each record table is made anew with it, its
    /// rows copied with their rowids (the order screenings of one second are read in), the old
    /// one dropped and the new one renamed. The time indexes become indexes by owner and time,
    /// so that every query, all of them by owner, reads one account's rows in order.
    private static func ownedRecords(_ db: Database) throws {
        try db.create(table: "account") { t in
            t.primaryKey("id", .text)
            t.column("createdAt", .integer).notNull()
        }
        try db.execute(
            sql: "INSERT INTO account (id, createdAt) VALUES (?, CAST(strftime('%s', 'now') AS INTEGER))",
            arguments: [AccountID.local.description])
        try rebuild(db, "session", order: "startedAt") { t in
            t.column("startedAt", .integer).notNull()
            t.column("timeZone", .text).notNull()
            t.column("endedAt", .integer)
            t.column("regions", .text).notNull()
            t.column("side", .text)
            t.column("painBefore", .integer).check { $0 >= 0 && $0 <= 10 }
            t.column("painAfter", .integer).check { $0 >= 0 && $0 <= 10 }
            t.column("pressureSeconds", .integer).notNull().defaults(to: 0)
            t.column("steps", .text).notNull().defaults(to: "[]")
            t.column("plan", .text)
            t.column("note", .text)
            t.column("source", .text).notNull()
        }
        try rebuild(db, "painRating", order: "at") { t in
            t.column("at", .integer).notNull()
            t.column("timeZone", .text).notNull()
            t.column("pain", .integer).notNull().check { $0 >= 0 && $0 <= 10 }
            t.column("region", .text)
            t.column("side", .text)
            t.column("note", .text)
        }
        try rebuild(db, "screening", order: "at") { t in
            t.column("at", .integer).notNull()
            t.column("timeZone", .text).notNull()
            t.column("verdict", .text).notNull()
            t.column("answers", .text).notNull()
            t.column("kind", .text).notNull().defaults(to: "full")
            t.column("usedAt", .integer)
        }
        try rebuild(db, "liveSession", order: "updatedAt") { t in
            t.column("updatedAt", .integer).notNull()
            t.column("record", .text).notNull()
        }
    }

    /// Makes `table` anew with its `id`, an `owner` and the columns `define` adds (every column
    /// it had), copies its rows to the local account, and indexes it by owner, `order` and id.
    private static func rebuild(_ db: Database, _ table: String, order: String, define: (TableDefinition) -> Void) throws {
        let fresh = table + "_owned"
        try db.create(table: fresh) { t in
            t.primaryKey("id", .text)
            t.column("owner", .text).notNull().references("account", onDelete: .cascade)
            define(t)
        }
        let columns = try db.columns(in: table).map { "\"\($0.name)\"" }.joined(separator: ", ")
        try db.execute(
            sql: "INSERT INTO \(fresh) (rowid, owner, \(columns)) SELECT rowid, ?, \(columns) FROM \(table)",
            arguments: [AccountID.local.description])
        try db.drop(table: table)
        try db.rename(table: fresh, to: table)
        try db.create(index: "\(table)_by_owner", on: table, columns: ["owner", order, "id"])
    }

    /// The migrations as GRDB's migrator: what reads which of them a file has
    /// (``DatabaseMigrator/appliedIdentifiers(_:)``).
    static let migrator: DatabaseMigrator = {
        var migrator = DatabaseMigrator()
        for migration in migrations {
            migrator.registerMigration(migration.identifier, migrate: migration.migrate)
        }
        return migrator
    }()

    /// Brings a journal's schema up to date, all pending migrations in one IMMEDIATE
    /// transaction. Two processes opening a new journal at the same moment (the server and
    /// `knotwork log`, say) both reach here: the second one's BEGIN IMMEDIATE waits (the
    /// connection's busy timeout) until the first has committed every migration, and then
    /// finds them all applied. GRDB's `DatabaseMigrator.migrate` cannot give that: it reads
    /// which migrations are applied outside of any transaction and runs each in its own, so
    /// the second process would run them again and fail on a table that already exists.
    ///
    /// The bookkeeping is GRDB's own (`grdb_migrations`, one row per identifier), so files
    /// stay exactly as `DatabaseMigrator` made and reads them.
    /// - Parameter updating: called once before the migrations an existing journal lacks are
    ///   run (not for a new journal): a large journal's first open by a newer version copies its
    ///   rows, which takes a moment (about 13 s for a million sessions), and a person is told.
    static func migrate(_ writer: any DatabaseWriter, updating: (@Sendable () -> Void)? = nil) throws {
        try writer.barrierWriteWithoutTransaction { db in
            // Most opens find the journal up to date: a plain read says so without taking the
            // write lock, which the server may be holding for a long import.
            if try db.tableExists("grdb_migrations"), try migrator.hasCompletedMigrations(db) { return }
            try db.inTransaction(.immediate) {
                try db.execute(sql: "CREATE TABLE IF NOT EXISTS grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY)")
                let applied = try migrator.appliedIdentifiers(db)
                if !applied.isEmpty, migrations.contains(where: { !applied.contains($0.identifier) }) { updating?() }
                for migration in migrations where !applied.contains(migration.identifier) {
                    try migration.migrate(db)
                    try db.execute(
                        sql: "INSERT INTO grdb_migrations (identifier) VALUES (:identifier)",
                        arguments: ["identifier": migration.identifier])
                }
                return .commit
            }
        }
    }
}
