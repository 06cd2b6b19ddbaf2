import Foundation
import KnotworkCore
import KnotworkSession
import PostgresNIO

// Records: sessions, pain ratings, screenings and live sessions, each with its owner; every
// query starts from the owner's rows (the indexes by owner serve it), so another owner's id is an
// unknown one.
extension PostgresJournalStore {
    public func addAccount(_ account: AccountID, createdAt: Date) async throws {
        let seconds = StoredSeconds(createdAt).seconds
        try await rows("INSERT INTO account (id, createdAt) VALUES (\(account.description), \(seconds))", duplicate: account.uuid)
    }

    public func add(_ session: SessionRecord, owner: AccountID) async throws {
        let row = try SessionRow(session, owner: owner)
        let logger = logger
        try await transaction(duplicate: session.id, owner: owner) { connection in
            guard try await !connection.query(row.postgresInsert, logger: logger).collect().isEmpty else {
                throw JournalError.duplicate(session.id)
            }
            try await Self.bumpSessionsMark(connection, logger: logger)
        }
    }

    public func add(_ rating: PainRating, owner: AccountID) async throws {
        let row = PainRatingRow(rating, owner: owner)
        guard try await !rows(row.postgresInsert, duplicate: rating.id, owner: owner).isEmpty else {
            throw JournalError.duplicate(rating.id)
        }
    }

    public func add(_ screening: ScreeningRecord, owner: AccountID) async throws {
        let row = try ScreeningRow(screening, owner: owner)
        guard try await !rows(row.postgresInsert, duplicate: screening.id, owner: owner).isEmpty else {
            throw JournalError.duplicate(screening.id)
        }
    }

    public func markScreeningUsed(id: UUID, at: Date, owner: AccountID) async throws {
        let used = StoredSeconds(at).seconds
        try await rows("UPDATE screening SET usedAt = \(used) WHERE owner = \(owner.description) AND id = \(id.lowercased)")
    }

    // MARK: - Sessions

    public func sessions(_ query: SessionQuery, owner: AccountID) async throws -> [SessionRecord] {
        var statement = Self.sessionFilter(query, owner: owner, columns: SessionRow.postgresColumns)
        let order = query.newestFirst ? "DESC" : "ASC"
        statement.sql += " ORDER BY startedAt \(order), id \(order)"
        if let limit = query.limit { statement.sql += " LIMIT " + statement.bind(max(0, limit)) }
        return try await rows(statement.query).map { try SessionRow(postgres: $0).record() }
    }

    public func digest(_ query: SessionQuery, owner: AccountID, timeZone: TimeZone) async throws -> HistoryDigest {
        var unordered = query
        unordered.after = nil
        // Only the scores, streamed: a digest covers every session of a span, a million of them
        // in a long journal.
        var statement = Self.sessionFilter(unordered, owner: owner, columns: "startedAt, painBefore, painAfter, id")
        statement.sql += " ORDER BY startedAt"
        let final = statement.query
        return try await run {
            var digest = HistoryDigest(timeZone: timeZone)
            for try await row in try await client.query(final, logger: logger) {
                let (seconds, before, after, id) = try row.decode((Int64, Int?, Int?, String).self)
                let date = try StoredRow(table: "session", id: id).date("startedAt", StoredSeconds(seconds: seconds))
                digest.add(startedAt: date, painBefore: before, painAfter: after)
            }
            return digest
        }
    }

    /// The owner's sessions a query selects, without its order and limit.
    private static func sessionFilter(_ query: SessionQuery, owner: AccountID, columns: String) -> QueryText {
        var statement = QueryText("SELECT \(columns) FROM session WHERE owner = ")
        statement.sql += statement.bind(owner.description)
        if let from = query.from { statement.sql += " AND startedAt >= " + statement.bind(StoredSeconds(from).seconds ?? 0) }
        if let to = query.to { statement.sql += " AND startedAt < " + statement.bind(StoredSeconds(to).seconds ?? 0) }
        // ILIKE, as SQLite's LIKE ignores the case of ASCII letters.
        if let region = query.region { statement.sql += " AND regions ILIKE " + statement.bind("%\"\(region)\"%") }
        if let after = query.after {
            let at = statement.bind(StoredSeconds(after.at).seconds ?? 0)
            let key = statement.bind(after.id.lowercased)
            statement.sql +=
                query.newestFirst
                ? " AND startedAt <= \(at) AND (startedAt < \(at) OR id < \(key))"
                : " AND startedAt >= \(at) AND (startedAt > \(at) OR id > \(key))"
        }
        return statement
    }

    public func session(id: UUID, owner: AccountID) async throws -> SessionRecord? {
        let query: PostgresQuery = """
            SELECT \(unescaped: SessionRow.postgresColumns) FROM session WHERE owner = \(owner.description) AND id = \(id.lowercased)
            """
        return try await rows(query).first.map { try SessionRow(postgres: $0).record() }
    }

    // MARK: - Pain ratings and screenings

    public func rating(id: UUID, owner: AccountID) async throws -> PainRating? {
        let query: PostgresQuery = """
            SELECT \(unescaped: PainRatingRow.postgresColumns) FROM painRating WHERE owner = \(owner.description) AND id = \(id.lowercased)
            """
        return try await rows(query).first.map { try PainRatingRow(postgres: $0).record() }
    }

    public func painRatings(after: RecordKey?, limit: Int, owner: AccountID) async throws -> [PainRating] {
        var statement = Self.after(after, table: "painRating", columns: PainRatingRow.postgresColumns, owner: owner)
        statement.sql += " ORDER BY at, id LIMIT " + statement.bind(max(0, limit))
        return try await rows(statement.query).map { try PainRatingRow(postgres: $0).record() }
    }

    public func screenings(after: RecordKey?, limit: Int, owner: AccountID) async throws -> [ScreeningRecord] {
        var statement = Self.after(after, table: "screening", columns: ScreeningRow.postgresColumns, owner: owner)
        statement.sql += " ORDER BY at, id LIMIT " + statement.bind(max(0, limit))
        return try await rows(statement.query).map { try ScreeningRow(postgres: $0).record() }
    }

    /// The owner's rows of a table after a key, oldest first (all of them without one).
    private static func after(_ key: RecordKey?, table: String, columns: String, owner: AccountID) -> QueryText {
        var statement = QueryText("SELECT \(columns) FROM \(table) WHERE owner = ")
        statement.sql += statement.bind(owner.description)
        if let key {
            let at = statement.bind(StoredSeconds(key.at).seconds ?? 0)
            let id = statement.bind(key.id.lowercased)
            statement.sql += " AND at >= \(at) AND (at > \(at) OR id > \(id))"
        }
        return statement
    }

    public func painRatings(from: Date?, to: Date?, owner: AccountID) async throws -> [PainRating] {
        var statement = QueryText("SELECT \(PainRatingRow.postgresColumns) FROM painRating WHERE owner = ")
        statement.sql += statement.bind(owner.description)
        if let from { statement.sql += " AND at >= " + statement.bind(StoredSeconds(from).seconds ?? 0) }
        if let to { statement.sql += " AND at < " + statement.bind(StoredSeconds(to).seconds ?? 0) }
        statement.sql += " ORDER BY at, id"
        return try await rows(statement.query).map { try PainRatingRow(postgres: $0).record() }
    }

    public func latestScreening(kind: PastScreening.Kind, owner: AccountID) async throws -> ScreeningRecord? {
        let query: PostgresQuery = """
            SELECT \(unescaped: ScreeningRow.postgresColumns) FROM screening WHERE owner = \(owner.description) AND kind = \(kind.rawValue) \
            ORDER BY at DESC, seq DESC LIMIT 1
            """
        return try await rows(query).first.map { try ScreeningRow(postgres: $0).record() }
    }

    public func screenings(from: Date, owner: AccountID) async throws -> [ScreeningRecord] {
        let query: PostgresQuery = """
            SELECT \(unescaped: ScreeningRow.postgresColumns) FROM screening WHERE owner = \(owner.description) \
            AND at >= \(StoredSeconds(from).seconds) ORDER BY at, seq
            """
        return try await rows(query).map { try ScreeningRow(postgres: $0).record() }
    }

    // MARK: - Live sessions

    public func save(_ live: LiveSessionRecord, owner: AccountID) async throws {
        let logger = logger
        try await transaction { connection in try await Self.save(live, owner: owner, connection, logger: logger) }
    }

    public func save(_ lives: [OwnedLiveSession]) async throws {
        try await save(lives, events: [])
    }

    /// Saves a checkpoint: the moving part only when the owner's row has its fixed part (every
    /// save after the first), both parts otherwise (the first save, or the first of a row that
    /// holds a whole record), as the SQLite journal does.
    /// - Throws: ``JournalError/duplicate(_:)`` when the id is another owner's checkpoint's;
    ///   ``JournalError/unknownAccount(_:)`` when the owner is not an account.
    static func save(_ live: LiveSessionRecord, owner: AccountID, _ connection: PostgresConnection, logger: Logger) async throws {
        let (id, key) = (live.id.lowercased, owner.description)
        let moving = String(decoding: try live.storedMoving(), as: UTF8.self)
        let updatedAt = StoredSeconds(live.updatedAt).seconds
        let updated = try await connection.query(
            """
            UPDATE liveSession SET updatedAt = \(updatedAt), moving = \(moving) WHERE id = \(id) AND owner = \(key) \
            AND record IS NULL RETURNING 1
            """, logger: logger
        ).collect()
        if !updated.isEmpty { return }
        let fixed = String(decoding: try live.storedFixed(), as: UTF8.self)
        let saved: [PostgresRow]
        do {
            saved = try await connection.query(
                """
                INSERT INTO liveSession (id, owner, updatedAt, moving) VALUES (\(id), \(key), \(updatedAt), \(moving)) \
                ON CONFLICT (id) DO UPDATE SET updatedAt = excluded.updatedAt, moving = excluded.moving, record = NULL \
                WHERE liveSession.owner = excluded.owner RETURNING 1
                """, logger: logger
            ).collect()
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23503" {
            throw JournalError.unknownAccount(owner)
        }
        guard !saved.isEmpty else { throw JournalError.duplicate(live.id) }
        try await connection.query(
            """
            INSERT INTO liveSessionFixed (id, fixed) VALUES (\(id), \(fixed)) ON CONFLICT (id) DO UPDATE SET fixed = excluded.fixed
            """, logger: logger)
    }

    public func latestLiveSession(owner: AccountID) async throws -> LiveSessionRecord? {
        var query = QueryText(LiveSessionRow.sql(where: "l.owner = $1", order: "ORDER BY l.updatedAt DESC, l.seq DESC LIMIT 1"))
        _ = query.bind(owner.description)
        return try await rows(query.query).first.map { try LiveSessionRow(postgres: $0).liveSession() }
    }

    public func liveSession(id: UUID, owner: AccountID) async throws -> LiveSessionRecord? {
        var query = QueryText(LiveSessionRow.sql(where: "l.owner = $1 AND l.id = $2"))
        _ = query.bind(owner.description)
        _ = query.bind(id.lowercased)
        return try await rows(query.query).first.map { try LiveSessionRow(postgres: $0).liveSession() }
    }

    public func finish(_ live: LiveSessionRecord, as session: SessionRecord, owner: AccountID) async throws {
        let row = try SessionRow(session, owner: owner)
        let logger = logger
        try await transaction(owner: owner) { connection in
            if try await connection.query(row.postgresInsert, logger: logger).collect().isEmpty {
                // Finished before (a retry): the session stays as it was recorded. An id that
                // another owner's session has is taken, and the checkpoint stays.
                let recorded = try await connection.query(
                    "SELECT 1 FROM session WHERE owner = \(row.owner) AND id = \(row.id)", logger: logger
                ).collect()
                guard !recorded.isEmpty else { throw JournalError.duplicate(session.id) }
            }
            try await connection.query(
                "DELETE FROM liveSession WHERE owner = \(row.owner) AND id = \(live.id.lowercased)", logger: logger)
            try await Self.bumpSessionsMark(connection, logger: logger)
        }
    }

    public func discardLiveSession(id: UUID, owner: AccountID) async throws {
        try await rows("DELETE FROM liveSession WHERE owner = \(owner.description) AND id = \(id.lowercased)")
    }
}

/// A statement put together piece by piece: its text, with `$1`, `$2`… for the values bound.
struct QueryText {
    var sql: String
    private var bindings = PostgresBindings()

    init(_ sql: String) { self.sql = sql }

    /// Binds a value, and returns its placeholder.
    mutating func bind(_ value: some PostgresDynamicTypeEncodable) -> String {
        bindings.append(value)
        return "$\(bindings.count)"
    }

    var query: PostgresQuery { PostgresQuery(unsafeSQL: sql, binds: bindings) }
}
