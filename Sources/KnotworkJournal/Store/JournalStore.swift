import Foundation
import KnotworkCore
import KnotworkSession

/// Which sessions to read.
public struct SessionQuery: Sendable, Equatable {
    /// Sessions that started at or after this instant.
    public var from: Date?
    /// Sessions that started before this instant.
    public var to: Date?
    /// Only sessions that name this region.
    public var region: RegionID?
    /// At most this many.
    public var limit: Int?
    /// Oldest first (by start, then id), or newest first.
    public var newestFirst: Bool
    /// Only sessions after this one in the query's order: the key of the last session of the
    /// previous page.
    public var after: RecordKey?

    /// Without a limit, sessions come oldest first; with one, newest first (the latest few),
    /// unless `newestFirst` says otherwise.
    public init(
        from: Date? = nil, to: Date? = nil, region: RegionID? = nil, limit: Int? = nil, newestFirst: Bool? = nil,
        after: RecordKey? = nil
    ) {
        self.from = from
        self.to = to
        self.region = region
        self.limit = limit
        self.newestFirst = newestFirst ?? (limit != nil)
        self.after = after
    }
}

/// Where a record stands in time order: its time (whole seconds, as the journal keeps it) and,
/// for records of one second, its id. Pages of records continue after a key.
public struct RecordKey: Sendable, Equatable, Comparable, CustomStringConvertible {
    public var at: Date
    public var id: UUID

    public init(at: Date, id: UUID) {
        self.at = at.wholeSeconds
        self.id = id
    }

    public static func < (a: RecordKey, b: RecordKey) -> Bool {
        a.at != b.at ? a.at < b.at : a.id.lowercased < b.id.lowercased
    }

    /// `1763622000.7f1c…`: seconds since 1970, a dot, and the id, as the API's page cursors
    /// carry it.
    public var description: String { "\(Int64(at.timeIntervalSince1970)).\(id.lowercased)" }

    public init?(_ text: String) {
        let parts = text.split(separator: ".", maxSplits: 1)
        guard parts.count == 2, let seconds = Int64(parts[0]), seconds >= 0, let id = UUID(text: String(parts[1])) else { return nil }
        self.init(at: Date(timeIntervalSince1970: Double(seconds)), id: id)
    }
}

extension SessionRecord {
    public var key: RecordKey { RecordKey(at: startedAt, id: id) }
}

extension PainRating {
    public var key: RecordKey { RecordKey(at: at, id: id) }
}

extension ScreeningRecord {
    public var key: RecordKey { RecordKey(at: at, id: id) }
}

/// One record of a journal as an import reads it, with its place in its list of the file.
public enum JournalEntry: Sendable {
    case session(SessionRecord)
    case painRating(PainRating)
    case screening(ScreeningRecord)
}

/// Where sessions, pain ratings and screenings are kept. Every write is durable once it
/// returns; every method may be called from any task.
///
/// Conformers: ``SQLiteJournalStore`` (the embedded default); a PostgreSQL store can follow
/// behind the same requirements.
public protocol JournalStore: Sendable {
    /// Adds a session.
    /// - Throws: ``JournalError/duplicate(_:)`` when its id is already there.
    func add(_ session: SessionRecord) async throws

    /// Adds a pain rating.
    func add(_ rating: PainRating) async throws

    /// Adds a screening.
    func add(_ screening: ScreeningRecord) async throws

    /// Sessions matching a query, in its order.
    func sessions(_ query: SessionQuery) async throws -> [SessionRecord]

    /// The scores of every session matching a query (its limit and order aside), gathered
    /// without holding the sessions: what the summary and chart of a span need.
    func digest(_ query: SessionQuery, timeZone: TimeZone) async throws -> HistoryDigest

    /// A number that changes whenever a session is added, cheap to read: readers can keep what
    /// they built from the sessions until it changes. It changes at once for a session added
    /// through this store; one added by another process may take a moment to show.
    func sessionsMark() async throws -> Int64

    /// The session with this id, if any.
    func session(id: UUID) async throws -> SessionRecord?

    /// The pain rating with this id, if any.
    func rating(id: UUID) async throws -> PainRating?

    /// Pain ratings in a time window, oldest first.
    func painRatings(from: Date?, to: Date?) async throws -> [PainRating]

    /// The most recent screening of a kind, if any.
    func latestScreening(kind: PastScreening.Kind) async throws -> ScreeningRecord?

    /// Screenings and check-ins at or after an instant, oldest first.
    func screenings(from: Date) async throws -> [ScreeningRecord]

    /// Marks a screening or check-in as used by a session that started at `at`: its answers
    /// count for one session.
    func markScreeningUsed(id: UUID, at: Date) async throws

    /// Pain ratings oldest first (by time, then id) after a key, at most `limit`.
    func painRatings(after: RecordKey?, limit: Int) async throws -> [PainRating]

    /// Screenings and check-ins oldest first (by time, then id) after a key, at most `limit`.
    func screenings(after: RecordKey?, limit: Int) async throws -> [ScreeningRecord]

    /// Saves (inserts or replaces) a live session's checkpoint.
    func save(_ live: LiveSessionRecord) async throws

    /// Saves several live sessions' checkpoints in one transaction.
    func save(_ lives: [LiveSessionRecord]) async throws

    /// The most recently saved live session, if any.
    func latestLiveSession() async throws -> LiveSessionRecord?

    /// The live session with this id, if any.
    func liveSession(id: UUID) async throws -> LiveSessionRecord?

    /// Ends a live session: adds its journal record and removes its checkpoint in one
    /// transaction, so it is never both or neither.
    func finish(_ live: LiveSessionRecord, as session: SessionRecord) async throws

    /// Removes a live session's checkpoint without recording it.
    func discardLiveSession(id: UUID) async throws

    /// Adds every record `read` hands over that is not already there (matched by id), all or
    /// nothing: `read` runs inside the store's transaction and hands over records one at a
    /// time, so an import of any size holds one record at a time; an error it throws undoes
    /// everything it handed over.
    /// - Returns: how many were added and how many were already present.
    /// - Throws: ``JournalError/conflict(list:index:id:)`` for a record whose id is taken by
    ///   one with other content (`index` counts the records of its kind handed over before it).
    func restore(_ read: @escaping @Sendable (_ add: (JournalEntry) throws -> Void) throws -> Void) async throws -> ImportCounts
}

extension JournalStore {
    /// Adds every record of a backup that is not already there (matched by id), all or nothing.
    public func restore(_ backup: JournalBackup) async throws -> ImportCounts {
        try await restore { add in
            for session in backup.sessions { try add(.session(session)) }
            for rating in backup.painRatings { try add(.painRating(rating)) }
            for screening in backup.screenings { try add(.screening(screening)) }
        }
    }

    /// Everything in the journal, oldest first, in memory: for small journals and tests;
    /// exports page through it instead (``JournalExport``).
    public func backup(exportedAt: Date) async throws -> JournalBackup {
        var backup = JournalBackup(exportedAt: exportedAt, sessions: try await sessions(SessionQuery()))
        backup.painRatings = try await painRatings(after: nil, limit: .max)
        backup.screenings = try await screenings(after: nil, limit: .max)
        return backup
    }

    /// What the journal knows for the screening rule: the latest full screening and the
    /// check-ins since.
    public func screeningHistory() async throws -> ScreeningContent.ScreeningHistory {
        guard let full = try await latestScreening(kind: .full) else { return .init(full: nil) }
        let checkIns = try await screenings(from: full.at).filter { $0.kind == .checkIn }
        return .init(full: full.past, checkIns: checkIns.map(\.past))
    }

    /// Whether a session may start now, by the one screening rule every surface uses.
    public func clearance(_ catalog: Catalog, now: Date) async throws -> Clearance {
        catalog.clearance(try await screeningHistory(), now: now)
    }

    /// Muscles that had deep pressure (a ball hold or pin and stretch that ran) within
    /// ``Planner/restHours`` before `now`, in catalog order: the planner gives them rolling only.
    /// - Parameter live: what the live sessions have done so far, when the caller holds them
    ///   (the server does); otherwise the latest live session is read from the journal.
    public func recentDeepPressure(now: Date, catalog: Catalog, live: [StepOutcome]? = nil) async throws -> [MuscleID] {
        let since = now.addingTimeInterval(-Double(Planner.restHours) * 3600)
        var outcomes = try await sessions(SessionQuery(from: since)).flatMap(\.steps)
        if let live {
            outcomes += live
        } else if let saved = try await latestLiveSession(), saved.startedAt >= since {
            outcomes += saved.checkpoint.machine.outcomes
        }
        let deep = Set(
            outcomes.filter { $0.technique.isDeepPressure && $0.actualSeconds > 0 }
                .compactMap(\.muscle))
        return catalog.muscles.map(\.id).filter { deep.contains($0) }
    }
}

/// Errors of a journal store.
public enum JournalError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A record with this id is already in the journal.
    case duplicate(UUID)
    /// The journal file could not be opened or is not a Knotwork journal.
    case unusable(path: String, reason: String)
    /// A restored record (`list` is `sessions` or `painRatings`, `index` its place there) has
    /// the id of one already in the journal, or earlier in the same backup, with other content.
    case conflict(list: String, index: Int, id: UUID)
    /// A stored value this version cannot read: the table, the row's id as stored, the column
    /// and what is wrong with the value. Never read as some default instead: a corrupt `stop`
    /// verdict read as `clear` would skip screening.
    case unreadable(table: String, id: String, column: String, problem: String)

    public var description: String {
        switch self {
        case .duplicate(let id): "a record with id \(id.lowercased) is already in the journal"
        case .unusable(let path, let reason): "cannot use the journal at \(path): \(reason)"
        case .conflict(let list, let index, let id):
            "\(list)[\(index)] has id \(id.lowercased), which a record already in the journal (or earlier in the file) has with other content; nothing was imported"
        case .unreadable(let table, let id, let column, let problem): "journal row \(table) \(id) column \(column): \(problem)"
        }
    }
}
