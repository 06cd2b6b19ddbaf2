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
    /// At most this many, newest first when set; all, oldest first, when nil.
    public var limit: Int?

    public init(from: Date? = nil, to: Date? = nil, region: RegionID? = nil, limit: Int? = nil) {
        self.from = from
        self.to = to
        self.region = region
        self.limit = limit
    }
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

    /// Sessions matching a query: oldest first, or newest first when the query has a limit.
    func sessions(_ query: SessionQuery) async throws -> [SessionRecord]

    /// A number that changes whenever a session is added, cheap to read: readers can keep what
    /// they built from the sessions until it changes. It changes at once for a session added
    /// through this store; one added by another process may take a moment to show.
    func sessionsMark() async throws -> Int64

    /// The session with this id, if any.
    func session(id: UUID) async throws -> SessionRecord?

    /// Pain ratings in a time window, oldest first.
    func painRatings(from: Date?, to: Date?) async throws -> [PainRating]

    /// The most recent screening of a kind, if any.
    func latestScreening(kind: PastScreening.Kind) async throws -> ScreeningRecord?

    /// Screenings and check-ins at or after an instant, oldest first.
    func screenings(from: Date) async throws -> [ScreeningRecord]

    /// Marks a screening or check-in as used by a session that started at `at`: its answers
    /// count for one session.
    func markScreeningUsed(id: UUID, at: Date) async throws

    /// Everything in the journal, oldest first: what the JSON export writes.
    func backup(exportedAt: Date) async throws -> JournalBackup

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

    /// Adds every record of a backup that is not already there (matched by id), all or nothing.
    /// - Returns: how many were added and how many were already present.
    func restore(_ backup: JournalBackup) async throws -> ImportCounts
}

extension JournalStore {
    /// What the journal knows for the screening rule: the latest full screening and the
    /// check-ins since.
    public func screeningHistory() async throws -> ScreeningContent.ScreeningHistory {
        guard let full = try await latestScreening(kind: .full) else { return .init(full: nil) }
        let checkIns = try await screenings(from: full.at).filter { $0.kind == .checkIn }
        return .init(full: full.past, checkIns: checkIns.map(\.past))
    }

    /// Whether a session may start now, by the one screening rule every surface uses.
    public func clearance(_ catalog: Catalog, now: Date) async throws -> Clearance {
        catalog.screening.clearance(try await screeningHistory(), now: now)
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

    public var description: String {
        switch self {
        case .duplicate(let id): "a record with id \(id.lowercased) is already in the journal"
        case .unusable(let path, let reason): "cannot use the journal at \(path): \(reason)"
        case .conflict(let list, let index, let id):
            "\(list)[\(index)] has id \(id.lowercased), which a record already in the journal (or earlier in the file) has with other content; nothing was imported"
        }
    }
}
