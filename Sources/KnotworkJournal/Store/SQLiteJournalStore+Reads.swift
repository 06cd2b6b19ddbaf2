import Foundation
import GRDB
import KnotworkCore
import KnotworkSession

// Reads: GRDB requests on the row types (JournalRows.swift), each starting from the owner's rows
// (`owned(by:)`, which the indexes by owner serve) and each row turned into its record through
// checks that name any value this version cannot read.
extension SQLiteJournalStore {
    public func sessions(_ query: SessionQuery, owner: AccountID) async throws -> [SessionRecord] {
        var request = Self.sessionFilter(query, owner: owner)
        let (startedAt, id) = (SessionRow.Columns.startedAt, SessionRow.Columns.id)
        request = request.order(query.newestFirst ? [startedAt.desc, id.desc] : [startedAt, id])
        if let limit = query.limit { request = request.limit(max(0, limit)) }
        let final = request
        return try await read { db in try final.fetchAll(db).map { try $0.record() } }
    }

    public func digest(_ query: SessionQuery, owner: AccountID, timeZone: TimeZone) async throws -> HistoryDigest {
        var unordered = query
        unordered.after = nil
        let columns = SessionRow.Columns.self
        // Only the scores: a digest covers every session of a span, a million of them in a long
        // journal. The id is selected but read only to name a row whose time is bad.
        let request = Self.sessionFilter(unordered, owner: owner)
            .select(columns.startedAt, columns.painBefore, columns.painAfter, columns.id)
            .order(columns.startedAt)
            .asRequest(of: Row.self)
        return try await read { db in
            var digest = HistoryDigest(timeZone: timeZone)
            let rows = try request.fetchCursor(db)
            while let row = try rows.next() {
                let startedAt: StoredSeconds = try row.decode(atIndex: 0)
                let date: Date
                switch startedAt.date {
                case .success(let value): date = value
                case .failure(let failure):
                    throw JournalError.unreadable(
                        table: SessionRow.databaseTableName, id: row[3] ?? "", column: "startedAt", problem: failure.problem)
                }
                digest.add(startedAt: date, painBefore: try row.decode(atIndex: 1), painAfter: try row.decode(atIndex: 2))
            }
            return digest
        }
    }

    /// The owner's sessions a query selects, without its order and limit.
    private static func sessionFilter(_ query: SessionQuery, owner: AccountID) -> QueryInterfaceRequest<SessionRow> {
        let (startedAt, id) = (SessionRow.Columns.startedAt, SessionRow.Columns.id)
        var request = SessionRow.owned(by: owner)
        if let from = query.from { request = request.filter(startedAt >= StoredSeconds(from)) }
        if let to = query.to { request = request.filter(startedAt < StoredSeconds(to)) }
        if let region = query.region { request = request.filter(SessionRow.Columns.regions.like("%\"\(region)\"%")) }
        if let after = query.after {
            let (at, key) = (StoredSeconds(after.at), after.id.lowercased)
            // The first condition alone can use the index on owner and startedAt.
            request = request.filter(
                query.newestFirst ? startedAt <= at && (startedAt < at || id < key) : startedAt >= at && (startedAt > at || id > key))
        }
        return request
    }

    public func session(id: UUID, owner: AccountID) async throws -> SessionRecord? {
        let request = SessionRow.owned(by: owner, id: id)
        return try await read { db in try request.fetchOne(db)?.record() }
    }

    public func rating(id: UUID, owner: AccountID) async throws -> PainRating? {
        let request = PainRatingRow.owned(by: owner, id: id)
        return try await read { db in try request.fetchOne(db)?.record() }
    }

    public func painRatings(after: RecordKey?, limit: Int, owner: AccountID) async throws -> [PainRating] {
        let (at, id) = (PainRatingRow.Columns.at, PainRatingRow.Columns.id)
        let request = PainRatingRow.owned(by: owner).filter(Self.after(after, at: at, id: id)).order(at, id).limit(max(0, limit))
        return try await read { db in try request.fetchAll(db).map { try $0.record() } }
    }

    public func screenings(after: RecordKey?, limit: Int, owner: AccountID) async throws -> [ScreeningRecord] {
        let (at, id) = (ScreeningRow.Columns.at, ScreeningRow.Columns.id)
        let request = ScreeningRow.owned(by: owner).filter(Self.after(after, at: at, id: id)).order(at, id).limit(max(0, limit))
        return try await read { db in try request.fetchAll(db).map { try $0.record() } }
    }

    /// Records after a key, oldest first: all of them without one.
    private static func after(_ key: RecordKey?, at: Column, id: Column) -> SQLExpression {
        guard let key else { return true.sqlExpression }
        let (seconds, text) = (StoredSeconds(key.at), key.id.lowercased)
        return at >= seconds && (at > seconds || id > text)
    }

    public func painRatings(from: Date?, to: Date?, owner: AccountID) async throws -> [PainRating] {
        let at = PainRatingRow.Columns.at
        var request = PainRatingRow.owned(by: owner)
        if let from { request = request.filter(at >= StoredSeconds(from)) }
        if let to { request = request.filter(at < StoredSeconds(to)) }
        let final = request.order(at, PainRatingRow.Columns.id)
        return try await read { db in try final.fetchAll(db).map { try $0.record() } }
    }

    public func latestScreening(kind: PastScreening.Kind, owner: AccountID) async throws -> ScreeningRecord? {
        let request = ScreeningRow.owned(by: owner).filter(ScreeningRow.Columns.kind == kind.rawValue)
            .order(ScreeningRow.Columns.at.desc, Column.rowID.desc)
        return try await read { db in try request.fetchOne(db)?.record() }
    }

    public func screenings(from: Date, owner: AccountID) async throws -> [ScreeningRecord] {
        let at = ScreeningRow.Columns.at
        let request = ScreeningRow.owned(by: owner).filter(at >= StoredSeconds(from)).order(at, Column.rowID)
        return try await read { db in try request.fetchAll(db).map { try $0.record() } }
    }

    // MARK: - Live sessions

    public func latestLiveSession(owner: AccountID) async throws -> LiveSessionRecord? {
        let sql = LiveSessionRow.sql(where: "l.owner = ?", order: "ORDER BY l.updatedAt DESC, l.rowid DESC LIMIT 1")
        return try await read { db in try LiveSessionRow.fetchOne(db, sql: sql, arguments: [owner.description])?.liveSession() }
    }

    public func liveSession(id: UUID, owner: AccountID) async throws -> LiveSessionRecord? {
        let sql = LiveSessionRow.sql(where: "l.owner = ? AND l.id = ?")
        let arguments: StatementArguments = [owner.description, id.lowercased]
        return try await read { db in try LiveSessionRow.fetchOne(db, sql: sql, arguments: arguments)?.liveSession() }
    }
}
