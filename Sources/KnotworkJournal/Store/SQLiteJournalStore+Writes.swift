import Foundation
import GRDB
import KnotworkCore
import KnotworkSession

// Writes: records persisted by their row types (JournalRows.swift).
extension SQLiteJournalStore {
    public func add(_ session: SessionRecord) async throws {
        let row = try SessionRow(session)
        defer { sessionsChanged() }
        try await writing(duplicate: session.id) { db in try row.insert(db) }
    }

    public func add(_ rating: PainRating) async throws {
        let row = PainRatingRow(rating)
        try await writing(duplicate: rating.id) { db in try row.insert(db) }
    }

    public func add(_ screening: ScreeningRecord) async throws {
        let row = try ScreeningRow(screening)
        try await writing(duplicate: screening.id) { db in try row.insert(db) }
    }

    public func markScreeningUsed(id: UUID, at: Date) async throws {
        let used = StoredSeconds(at)
        try await writing { db in
            _ = try ScreeningRow.filter(key: id.lowercased).updateAll(db, ScreeningRow.Columns.usedAt.set(to: used))
        }
    }

    // MARK: - Live sessions

    public func save(_ live: LiveSessionRecord) async throws {
        let row = try LiveSessionRow(live)
        try await writing { db in try row.insert(db, onConflict: .replace) }
    }

    public func save(_ lives: [LiveSessionRecord]) async throws {
        try await writing { db in
            // Each checkpoint is encoded as it is written, not all first: a thousand sessions'
            // checkpoints are some 15 MB of JSON, which need never be in memory at once.
            for live in lives {
                try LiveSessionRow(live).insert(db, onConflict: .replace)
            }
        }
    }

    public func finish(_ live: LiveSessionRecord, as session: SessionRecord) async throws {
        let row = try SessionRow(session)
        let id = live.id.lowercased
        defer { sessionsChanged() }
        try await writing { db in
            try row.insert(db, onConflict: .ignore)
            _ = try LiveSessionRow.deleteOne(db, key: id)
        }
    }

    public func discardLiveSession(id: UUID) async throws {
        let key = id.lowercased
        try await writing { db in _ = try LiveSessionRow.deleteOne(db, key: key) }
    }

    // MARK: - Restore

    /// Adds what a backup holds, all or nothing. The rows are inserted by prepared statements
    /// (``BulkInsert``), not by GRDB record persistence. `knotwork-bench import` (100,000
    /// sessions, import rate over raw GRDB inserts): 0.84x with the positional statements this
    /// store had; 0.29x with `row.insert(db, onConflict: .ignore)` per record; 0.46x with a
    /// statement and named arguments (a dictionary per row); 0.63-0.67x binding these in order.
    public func restore(_ read: @escaping @Sendable (_ add: (JournalEntry) throws -> Void) throws -> Void) async throws -> ImportCounts {
        defer { sessionsChanged() }
        return try await writing { db in
            var counts = ImportCounts()
            var index = (sessions: 0, ratings: 0, screenings: 0)
            let statements = (
                session: try db.cachedStatement(sql: SessionRow.insertOrIgnore),
                rating: try db.cachedStatement(sql: PainRatingRow.insertOrIgnore),
                screening: try db.cachedStatement(sql: ScreeningRow.insertOrIgnore)
            )
            /// Inserts a row; one whose id is there already (in the journal, or earlier in this
            /// restore) is counted as present when its content is the same, and refuses the
            /// whole restore when it is not.
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
                        statements.session, try SessionRow(imported),
                        same: {
                            let kept = try SessionRow.fetchOne(db, key: imported.id.lowercased)?.record()
                            return kept.map { Self.sameContent($0, imported) } ?? true
                        }, list: "sessions", index: index.sessions, id: imported.id)
                case .painRating(let imported):
                    defer { index.ratings += 1 }
                    try insert(
                        statements.rating, PainRatingRow(imported),
                        same: {
                            let kept = try PainRatingRow.fetchOne(db, key: imported.id.lowercased)?.record()
                            return kept.map { $0 == imported } ?? true
                        }, list: "painRatings", index: index.ratings, id: imported.id)
                case .screening(let imported):
                    defer { index.screenings += 1 }
                    try insert(
                        statements.screening, try ScreeningRow(imported), same: { true }, list: "screenings", index: index.screenings,
                        id: imported.id)
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
/// thousand records runs (see ``SQLiteJournalStore/restore(_:)`` for why not record
/// persistence). The statement names its parameters after its columns, for the reader; the
/// values are bound in that same order, since named arguments cost a dictionary per row.
/// Restore tests read every column back, so a value out of place fails them.
protocol BulkInsert {
    static var insertOrIgnore: String { get }
    var arguments: StatementArguments { get }
}

extension SessionRow: BulkInsert {
    static let insertOrIgnore = """
        INSERT OR IGNORE INTO session (id, startedAt, timeZone, endedAt, regions, side, painBefore, painAfter, pressureSeconds, steps, plan, note, source) \
        VALUES (:id, :startedAt, :timeZone, :endedAt, :regions, :side, :painBefore, :painAfter, :pressureSeconds, :steps, :plan, :note, :source)
        """

    var arguments: StatementArguments {
        [
            id, startedAt, timeZone, endedAt, regions, side, painBefore, painAfter, pressureSeconds, steps, plan, note, source,
        ]
    }
}

extension PainRatingRow: BulkInsert {
    static let insertOrIgnore = """
        INSERT OR IGNORE INTO painRating (id, at, timeZone, pain, region, side, note) VALUES (:id, :at, :timeZone, :pain, :region, :side, :note)
        """

    var arguments: StatementArguments {
        [id, at, timeZone, pain, region, side, note]
    }
}

extension ScreeningRow: BulkInsert {
    static let insertOrIgnore = """
        INSERT OR IGNORE INTO screening (id, at, timeZone, kind, verdict, answers, usedAt) \
        VALUES (:id, :at, :timeZone, :kind, :verdict, :answers, :usedAt)
        """

    var arguments: StatementArguments {
        [id, at, timeZone, kind, verdict, answers, usedAt]
    }
}
