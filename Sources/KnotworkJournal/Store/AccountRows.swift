import Foundation
import GRDB

// The tables of accounts and what lets them in (migration v5) as GRDB records, read back
// through the checks of `StoredRow`, as the record tables are (JournalRows.swift).

/// A row of `account`: the local account has no email and no password hash.
struct AccountRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "account"

    var id: String
    var createdAt: StoredSeconds
    var email: String?
    var passwordHash: String?
    var passwordStamp: Int64
    var displayName: String
    var role: String
    var isAdmin: Bool

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let email = Column(CodingKeys.email)
        static let passwordHash = Column(CodingKeys.passwordHash)
        static let passwordStamp = Column(CodingKeys.passwordStamp)
    }

    init(_ account: Account, passwordHash: String) {
        id = account.id.description
        createdAt = StoredSeconds(account.createdAt)
        email = account.email.map(Self.normalized)
        self.passwordHash = passwordHash
        passwordStamp = 0
        displayName = account.displayName
        role = account.role.rawValue
        isAdmin = account.isAdmin
    }

    /// An email as it is stored and compared: trimmed and lower-cased.
    static func normalized(_ email: String) -> String {
        email.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }

    /// The row of an account id, if any.
    static func find(_ id: AccountID) -> QueryInterfaceRequest<Self> {
        filter(Columns.id == id.description)
    }

    func account() throws(JournalError) -> Account {
        let row = StoredRow(table: Self.databaseTableName, id: id)
        return Account(
            id: AccountID(try row.uuid()), email: email, displayName: displayName, role: try row.choice("role", role), isAdmin: isAdmin,
            createdAt: try row.date("createdAt", createdAt))
    }

    func credentials() throws(JournalError) -> Credentials {
        guard let passwordHash else {
            throw StoredRow(table: Self.databaseTableName, id: id).unreadable(
                "passwordHash", "an account with an email has no password hash")
        }
        return Credentials(account: try account(), passwordHash: passwordHash, passwordStamp: passwordStamp)
    }
}

/// A row of `apiToken`: a token's SHA-256 hash, never the token.
struct APITokenRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "apiToken"

    var id: String
    var owner: String
    var name: String
    var hash: String
    var createdAt: StoredSeconds
    var lastUsedAt: StoredSeconds?
    var revokedAt: StoredSeconds?

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let owner = Column(CodingKeys.owner)
        static let hash = Column(CodingKeys.hash)
        static let createdAt = Column(CodingKeys.createdAt)
        static let lastUsedAt = Column(CodingKeys.lastUsedAt)
        static let revokedAt = Column(CodingKeys.revokedAt)
    }

    init(_ token: APIToken, hash: String) {
        id = token.id.lowercased
        owner = token.owner.description
        name = token.name
        self.hash = hash
        createdAt = StoredSeconds(token.createdAt)
        lastUsedAt = token.lastUsedAt.map(StoredSeconds.init)
        revokedAt = token.revokedAt.map(StoredSeconds.init)
    }

    func token() throws(JournalError) -> APIToken {
        let row = StoredRow(table: Self.databaseTableName, id: id)
        return APIToken(
            id: try row.uuid(), owner: try row.account("owner", owner), name: name, createdAt: try row.date("createdAt", createdAt),
            lastUsedAt: try row.dateIfAny("lastUsedAt", lastUsedAt), revokedAt: try row.dateIfAny("revokedAt", revokedAt))
    }
}

/// A row of `invite`: a clinician's invitation, under the SHA-256 hash of its code.
struct InviteRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "invite"

    var id: String
    var clinician: String
    var codeHash: String
    var createdAt: StoredSeconds
    var expiresAt: StoredSeconds
    var acceptedBy: String?
    var acceptedAt: StoredSeconds?

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let clinician = Column(CodingKeys.clinician)
        static let codeHash = Column(CodingKeys.codeHash)
        static let createdAt = Column(CodingKeys.createdAt)
        static let acceptedBy = Column(CodingKeys.acceptedBy)
        static let acceptedAt = Column(CodingKeys.acceptedAt)
    }

    init(_ invite: Invite, codeHash: String) {
        id = invite.id.lowercased
        clinician = invite.clinician.description
        self.codeHash = codeHash
        createdAt = StoredSeconds(invite.createdAt)
        expiresAt = StoredSeconds(invite.expiresAt)
        acceptedBy = invite.acceptedBy?.description
        acceptedAt = invite.acceptedAt.map(StoredSeconds.init)
    }

    func invite() throws(JournalError) -> Invite {
        let row = StoredRow(table: Self.databaseTableName, id: id)
        return Invite(
            id: try row.uuid(), clinician: try row.account("clinician", clinician), createdAt: try row.date("createdAt", createdAt),
            expiresAt: try row.date("expiresAt", expiresAt),
            acceptedBy: try acceptedBy.map { text throws(JournalError) in try row.account("acceptedBy", text) },
            acceptedAt: try row.dateIfAny("acceptedAt", acceptedAt))
    }
}

extension StoredRow {
    /// An account id stored in a column of this row.
    func account(_ column: String, _ text: String) throws(JournalError) -> AccountID {
        guard let id = AccountID(text) else { throw unreadable(column, "'\(text)' is not an account id (a UUID)") }
        return id
    }

    /// A calendar day stored as `YYYY-MM-DD`.
    func day(_ column: String, _ text: String) throws(JournalError) -> CalendarDay {
        guard let day = CalendarDay(text) else { throw unreadable(column, "'\(text)' is not a day in YYYY-MM-DD form") }
        return day
    }
}
