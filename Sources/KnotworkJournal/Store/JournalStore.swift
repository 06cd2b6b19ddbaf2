import Foundation
import KnotworkCore
import KnotworkSession

/// One record of a journal as an import reads it, with its place in its list of the file.
public enum JournalEntry: Sendable {
    case session(SessionRecord)
    case painRating(PainRating)
    case screening(ScreeningRecord)
}

/// Where sessions, pain ratings, screenings and live sessions are kept, each record the
/// account's that wrote it. Every write is durable once it returns; every method may be called
/// from any task.
///
/// Every method reads or writes one owner's records only. Ids are unique across the journal,
/// yet another owner's record is never seen: its id read, listed, finished, discarded or marked
/// by anyone else is an unknown id, and a record added or restored under it is refused as any
/// taken id is, saying nothing of what it holds. The store contract suite
/// (`Tests/KnotworkJournalTests/Store/JournalStoreContractTests*.swift`) checks that, and every
/// other requirement here, of every store.
///
/// Conformers: ``SQLiteJournalStore`` (the embedded default); a PostgreSQL store can follow
/// behind the same requirements.
public protocol JournalStore: Sendable {
    /// Adds an account, owning nothing yet.
    /// - Throws: ``JournalError/duplicate(_:)`` when there is one with this id.
    func addAccount(_ account: AccountID, createdAt: Date) async throws

    /// Adds a session.
    /// - Throws: ``JournalError/duplicate(_:)`` when its id is taken (by any owner);
    ///   ``JournalError/unknownAccount(_:)`` when the owner is not an account.
    func add(_ session: SessionRecord, owner: AccountID) async throws

    /// Adds a pain rating.
    /// - Throws: as adding a session does.
    func add(_ rating: PainRating, owner: AccountID) async throws

    /// Adds a screening.
    /// - Throws: as adding a session does.
    func add(_ screening: ScreeningRecord, owner: AccountID) async throws

    /// The owner's sessions matching a query, in its order.
    func sessions(_ query: SessionQuery, owner: AccountID) async throws -> [SessionRecord]

    /// The scores of every session of the owner matching a query (its limit and order aside),
    /// gathered without holding the sessions: what the summary and chart of a span need.
    func digest(_ query: SessionQuery, owner: AccountID, timeZone: TimeZone) async throws -> HistoryDigest

    /// A number that grows whenever a session is added (or sessions go with a deleted account),
    /// and never repeats, cheap to read: readers can keep what they built from the sessions
    /// until it changes. It changes at once for a session added through this store; one added by
    /// another process may take a moment to show.
    ///
    /// One number for the whole journal, whoever's session was added: cheap because it is
    /// one, it tells a reader only that it may have to read again, never whose session came,
    /// and a reader that keeps what it read keeps it by owner.
    func sessionsMark() async throws -> Int64

    /// The owner's session with this id, if any.
    func session(id: UUID, owner: AccountID) async throws -> SessionRecord?

    /// The owner's pain rating with this id, if any.
    func rating(id: UUID, owner: AccountID) async throws -> PainRating?

    /// The owner's pain ratings in a time window, oldest first.
    func painRatings(from: Date?, to: Date?, owner: AccountID) async throws -> [PainRating]

    /// The owner's most recent screening of a kind, if any.
    func latestScreening(kind: PastScreening.Kind, owner: AccountID) async throws -> ScreeningRecord?

    /// The owner's screenings and check-ins at or after an instant, oldest first.
    func screenings(from: Date, owner: AccountID) async throws -> [ScreeningRecord]

    /// Marks the owner's screening or check-in as used by a session that started at `at`: its
    /// answers count for one session. An id the owner has no screening under changes nothing.
    func markScreeningUsed(id: UUID, at: Date, owner: AccountID) async throws

    /// The owner's pain ratings oldest first (by time, then id) after a key, at most `limit`.
    func painRatings(after: RecordKey?, limit: Int, owner: AccountID) async throws -> [PainRating]

    /// The owner's screenings and check-ins oldest first (by time, then id) after a key, at most
    /// `limit`.
    func screenings(after: RecordKey?, limit: Int, owner: AccountID) async throws -> [ScreeningRecord]

    /// Saves (inserts or replaces) a live session's checkpoint. A session never changes its
    /// plan: the first save under an id stores the plan and the engine's fixed part
    /// (``LiveSessionRecord/storedFixed()``), and later saves write only the rest
    /// (``LiveSessionRecord/storedMoving()``), which a read puts back together with it.
    /// - Throws: ``JournalError/duplicate(_:)`` when its id is another owner's.
    func save(_ live: LiveSessionRecord, owner: AccountID) async throws

    /// Saves several live sessions' checkpoints, of any owners, in one transaction.
    /// - Throws: as ``save(_:owner:)`` does; then none is saved.
    func save(_ lives: [OwnedLiveSession]) async throws

    /// The owner's most recently saved live session, if any.
    func latestLiveSession(owner: AccountID) async throws -> LiveSessionRecord?

    /// The owner's live session with this id, if any.
    func liveSession(id: UUID, owner: AccountID) async throws -> LiveSessionRecord?

    /// Ends a live session: adds its journal record and removes the owner's checkpoint in one
    /// transaction, so it is never both or neither. A session of the owner's already recorded
    /// under the record's id (a finish retried) stays as it is.
    /// - Throws: ``JournalError/duplicate(_:)`` when another owner's session has the record's
    ///   id; then the checkpoint stays.
    func finish(_ live: LiveSessionRecord, as session: SessionRecord, owner: AccountID) async throws

    /// Removes the owner's checkpoint of a live session without recording it.
    func discardLiveSession(id: UUID, owner: AccountID) async throws

    /// Adds to the owner's records every record `read` hands over that the owner does not have
    /// (matched by id), all or nothing: `read` runs inside the store's transaction and hands
    /// over records one at a time, so an import of any size holds one record at a time; an
    /// error it throws undoes everything it handed over.
    /// - Returns: how many were added and how many were already present.
    /// - Throws: ``JournalError/conflict(list:index:id:)`` for a record whose id is taken by
    ///   one with other content, or by another owner's (`index` counts the records of its kind
    ///   handed over before it).
    func restore(
        owner: AccountID, _ read: @escaping @Sendable (_ add: (JournalEntry) throws -> Void) throws -> Void
    ) async throws -> ImportCounts
}

extension JournalStore {
    /// Adds every record of a backup that the owner does not have (matched by id), all or
    /// nothing.
    public func restore(_ backup: JournalBackup, owner: AccountID) async throws -> ImportCounts {
        try await restore(owner: owner) { add in
            for session in backup.sessions { try add(.session(session)) }
            for rating in backup.painRatings { try add(.painRating(rating)) }
            for screening in backup.screenings { try add(.screening(screening)) }
        }
    }

    /// Everything of the owner's, oldest first, in memory: for small journals and tests;
    /// exports page through it instead (``JournalExport``).
    public func backup(exportedAt: Date, owner: AccountID) async throws -> JournalBackup {
        var backup = JournalBackup(exportedAt: exportedAt, sessions: try await sessions(SessionQuery(), owner: owner))
        backup.painRatings = try await painRatings(after: nil, limit: .max, owner: owner)
        backup.screenings = try await screenings(after: nil, limit: .max, owner: owner)
        return backup
    }

    /// What the journal knows of the owner for the screening rule: the latest full screening
    /// and the check-ins since.
    public func screeningHistory(owner: AccountID) async throws -> ScreeningContent.ScreeningHistory {
        guard let full = try await latestScreening(kind: .full, owner: owner) else { return .init(full: nil) }
        let checkIns = try await screenings(from: full.at, owner: owner).filter { $0.kind == .checkIn }
        return .init(full: full.past, checkIns: checkIns.map(\.past))
    }

    /// Whether the owner may start a session now, by the one screening rule every surface uses.
    public func clearance(_ catalog: Catalog, now: Date, owner: AccountID) async throws -> Clearance {
        catalog.clearance(try await screeningHistory(owner: owner), now: now)
    }

    /// Muscles of the owner's that had deep pressure (a ball hold or pin and stretch that ran)
    /// within ``Planner/restHours`` before `now`, in catalog order: the planner gives them
    /// rolling only.
    /// - Parameter live: what the owner's live sessions have done so far, when the caller holds
    ///   them (the server does); otherwise the owner's latest live session is read from the
    ///   journal.
    public func recentDeepPressure(now: Date, catalog: Catalog, owner: AccountID, live: [StepOutcome]? = nil) async throws -> [MuscleID] {
        let since = now.addingTimeInterval(-Double(Planner.restHours) * 3600)
        var outcomes = try await sessions(SessionQuery(from: since), owner: owner).flatMap(\.steps)
        if let live {
            outcomes += live
        } else if let saved = try await latestLiveSession(owner: owner), saved.startedAt >= since {
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
    /// A record (or an account) with this id is already in the journal.
    case duplicate(UUID)
    /// A record was written for an owner that is not an account of the journal.
    case unknownAccount(AccountID)
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
        case .unknownAccount(let account): "there is no account \(account) in the journal"
        case .unusable(let path, let reason): "cannot use the journal at \(path): \(reason)"
        case .conflict(let list, let index, let id):
            "\(list)[\(index)] has id \(id.lowercased), which a record already in the journal (or earlier in the file) has with other content; nothing was imported"
        case .unreadable(let table, let id, let column, let problem): "journal row \(table) \(id) column \(column): \(problem)"
        }
    }
}
