import Foundation
import GRDB

// Values with an expiry (`keyValue`): sign-in sessions and rate-limit counts, what a persist
// driver keeps. Expiries are milliseconds since 1970; a value whose expiry is at or before `now`
// has expired, and reads as absent.
extension SQLiteJournalStore {
    public func putValue(_ value: Data, key: String, expires: Date?, replacing: Bool, now: Date) async throws -> Bool {
        let arguments: StatementArguments = [
            "key": key, "value": value, "expires": expires.map(Self.milliseconds), "now": Self.milliseconds(now),
        ]
        // Replacing with no expiry keeps a live value's expiry; an expired one counts as absent.
        let update =
            replacing
            ? """
            SET value = excluded.value, expires = CASE WHEN excluded.expires IS NOT NULL THEN excluded.expires \
            WHEN keyValue.expires <= :now THEN NULL ELSE keyValue.expires END
            """
            : "SET value = excluded.value, expires = excluded.expires WHERE keyValue.expires <= :now"
        let sql = "INSERT INTO keyValue (key, value, expires) VALUES (:key, :value, :expires) ON CONFLICT (key) DO UPDATE " + update
        return try await writing { db in
            try db.execute(sql: sql, arguments: arguments)
            return db.changesCount > 0
        }
    }

    public func value(key: String, now: Date) async throws -> (value: Data, expires: Date?)? {
        let now = Self.milliseconds(now)
        let stored = try await read { db in try StoredValue.live(key: key, now: now, db) }
        return stored.map { ($0.value, $0.expires.map { Self.date(milliseconds: $0) }) }
    }

    public func removeValue(key: String) async throws {
        try await writing { db in try db.execute(sql: "DELETE FROM keyValue WHERE key = ?", arguments: [key]) }
    }

    /// The count is kept as its decimal digits, which are also its JSON: read with
    /// ``value(key:now:)``, it decodes as an integer. One write transaction (an IMMEDIATE one,
    /// as GRDB begins every write) reads and writes it, so no two calls see the same count, in
    /// this process or another.
    public func countEvent(key: String, window: Duration, now: Date) async throws -> Int {
        let now = Self.milliseconds(now)
        let (seconds, attoseconds) = window.components
        let length = seconds * 1000 + attoseconds / 1_000_000_000_000_000
        return try await writing { db in
            var count = 1
            var expires = now + length
            if let live = try StoredValue.live(key: key, now: now, db) {
                let text = String(decoding: live.value, as: UTF8.self)
                guard let counted = Int(text) else {
                    throw JournalError.unreadable(table: "keyValue", id: key, column: "value", problem: "'\(text)' is not a count")
                }
                count = counted + 1
                if let kept = live.expires { expires = kept }
            }
            try db.execute(
                sql: "INSERT OR REPLACE INTO keyValue (key, value, expires) VALUES (?, ?, ?)",
                arguments: [key, Data(String(count).utf8), expires])
            return count
        }
    }

    public func removeExpiredValues(now: Date) async throws -> Int {
        let now = Self.milliseconds(now)
        return try await writing { db in
            try db.execute(sql: "DELETE FROM keyValue WHERE expires <= ?", arguments: [now])
            return db.changesCount
        }
    }

    /// A time as the milliseconds since 1970 of `keyValue.expires` (rounded down).
    static func milliseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
    }

    /// The time of milliseconds since 1970 in `keyValue.expires`.
    static func date(milliseconds: Int64) -> Date {
        Date(timeIntervalSince1970: Double(milliseconds) / 1000)
    }
}

/// A live row of `keyValue`, its expiry checked: one that is not milliseconds is unreadable.
private struct StoredValue {
    var value: Data
    var expires: Int64?

    static func live(key: String, now: Int64, _ db: Database) throws -> StoredValue? {
        let sql = "SELECT value, expires FROM keyValue WHERE key = ? AND (expires IS NULL OR expires > ?)"
        guard let row = try Row.fetchOne(db, sql: sql, arguments: [key, now]) else { return nil }
        let expires: DatabaseValue = row[1]
        switch expires.storage {
        case .null: return StoredValue(value: try row.decode(atIndex: 0), expires: nil)
        case .int64(let milliseconds): return StoredValue(value: try row.decode(atIndex: 0), expires: milliseconds)
        default:
            throw JournalError.unreadable(
                table: "keyValue", id: key, column: "expires", problem: "\(expires) is not a whole number of milliseconds since 1970")
        }
    }
}
