import Foundation
import GRDB

// Migration v5: what a server with accounts keeps beside the records (AccountStore). Frozen once
// shipped, as every migration is: the role names of its check are written out, not taken from
// `Account.Role`, so that a later role comes with a later migration.
extension JournalSchema {
    /// Accounts that sign in; values with an expiry; API tokens, invitations, care links,
    /// prescriptions, alerts seen and the access log, each gone with an account it names (every
    /// reference to `account` cascades); and the sessions mark, which deleting an account would
    /// otherwise move backwards (see ``SQLiteJournalStore/sessionsMark()``).
    static func signInTokensClinics(_ db: Database) throws {
        try db.alter(table: "account") { t in
            // SQLite adds no UNIQUE column to a table: the unique index below makes it one.
            t.add(column: "email", .text)
            t.add(column: "passwordHash", .text)
            t.add(column: "passwordStamp", .integer).notNull().defaults(to: 0)
            t.add(column: "displayName", .text).notNull().defaults(to: "")
            t.add(column: "role", .text).notNull().defaults(to: "person").check { ["person", "clinician"].contains($0) }
            t.add(column: "isAdmin", .boolean).notNull().defaults(to: false)
        }
        // NULLs are distinct in a unique index: the local account, and any other without an
        // email, do not collide.
        try db.create(index: "account_by_email", on: "account", columns: ["email"], options: .unique)

        try db.create(table: "keyValue") { t in
            t.primaryKey("key", .text)
            t.column("value", .blob).notNull()
            // Milliseconds since 1970: a sign-in session's or a rate limit's expiry is finer
            // than the whole seconds of the records.
            t.column("expires", .integer).indexed()
        }

        try db.create(table: "apiToken") { t in
            t.primaryKey("id", .text)
            t.column("owner", .text).notNull().references("account", onDelete: .cascade)
            t.column("name", .text).notNull()
            t.column("hash", .text).notNull().unique()
            t.column("createdAt", .integer).notNull()
            t.column("lastUsedAt", .integer)
            t.column("revokedAt", .integer)
        }
        try db.create(index: "apiToken_by_owner", on: "apiToken", columns: ["owner", "createdAt"])

        try db.create(table: "invite") { t in
            t.primaryKey("id", .text)
            t.column("clinician", .text).notNull().references("account", onDelete: .cascade)
            t.column("codeHash", .text).notNull().unique()
            t.column("createdAt", .integer).notNull()
            t.column("expiresAt", .integer).notNull()
            t.column("acceptedBy", .text).references("account", onDelete: .cascade)
            t.column("acceptedAt", .integer)
        }
        try db.create(index: "invite_by_clinician", on: "invite", columns: ["clinician", "createdAt"])
        try db.create(index: "invite_by_acceptedBy", on: "invite", columns: ["acceptedBy"])

        // A link ended stays, for the patient's history; the pair may be linked again after.
        // So the key is a row number, and at most one link of a pair stands (revokedAt NULL).
        try db.create(table: "careLink") { t in
            t.primaryKey("id", .integer)
            t.column("clinician", .text).notNull().references("account", onDelete: .cascade)
            t.column("patient", .text).notNull().references("account", onDelete: .cascade)
            t.column("grantedAt", .integer).notNull()
            t.column("revokedAt", .integer)
        }
        try db.create(
            index: "careLink_standing", on: "careLink", columns: ["clinician", "patient"], options: .unique,
            condition: Column("revokedAt") == nil)
        try db.create(index: "careLink_by_patient", on: "careLink", columns: ["patient", "grantedAt"])
        try db.create(index: "careLink_by_clinician", on: "careLink", columns: ["clinician", "grantedAt"])

        try db.create(table: "prescription") { t in
            t.primaryKey("id", .text)
            t.column("patient", .text).notNull().references("account", onDelete: .cascade)
            t.column("clinician", .text).notNull().references("account", onDelete: .cascade)
            t.column("regions", .text).notNull()
            t.column("side", .text).notNull()
            t.column("tools", .text).notNull()
            t.column("minutes", .integer).notNull()
            t.column("days", .text).notNull()
            // Calendar days as YYYY-MM-DD: they have no time or zone.
            t.column("starts", .text).notNull()
            t.column("ends", .text)
            t.column("notes", .text)
            t.column("createdAt", .integer).notNull()
        }
        try db.create(index: "prescription_by_patient", on: "prescription", columns: ["patient", "createdAt"])
        try db.create(index: "prescription_by_clinician", on: "prescription", columns: ["clinician"])

        try db.create(table: "alertSeen") { t in
            t.column("clinician", .text).notNull().references("account", onDelete: .cascade)
            t.column("patient", .text).notNull().references("account", onDelete: .cascade)
            t.column("key", .text).notNull()
            t.column("seenAt", .integer).notNull()
            t.primaryKey(["clinician", "patient", "key"])
        }
        try db.create(index: "alertSeen_by_patient", on: "alertSeen", columns: ["patient"])

        try db.create(table: "accessLog") { t in
            t.primaryKey("id", .text)
            t.column("patient", .text).notNull().references("account", onDelete: .cascade)
            t.column("clinician", .text).notNull().references("account", onDelete: .cascade)
            t.column("at", .integer).notNull()
            t.column("what", .text).notNull()
        }
        try db.create(index: "accessLog_by_patient", on: "accessLog", columns: ["patient", "at"])
        try db.create(index: "accessLog_by_clinician", on: "accessLog", columns: ["clinician"])

        // One row, bumped in the transaction of every session write and account deletion. It
        // starts where the old mark (the largest session rowid) was, so it never goes back.
        try db.create(table: "sessionsMark") { t in
            t.primaryKey("id", .integer).check { $0 == 1 }
            t.column("value", .integer).notNull()
        }
        try db.execute(sql: "INSERT INTO sessionsMark (id, value) VALUES (1, (SELECT coalesce(max(rowid), 0) FROM session))")
    }
}
