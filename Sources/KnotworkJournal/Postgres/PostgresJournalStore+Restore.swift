import Foundation
import PostgresNIO
import Synchronization

// Restore: what a backup holds, added in one transaction, all or nothing. The records come from
// a reader that hands them over one at a time and may not wait (it runs inside SQLite's
// transaction on the other store), while PostgreSQL's queries are awaited: the reader runs on a
// thread of its own and hands records over in batches (``RecordFeed``), so an import of any size
// holds at most two batches.
extension PostgresJournalStore {
    public func restore(
        owner: AccountID, _ read: @escaping @Sendable (_ add: (JournalEntry) throws -> Void) throws -> Void
    ) async throws -> ImportCounts {
        let feed = RecordFeed()
        let reader = Thread {
            var batch: [JournalEntry] = []
            do {
                try read { entry in
                    batch.append(entry)
                    if batch.count == RecordFeed.batchSize {
                        try feed.offer(batch)
                        batch = []
                    }
                }
                if !batch.isEmpty { try feed.offer(batch) }
                feed.finish(nil)
            } catch {
                feed.finish(error)
            }
        }
        reader.start()
        let logger = logger
        do {
            let counts = try await transaction(owner: owner) { connection in
                try await Self.bumpSessionsMark(connection, logger: logger)
                var restoring = Restoring(owner: owner, connection: connection, logger: logger)
                while let batch = try await feed.next() {
                    for entry in batch { try await restoring.add(entry) }
                }
                return restoring.counts
            }
            await feed.ended()
            return counts
        } catch {
            // The reader may be waiting to hand a batch over: it is told to stop, and waited for,
            // so that nothing it reads from is used after this returns.
            feed.cancel()
            await feed.ended()
            // What the reader threw is the caller's own error, as it threw it.
            throw feed.readerFailure ?? error
        }
    }
}

/// One restore's inserts and counts.
private struct Restoring {
    let owner: AccountID
    let connection: PostgresConnection
    let logger: Logger
    var counts = ImportCounts()
    var index = (sessions: 0, ratings: 0, screenings: 0)

    init(owner: AccountID, connection: PostgresConnection, logger: Logger) {
        (self.owner, self.connection, self.logger) = (owner, connection, logger)
    }

    /// Inserts a record; one whose id the owner has already (in the journal, or earlier in this
    /// restore) is counted as present when its content is the same, and refuses the whole
    /// restore when it is not, or when the id is another owner's.
    mutating func add(_ entry: JournalEntry) async throws {
        let (connection, logger, key) = (connection, logger, owner.description)
        switch entry {
        case .session(let imported):
            defer { index.sessions += 1 }
            let row = try SessionRow(imported, owner: owner)
            try await count(row.postgresInsert, list: "sessions", index: index.sessions, id: imported.id) {
                let kept = try await connection.query(
                    "SELECT \(unescaped: SessionRow.postgresColumns) FROM session WHERE owner = \(key) AND id = \(row.id)",
                    logger: logger
                ).collect().first
                return try kept.map { SQLiteJournalStore.sameContent(try SessionRow(postgres: $0).record(), imported) } ?? false
            }
        case .painRating(let imported):
            defer { index.ratings += 1 }
            let row = PainRatingRow(imported, owner: owner)
            try await count(row.postgresInsert, list: "painRatings", index: index.ratings, id: imported.id) {
                let kept = try await connection.query(
                    "SELECT \(unescaped: PainRatingRow.postgresColumns) FROM painRating WHERE owner = \(key) AND id = \(row.id)",
                    logger: logger
                ).collect().first
                return try kept.map { try PainRatingRow(postgres: $0).record() == imported } ?? false
            }
        case .screening(let imported):
            defer { index.screenings += 1 }
            let row = try ScreeningRow(imported, owner: owner)
            try await count(row.postgresInsert, list: "screenings", index: index.screenings, id: imported.id) {
                try await !connection.query(
                    "SELECT 1 FROM screening WHERE owner = \(key) AND id = \(row.id)", logger: logger
                )
                .collect().isEmpty
            }
        }
    }

    private mutating func count(
        _ query: PostgresQuery, list: String, index: Int, id: UUID, same: () async throws -> Bool
    ) async throws {
        switch try await Self.insert(query, connection, logger: logger, same: same) {
        case true?: counts.added += 1
        case false?: counts.alreadyPresent += 1
        case nil: throw JournalError.conflict(list: list, index: index, id: id)
        }
    }

    /// Whether the record was added (true) or was there with the same content (false); nil
    /// when its id is taken by one with other content.
    private static func insert(
        _ query: PostgresQuery, _ connection: PostgresConnection, logger: Logger, same: () async throws -> Bool
    ) async throws -> Bool? {
        if try await !connection.query(query, logger: logger).collect().isEmpty { return true }
        return try await same() ? false : nil
    }
}

/// Batches of records handed from a reader on its own thread to an awaiting writer, one batch
/// at a time: the reader waits while the writer has not taken the last one.
final class RecordFeed: Sendable {
    static let batchSize = 500

    /// What an offer throws once the writer has stopped: the reader's way out.
    struct Stopped: Error {}

    private struct State {
        var pending: [JournalEntry]?
        var finished = false
        var failure: (any Error)?
        var cancelled = false
        var readerWaiting = false
        var writer: CheckedContinuation<Void, Never>?
        var endWaiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())
    private let taken = DispatchSemaphore(value: 0)

    /// Hands a batch over and waits until the writer has taken it (on the reader's thread).
    /// - Throws: ``Stopped`` once the writer has stopped.
    func offer(_ batch: [JournalEntry]) throws {
        let writer = try state.withLock { state -> CheckedContinuation<Void, Never>? in
            if state.cancelled { throw Stopped() }
            state.pending = batch
            state.readerWaiting = true
            defer { state.writer = nil }
            return state.writer
        }
        writer?.resume()
        taken.wait()
        if state.withLock({ $0.cancelled }) { throw Stopped() }
    }

    /// The reader is done: with an error it threw, or nil when it read everything.
    func finish(_ error: (any Error)?) {
        let (writer, waiters) = state.withLock { state in
            state.finished = true
            state.failure = error
            defer { (state.writer, state.endWaiters) = (nil, []) }
            return (state.writer, state.endWaiters)
        }
        writer?.resume()
        for waiter in waiters { waiter.resume() }
    }

    /// The next batch, or nil when the reader read everything.
    /// - Throws: what the reader threw.
    func next() async throws -> [JournalEntry]? {
        while true {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let ready = state.withLock { state in
                    guard state.pending == nil, !state.finished else { return true }
                    state.writer = continuation
                    return false
                }
                if ready { continuation.resume() }
            }
            let (batch, finished, failure) = state.withLock { state in
                defer { state.pending = nil }
                if state.pending != nil { state.readerWaiting = false }
                return (state.pending, state.finished, state.failure)
            }
            if let batch {
                taken.signal()
                return batch
            }
            if finished {
                if let failure { throw failure }
                return nil
            }
        }
    }

    /// What the reader threw, if it did.
    var readerFailure: (any Error)? {
        state.withLock { $0.failure is Stopped ? nil : $0.failure }
    }

    /// The writer has stopped: a reader waiting, or offering next, is told to stop.
    func cancel() {
        let wake = state.withLock { state in
            state.cancelled = true
            defer { state.readerWaiting = false }
            return state.readerWaiting
        }
        if wake { taken.signal() }
    }

    /// Returns once the reader has finished.
    func ended() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let done = state.withLock { state in
                if !state.finished { state.endWaiters.append(continuation) }
                return state.finished
            }
            if done { continuation.resume() }
        }
    }
}
