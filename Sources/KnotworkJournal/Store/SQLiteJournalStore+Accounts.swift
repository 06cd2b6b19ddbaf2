import Foundation
import GRDB

// Accounts and their personal API tokens (`account`, `apiToken`), through the row types of
// AccountRows.swift. Emails are stored and compared trimmed and lower-cased.
extension SQLiteJournalStore: AccountStore {
    public func createAccount(_ account: Account, passwordHash: String) async throws {
        let row = AccountRow(account, passwordHash: passwordHash)
        try await writing(duplicate: account.id.uuid) { db in
            do {
                try row.insert(db)
            } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE {
                // The only unique column besides the id (a PRIMARYKEY failure) is the email.
                throw AccountError.emailTaken(row.email ?? "")
            }
        }
    }

    public func account(id: AccountID) async throws -> Account? {
        try await read { db in try AccountRow.find(id).fetchOne(db)?.account() }
    }

    public func credentials(email: String) async throws -> Credentials? {
        let request = AccountRow.filter(AccountRow.Columns.email == AccountRow.normalized(email))
        return try await read { db in try request.fetchOne(db)?.credentials() }
    }

    public func passwordStamp(account: AccountID) async throws -> Int64? {
        let request = AccountRow.find(account).select(AccountRow.Columns.passwordStamp, as: Int64.self)
        return try await read { db in try request.fetchOne(db) }
    }

    public func accountCount() async throws -> Int {
        try await read { db in try AccountRow.filter(AccountRow.Columns.email != nil).fetchCount(db) }
    }

    public func setPassword(hash: String, account: AccountID) async throws -> Int64 {
        let (found, stamp) = (AccountRow.find(account), AccountRow.Columns.passwordStamp)
        return try await writing { db in
            let changed = try found.updateAll(db, AccountRow.Columns.passwordHash.set(to: hash), stamp.set(to: stamp + 1))
            guard changed > 0, let moved = try found.select(stamp, as: Int64.self).fetchOne(db) else {
                throw JournalError.unknownAccount(account)
            }
            return moved
        }
    }

    /// The tables holding an account's id, and the columns that may: what deleting it clears.
    /// Every one of these references the account with ON DELETE CASCADE too; deleting them here
    /// does not rest on the connection having foreign keys on.
    static let accountColumns: [(table: String, columns: [String])] = [
        ("session", ["owner"]), ("painRating", ["owner"]), ("screening", ["owner"]), ("liveSession", ["owner"]),
        ("apiToken", ["owner"]), ("invite", ["clinician", "acceptedBy"]), ("careLink", ["clinician", "patient"]),
        ("prescription", ["patient", "clinician"]), ("alertSeen", ["clinician", "patient"]), ("accessLog", ["patient", "clinician"]),
    ]

    /// Moves the sessions mark on too: the account's sessions go, and with them the largest
    /// rowids, which SQLite would hand out again.
    public func deleteAccount(_ id: AccountID) async throws -> Bool {
        let key = id.description
        defer { sessionsChanged() }
        return try await writing { db in
            guard try AccountRow.find(id).fetchCount(db) > 0 else { return false }
            for (table, columns) in Self.accountColumns {
                let condition = columns.map { "\($0) = :id" }.joined(separator: " OR ")
                try db.execute(sql: "DELETE FROM \(table) WHERE \(condition)", arguments: ["id": key])
            }
            _ = try AccountRow.find(id).deleteAll(db)
            try Self.bumpSessionsMark(db)
            return true
        }
    }

    /// The records an account owns, by table: what moving them hands over.
    static let recordTables = ["session", "painRating", "screening", "liveSession"]

    public func moveRecords(from: AccountID, to: AccountID) async throws -> Int {
        defer { sessionsChanged() }
        return try await writing { db in
            for account in [from, to] where try AccountRow.find(account).fetchCount(db) == 0 {
                throw JournalError.unknownAccount(account)
            }
            var moved = 0
            for table in Self.recordTables {
                try db.execute(
                    sql: "UPDATE \(table) SET owner = :to WHERE owner = :from", arguments: ["to": to.description, "from": from.description])
                moved += db.changesCount
            }
            try Self.bumpSessionsMark(db)
            return moved
        }
    }

    // MARK: - Personal API tokens

    public func addToken(_ token: APIToken, hash: String) async throws {
        let row = APITokenRow(token, hash: hash)
        try await writing(duplicate: token.id, owner: token.owner) { db in try row.insert(db) }
    }

    public func tokens(owner: AccountID) async throws -> [APIToken] {
        let request = APITokenRow.filter(APITokenRow.Columns.owner == owner.description)
            .order(APITokenRow.Columns.createdAt.desc, Column.rowID.desc)
        return try await read { db in try request.fetchAll(db).map { try $0.token() } }
    }

    /// How stale a token's noted last use may be before a use writes it again, in seconds.
    static let tokenUseResolution: TimeInterval = 60

    public func useToken(hash: String, at: Date) async throws -> Account? {
        let columns = APITokenRow.Columns.self
        let unrevoked = APITokenRow.filter(columns.hash == hash && columns.revokedAt == nil)
        let used = StoredSeconds(at)
        // A token in steady use is read, not written, while its last use is under a minute old:
        // one write a minute, not one a request.
        let fresh = try await read { db -> AccountRow? in
            guard let token = try unrevoked.fetchOne(db), let last = token.lastUsedAt.flatMap({ try? $0.date.get() }),
                at.timeIntervalSince(last) < Self.tokenUseResolution
            else { return nil }
            return try AccountRow.filter(AccountRow.Columns.id == token.owner).fetchOne(db)
        }
        if let fresh { return try fresh.account() }
        return try await writing { db in
            guard let token = try unrevoked.fetchOne(db) else { return nil }
            _ = try APITokenRow.filter(columns.id == token.id).updateAll(db, columns.lastUsedAt.set(to: used))
            guard let owner = try AccountRow.filter(AccountRow.Columns.id == token.owner).fetchOne(db) else { return nil }
            return try owner.account()
        }
    }

    public func revokeToken(id: UUID, owner: AccountID, at: Date) async throws -> Bool {
        let columns = APITokenRow.Columns.self
        let request = APITokenRow.filter(columns.id == id.lowercased && columns.owner == owner.description && columns.revokedAt == nil)
        let revoked = StoredSeconds(at)
        return try await writing { db in try request.updateAll(db, columns.revokedAt.set(to: revoked)) > 0 }
    }

    // MARK: - Accounts a write names

    /// A write naming several accounts: a foreign key it breaks is
    /// ``JournalError/unknownAccount(_:)`` naming the first of `accounts` that is not there.
    func writing<T: Sendable>(
        duplicate: UUID? = nil, accounts: [AccountID], _ body: @escaping @Sendable (Database) throws -> T
    ) async throws -> T {
        try await writing(duplicate: duplicate) { db in
            do {
                return try body(db)
            } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_FOREIGNKEY {
                let missing = try accounts.first { try AccountRow.find($0).fetchCount(db) == 0 }
                throw JournalError.unknownAccount(missing ?? accounts[0])
            }
        }
    }
}
