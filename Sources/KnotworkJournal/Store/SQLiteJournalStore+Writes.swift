import Foundation
import GRDB
import KnotworkCore
import KnotworkSession

// Writes: records persisted by their row types (JournalRows.swift), each with its owner; what
// changes or removes a row finds it by owner and id, so another owner's id changes nothing.
extension SQLiteJournalStore {
    public func addAccount(_ account: AccountID, createdAt: Date) async throws {
        let (id, seconds) = (account.description, StoredSeconds(createdAt))
        try await writing(duplicate: account.uuid) { db in
            try db.execute(sql: "INSERT INTO account (id, createdAt) VALUES (?, ?)", arguments: [id, seconds])
        }
    }

    public func add(_ session: SessionRecord, owner: AccountID) async throws {
        let row = try SessionRow(session, owner: owner)
        defer { sessionsChanged() }
        try await writing(duplicate: session.id, owner: owner) { db in
            try row.insert(db)
            try Self.bumpSessionsMark(db)
        }
    }

    public func add(_ rating: PainRating, owner: AccountID) async throws {
        let row = PainRatingRow(rating, owner: owner)
        try await writing(duplicate: rating.id, owner: owner) { db in try row.insert(db) }
    }

    public func add(_ screening: ScreeningRecord, owner: AccountID) async throws {
        let row = try ScreeningRow(screening, owner: owner)
        try await writing(duplicate: screening.id, owner: owner) { db in try row.insert(db) }
    }

    public func markScreeningUsed(id: UUID, at: Date, owner: AccountID) async throws {
        let used = StoredSeconds(at)
        try await writing { db in
            _ = try ScreeningRow.owned(by: owner, id: id).updateAll(db, ScreeningRow.Columns.usedAt.set(to: used))
        }
    }

    // MARK: - Live sessions

    public func save(_ live: LiveSessionRecord, owner: AccountID) async throws {
        try await writing { db in try LiveSessionRow.save(live, owner: owner, db) }
    }

    public func save(_ lives: [OwnedLiveSession]) async throws {
        try await writing { db in
            // Each checkpoint is encoded as it is written, not all first: a thousand sessions'
            // first checkpoints are some 15 MB of JSON, which need never be in memory at once.
            for owned in lives { try LiveSessionRow.save(owned.live, owner: owned.owner, db) }
        }
    }

    public func finish(_ live: LiveSessionRecord, as session: SessionRecord, owner: AccountID) async throws {
        let row = try SessionRow(session, owner: owner)
        let checkpoint = LiveSessionRow.owned(by: owner, id: live.id)
        defer { sessionsChanged() }
        let recorded = SessionRow.owned(by: owner, id: session.id)
        try await writing(owner: owner) { db in
            do {
                try row.insert(db)
            } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_PRIMARYKEY {
                // Finished before (a retry): the session stays as it was recorded. An id that
                // another owner's session has is taken, and the checkpoint stays.
                guard try recorded.fetchCount(db) > 0 else { throw JournalError.duplicate(session.id) }
            }
            _ = try checkpoint.deleteAll(db)
            try Self.bumpSessionsMark(db)
        }
    }

    public func discardLiveSession(id: UUID, owner: AccountID) async throws {
        let checkpoint = LiveSessionRow.owned(by: owner, id: id)
        try await writing { db in _ = try checkpoint.deleteAll(db) }
    }

    // MARK: - Restore

    /// Adds what a backup holds, all or nothing. The rows are inserted by prepared statements
    /// (``BulkInsert``), not by GRDB record persistence. `knotwork-bench import` (100,000
    /// sessions, import rate over raw GRDB inserts): 0.84x with the positional statements this
    /// store had; 0.29x with `row.insert(db, onConflict: .ignore)` per record; 0.46x with a
    /// statement and named arguments (a dictionary per row); 0.63-0.67x binding these in order.
    public func restore(
        owner: AccountID, _ read: @escaping @Sendable (_ add: (JournalEntry) throws -> Void) throws -> Void
    ) async throws -> ImportCounts {
        defer { sessionsChanged() }
        return try await writing(owner: owner) { db in
            try Self.bumpSessionsMark(db)
            var counts = ImportCounts()
            var index = (sessions: 0, ratings: 0, screenings: 0)
            let statements = (
                session: try db.cachedStatement(sql: SessionRow.insertOrIgnore),
                rating: try db.cachedStatement(sql: PainRatingRow.insertOrIgnore),
                screening: try db.cachedStatement(sql: ScreeningRow.insertOrIgnore)
            )
            /// Inserts a row; one whose id the owner has already (in the journal, or earlier in
            /// this restore) is counted as present when its content is the same, and refuses the
            /// whole restore when it is not, or when the id is another owner's.
            func insert(_ statement: Statement, _ row: some BulkInsert, same: () throws -> Bool, list: String, index: Int, id: UUID) throws
            {
                try statement.execute(arguments: row.arguments)
                if db.changesCount > 0 {
                    counts.added += 1
                } else if try same() {
                    counts.alreadyPresent += 1
                } else {
                    throw JournalError.conflict(list: list, index: index, id: id)
                }
            }
            try read { entry in
                switch entry {
                case .session(let imported):
                    defer { index.sessions += 1 }
                    try insert(
                        statements.session, try SessionRow(imported, owner: owner),
                        same: {
                            let kept = try SessionRow.owned(by: owner, id: imported.id).fetchOne(db)?.record()
                            return try kept.map { Self.sameContent($0, imported) } ?? !SessionRow.exists(db, key: imported.id.lowercased)
                        }, list: "sessions", index: index.sessions, id: imported.id)
                case .painRating(let imported):
                    defer { index.ratings += 1 }
                    try insert(
                        statements.rating, PainRatingRow(imported, owner: owner),
                        same: {
                            let kept = try PainRatingRow.owned(by: owner, id: imported.id).fetchOne(db)?.record()
                            return try kept.map { $0 == imported } ?? !PainRatingRow.exists(db, key: imported.id.lowercased)
                        }, list: "painRatings", index: index.ratings, id: imported.id)
                case .screening(let imported):
                    defer { index.screenings += 1 }
                    try insert(
                        statements.screening, try ScreeningRow(imported, owner: owner),
                        same: { try ScreeningRow.owned(by: owner, id: imported.id).fetchCount(db) > 0 }, list: "screenings",
                        index: index.screenings, id: imported.id)
                }
            }
            return counts
        }
    }

    /// Whether two sessions with one id say the same in every field both export formats carry
    /// (a CSV export has no steps or plan, so those are not compared).
    static func sameContent(_ a: SessionRecord, _ b: SessionRecord) -> Bool {
        a.startedAt == b.startedAt && a.timeZone == b.timeZone && a.endedAt == b.endedAt && a.regions == b.regions
            && a.side == b.side && a.painBefore == b.painBefore && a.painAfter == b.painAfter
            && a.pressureSeconds == b.pressureSeconds && a.note == b.note && a.source == b.source
    }
}

/// A row type's `INSERT OR IGNORE` as a prepared statement: what a restore of a hundred
/// thousand records runs (see ``SQLiteJournalStore/restore(owner:_:)`` for why not record
/// persistence). The statement names its parameters after its columns, for the reader; the
/// values are bound in that same order, since named arguments cost a dictionary per row.
/// Restore tests read every column back, so a value out of place fails them.
protocol BulkInsert {
    static var insertOrIgnore: String { get }
    var arguments: StatementArguments { get }
}

extension SessionRow: BulkInsert {
    static let insertOrIgnore = """
        INSERT OR IGNORE INTO session (id, owner, startedAt, timeZone, endedAt, regions, side, painBefore, painAfter, pressureSeconds, steps, plan, \
        note, source) VALUES (:id, :owner, :startedAt, :timeZone, :endedAt, :regions, :side, :painBefore, :painAfter, :pressureSeconds, :steps, \
        :plan, :note, :source)
        """

    var arguments: StatementArguments {
        [
            id, owner, startedAt, timeZone, endedAt, regions, side, painBefore, painAfter, pressureSeconds, steps, plan, note, source,
        ]
    }
}

extension PainRatingRow: BulkInsert {
    static let insertOrIgnore = """
        INSERT OR IGNORE INTO painRating (id, owner, at, timeZone, pain, region, side, note) \
        VALUES (:id, :owner, :at, :timeZone, :pain, :region, :side, :note)
        """

    var arguments: StatementArguments {
        [id, owner, at, timeZone, pain, region, side, note]
    }
}

extension ScreeningRow: BulkInsert {
    static let insertOrIgnore = """
        INSERT OR IGNORE INTO screening (id, owner, at, timeZone, kind, verdict, answers, usedAt) \
        VALUES (:id, :owner, :at, :timeZone, :kind, :verdict, :answers, :usedAt)
        """

    var arguments: StatementArguments {
        [id, owner, at, timeZone, kind, verdict, answers, usedAt]
    }
}

extension LiveSessionRow {
    /// Saves a checkpoint: the moving part only when the owner's row has its fixed part (every
    /// save after the first), both parts otherwise (the first save, or the first of a row
    /// written whole before v6, which becomes two parts).
    /// - Throws: ``JournalError/duplicate(_:)`` when the id is another owner's checkpoint's;
    ///   ``JournalError/unknownAccount(_:)`` when the owner is not an account.
    static func save(_ live: LiveSessionRecord, owner: AccountID, _ db: Database) throws {
        let id = live.id.lowercased
        let moving = String(decoding: try live.storedMoving(), as: UTF8.self)
        let updatedAt = StoredSeconds(live.updatedAt)
        try db.execute(
            sql: "UPDATE liveSession SET updatedAt = ?, moving = ? WHERE id = ? AND owner = ? AND record IS NULL",
            arguments: [updatedAt, moving, id, owner.description])
        if db.changesCount > 0 { return }
        let fixed = String(decoding: try live.storedFixed(), as: UTF8.self)
        do {
            try db.execute(
                sql: """
                    INSERT INTO liveSession (id, owner, updatedAt, moving) VALUES (?, ?, ?, ?) \
                    ON CONFLICT (id) DO UPDATE SET updatedAt = excluded.updatedAt, moving = excluded.moving, record = NULL \
                    WHERE owner = excluded.owner
                    """, arguments: [id, owner.description, updatedAt, moving])
        } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_FOREIGNKEY {
            throw JournalError.unknownAccount(owner)
        }
        if db.changesCount == 0 { throw JournalError.duplicate(live.id) }
        try db.execute(sql: "INSERT OR REPLACE INTO liveSessionFixed (id, fixed) VALUES (?, ?)", arguments: [id, fixed])
    }
}
