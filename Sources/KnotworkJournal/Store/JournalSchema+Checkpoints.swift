import Foundation
import GRDB

// Migration v6: a live session's checkpoint in two parts (LiveSessionRecord+Stored.swift).
// Frozen once shipped, as every migration is.
extension JournalSchema {
    /// The fixed part of a checkpoint (the plan, some 15 KB) gets a table of its own,
    /// `liveSessionFixed`, written once per session; `liveSession` keeps the moving part, written
    /// on every cue and event. Not a column of `liveSession`: SQLite writes a row whole whenever
    /// its length changes, overflow pages and all, so a plan in the same row would be written
    /// again by every save.
    ///
    /// Rows written before keep their whole record in `record` (version 1) until their next
    /// save turns them into two parts. `record` may now be NULL, which SQLite cannot change with
    /// ALTER: the table is made anew with its rows, rowids, owners and index (as v4 did).
    static func checkpointsInTwoParts(_ db: Database) throws {
        try db.create(table: "liveSession_v6") { t in
            t.primaryKey("id", .text)
            t.column("owner", .text).notNull().references("account", onDelete: .cascade)
            t.column("updatedAt", .integer).notNull()
            // Version 1: the whole record as JSON.
            t.column("record", .text)
            // Version 2: the moving part as JSON; the fixed part is in liveSessionFixed.
            t.column("moving", .text)
            t.check(sql: "record IS NOT NULL OR moving IS NOT NULL")
        }
        try db.execute(
            sql: """
                INSERT INTO liveSession_v6 (rowid, id, owner, updatedAt, record) \
                SELECT rowid, id, owner, updatedAt, record FROM liveSession
                """)
        try db.drop(table: "liveSession")
        try db.rename(table: "liveSession_v6", to: "liveSession")
        try db.create(index: "liveSession_by_owner", on: "liveSession", columns: ["owner", "updatedAt", "id"])

        try db.create(table: "liveSessionFixed") { t in
            t.primaryKey("id", .text).references("liveSession", onDelete: .cascade)
            t.column("fixed", .text).notNull()
        }
        // Gone with its checkpoint even on a connection with foreign keys off, as every
        // deletion of the store is (SQLiteJournalStore.accountColumns).
        try db.execute(
            sql: """
                CREATE TRIGGER liveSession_fixedGone AFTER DELETE ON liveSession BEGIN \
                DELETE FROM liveSessionFixed WHERE id = OLD.id; END
                """)
    }
}
