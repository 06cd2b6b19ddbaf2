import Foundation
import PostgresNIO

// Accounts and their personal API tokens (`account`, `apiToken`), read through the row types of
// AccountRows.swift. Emails are stored and compared trimmed and lower-cased.
extension PostgresJournalStore: AccountStore {
    public func createAccount(_ account: Account, passwordHash: String) async throws {
        let row = AccountRow(account, passwordHash: passwordHash)
        do {
            try await rows(
                """
                INSERT INTO account (\(unescaped: AccountRow.postgresColumns)) VALUES (\(row.id), \(row.createdAt.seconds), \(row.email), \
                \(row.passwordHash), \(row.passwordStamp), \(row.displayName), \(row.role), \(row.isAdmin))
                """)
        } catch JournalError.unusable(_, let reason) where reason.contains("account_email_key") {
            throw AccountError.emailTaken(row.email ?? "")
        } catch JournalError.unusable(_, let reason) where reason.contains("account_pkey") {
            throw JournalError.duplicate(account.id.uuid)
        }
    }

    public func account(id: AccountID) async throws -> Account? {
        try await rows("SELECT \(unescaped: AccountRow.postgresColumns) FROM account WHERE id = \(id.description)")
            .first.map { try AccountRow(postgres: $0).account() }
    }

    public func credentials(email: String) async throws -> Credentials? {
        try await rows("SELECT \(unescaped: AccountRow.postgresColumns) FROM account WHERE email = \(AccountRow.normalized(email))")
            .first.map { try AccountRow(postgres: $0).credentials() }
    }

    public func passwordStamp(account: AccountID) async throws -> Int64? {
        try await rows("SELECT passwordStamp FROM account WHERE id = \(account.description)").first?.decode(Int64.self)
    }

    public func accountCount() async throws -> Int {
        try await rows("SELECT count(*) FROM account WHERE email IS NOT NULL").first?.decode(Int.self) ?? 0
    }

    public func setPassword(hash: String, account: AccountID) async throws -> Int64 {
        let moved = try await rows(
            """
            UPDATE account SET passwordHash = \(hash), passwordStamp = passwordStamp + 1 WHERE id = \(account.description) \
            RETURNING passwordStamp
            """)
        guard let stamp = try moved.first?.decode(Int64.self) else { throw JournalError.unknownAccount(account) }
        return stamp
    }

    /// Moves the sessions mark on too: the account's sessions go.
    public func deleteAccount(_ id: AccountID) async throws -> Bool {
        let (key, logger) = (id.description, logger)
        return try await transaction { connection in
            guard try await !connection.query("SELECT 1 FROM account WHERE id = \(key) FOR UPDATE", logger: logger).collect().isEmpty
            else { return false }
            // Every table naming an account references it ON DELETE CASCADE (enforced: PostgreSQL
            // has no switch for foreign keys), so this one delete takes everything of it.
            try await connection.query("DELETE FROM account WHERE id = \(key)", logger: logger)
            try await Self.bumpSessionsMark(connection, logger: logger)
            return true
        }
    }

    public func moveRecords(from: AccountID, to: AccountID) async throws -> Int {
        let logger = logger
        return try await transaction { connection in
            for account in [from, to] {
                let found = try await connection.query("SELECT 1 FROM account WHERE id = \(account.description)", logger: logger).collect()
                if found.isEmpty { throw JournalError.unknownAccount(account) }
            }
            var moved = 0
            for table in SQLiteJournalStore.recordTables {
                var binds = PostgresBindings()
                binds.append(to.description)
                binds.append(from.description)
                moved += try await connection.query(
                    PostgresQuery(unsafeSQL: "UPDATE \(table) SET owner = $1 WHERE owner = $2 RETURNING 1", binds: binds), logger: logger
                ).collect().count
            }
            try await Self.bumpSessionsMark(connection, logger: logger)
            return moved
        }
    }

    // MARK: - Personal API tokens

    public func addToken(_ token: APIToken, hash: String) async throws {
        let row = APITokenRow(token, hash: hash)
        try await rows(
            """
            INSERT INTO apiToken (\(unescaped: APITokenRow.postgresColumns)) VALUES (\(row.id), \(row.owner), \(row.name), \(row.hash), \
            \(row.createdAt.seconds), \(row.lastUsedAt?.seconds), \(row.revokedAt?.seconds))
            """, duplicate: token.id, owner: token.owner)
    }

    public func tokens(owner: AccountID) async throws -> [APIToken] {
        try await rows(
            "SELECT \(unescaped: APITokenRow.postgresColumns) FROM apiToken WHERE owner = \(owner.description) ORDER BY createdAt DESC, seq DESC"
        ).map { try APITokenRow(postgres: $0).token() }
    }

    /// A token in steady use is read, not written, while its last use is under a minute old:
    /// the update's condition says so, and the owner is read either way.
    public func useToken(hash: String, at: Date) async throws -> Account? {
        let used = StoredSeconds(at).seconds ?? 0
        let stale = used - Int64(SQLiteJournalStore.tokenUseResolution)
        let found = try await rows(
            """
            WITH token AS (SELECT id, owner, lastUsedAt FROM apiToken WHERE hash = \(hash) AND revokedAt IS NULL), \
            noted AS (UPDATE apiToken SET lastUsedAt = \(used) FROM token WHERE apiToken.id = token.id \
            AND (token.lastUsedAt IS NULL OR token.lastUsedAt <= \(stale)) RETURNING 1) \
            SELECT \(unescaped: AccountRow.qualifiedPostgresColumns) \
            FROM token JOIN account ON account.id = token.owner
            """)
        return try found.first.map { try AccountRow(postgres: $0).account() }
    }

    public func revokeToken(id: UUID, owner: AccountID, at: Date) async throws -> Bool {
        try await !rows(
            """
            UPDATE apiToken SET revokedAt = \(StoredSeconds(at).seconds) WHERE id = \(id.lowercased) AND owner = \(owner.description) \
            AND revokedAt IS NULL RETURNING 1
            """
        ).isEmpty
    }

    // MARK: - Values with an expiry

    public func putValue(_ value: Data, key: String, expires: Date?, replacing: Bool, now: Date) async throws -> Bool {
        let (until, at) = (expires.map(SQLiteJournalStore.milliseconds), SQLiteJournalStore.milliseconds(now))
        // Replacing with no expiry keeps a live value's expiry; an expired one counts as absent.
        let query: PostgresQuery =
            try replacing
            ? """
            INSERT INTO keyValue (key, value, expires) VALUES (\(key), \(value), \(until)) ON CONFLICT (key) DO UPDATE \
            SET value = excluded.value, expires = CASE WHEN excluded.expires IS NOT NULL THEN excluded.expires \
            WHEN keyValue.expires <= \(at) THEN NULL ELSE keyValue.expires END RETURNING 1
            """
            : """
            INSERT INTO keyValue (key, value, expires) VALUES (\(key), \(value), \(until)) ON CONFLICT (key) DO UPDATE \
            SET value = excluded.value, expires = excluded.expires WHERE keyValue.expires <= \(at) RETURNING 1
            """
        return try await !rows(query).isEmpty
    }

    public func value(key: String, now: Date) async throws -> (value: Data, expires: Date?)? {
        let at = SQLiteJournalStore.milliseconds(now)
        let found = try await rows(
            "SELECT value, expires FROM keyValue WHERE key = \(key) AND (expires IS NULL OR expires > \(at))")
        guard let (value, expires) = try found.first?.decode((Data, Int64?).self) else { return nil }
        return (value, expires.map { SQLiteJournalStore.date(milliseconds: $0) })
    }

    public func removeValue(key: String) async throws {
        try await rows("DELETE FROM keyValue WHERE key = \(key)")
    }

    /// One statement counts: a live count goes up by one, an expired or missing one starts
    /// again at one; the row lock it takes makes racing requests each count.
    public func countEvent(key: String, window: Duration, now: Date) async throws -> Int {
        let at = SQLiteJournalStore.milliseconds(now)
        let (seconds, attoseconds) = window.components
        let until = at + seconds * 1000 + attoseconds / 1_000_000_000_000_000
        do {
            let counted = try await rows(
                """
                INSERT INTO keyValue (key, value, expires) VALUES (\(key), convert_to('1', 'UTF8'), \(until)) ON CONFLICT (key) DO UPDATE \
                SET value = CASE WHEN keyValue.expires IS NOT NULL AND keyValue.expires <= \(at) THEN convert_to('1', 'UTF8') \
                ELSE convert_to((convert_from(keyValue.value, 'UTF8')::bigint + 1)::text, 'UTF8') END, \
                expires = CASE WHEN keyValue.expires IS NOT NULL AND keyValue.expires <= \(at) THEN excluded.expires \
                ELSE coalesce(keyValue.expires, excluded.expires) END \
                RETURNING convert_from(value, 'UTF8')
                """)
            guard let text = try counted.first?.decode(String.self), let count = Int(text) else { return 1 }
            return count
        } catch JournalError.unusable(_, let reason) where reason.contains("invalid input syntax") {
            let stored = try await rows("SELECT value FROM keyValue WHERE key = \(key)").first?.decode(Data.self) ?? Data()
            throw JournalError.unreadable(
                table: "keyValue", id: key, column: "value", problem: "'\(String(decoding: stored, as: UTF8.self))' is not a count")
        }
    }

    public func removeExpiredValues(now: Date) async throws -> Int {
        try await rows("DELETE FROM keyValue WHERE expires <= \(SQLiteJournalStore.milliseconds(now)) RETURNING 1").count
    }
}
