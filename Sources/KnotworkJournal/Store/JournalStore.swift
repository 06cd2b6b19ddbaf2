import Foundation
import KnotworkCore

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

    /// The most recent screening, if any.
    func latestScreening() async throws -> ScreeningRecord?

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

/// Errors of a journal store.
public enum JournalError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A record with this id is already in the journal.
    case duplicate(UUID)
    /// The journal file could not be opened or is not a Knotwork journal.
    case unusable(path: String, reason: String)

    public var description: String {
        switch self {
        case .duplicate(let id): "a record with id \(id.lowercased) is already in the journal"
        case .unusable(let path, let reason): "cannot use the journal at \(path): \(reason)"
        }
    }
}
