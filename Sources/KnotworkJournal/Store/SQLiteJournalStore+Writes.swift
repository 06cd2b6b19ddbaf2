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

    public func restore(_ read: @escaping @Sendable (_ add: (JournalEntry) throws -> Void) throws -> Void) async throws -> ImportCounts {
        defer { sessionsChanged() }
        return try await writing { db in
            var counts = ImportCounts()
            var index = (sessions: 0, ratings: 0, screenings: 0)
            /// Inserts a row; one whose id is there already (in the journal, or earlier in this
            /// restore) is counted as present when its content is the same, and refuses the
            /// whole restore when it is not.
            func insert(_ row: some PersistableRecord, same: () throws -> Bool, list: String, index: Int, id: UUID) throws {
                try row.insert(db, onConflict: .ignore)
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
                        try SessionRow(imported),
                        same: {
                            let kept = try SessionRow.fetchOne(db, key: imported.id.lowercased)?.record()
                            return kept.map { Self.sameContent($0, imported) } ?? true
                        }, list: "sessions", index: index.sessions, id: imported.id)
                case .painRating(let imported):
                    defer { index.ratings += 1 }
                    try insert(
                        PainRatingRow(imported),
                        same: {
                            let kept = try PainRatingRow.fetchOne(db, key: imported.id.lowercased)?.record()
                            return kept.map { $0 == imported } ?? true
                        }, list: "painRatings", index: index.ratings, id: imported.id)
                case .screening(let imported):
                    defer { index.screenings += 1 }
                    try insert(try ScreeningRow(imported), same: { true }, list: "screenings", index: index.screenings, id: imported.id)
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
