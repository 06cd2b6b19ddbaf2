import Foundation
import KnotworkJournal
import Logging
import Synchronization

/// Writes live-session checkpoints to the journal, many in one transaction: with a thousand
/// sessions running, a write (and its sync to disk) per cue would queue behind each other.
///
/// Only the newest checkpoint of each session is kept while a write is under way, and writes
/// happen one at a time, so an older checkpoint never lands after a newer one.
final class CheckpointWriter: Sendable {
    private struct State {
        var pending: [UUID: OwnedLiveSession] = [:]
        /// Stream events to save with the checkpoints, in the order they were published.
        var events: [LiveStreamEvent] = []
        var waiting: [CheckedContinuation<Void, Never>] = []
        var writing = false
    }

    private let store: any JournalStore
    /// Where checkpoints go with their stream events, on a server sharing its database.
    private let leases: (any LiveSessionLeases)?
    private let logger: Logger
    private let state = Mutex(State())

    init(store: any JournalStore, leases: (any LiveSessionLeases)? = nil, logger: Logger) {
        self.store = store
        self.leases = leases
        self.logger = logger
    }

    /// Queues checkpoints and returns at once: they are written with the next batch. Queuing
    /// does not suspend, so what the hub queues is in the order it queued it.
    func enqueue(_ records: [OwnedLiveSession], events: [LiveStreamEvent] = []) {
        guard !records.isEmpty || !events.isEmpty else { return }
        let start = state.withLock { state -> Bool in
            for record in records { state.pending[record.live.id] = record }
            state.events += events
            return startWriting(&state)
        }
        if start { Task { await drain() } }
    }

    /// Queues checkpoints and returns once they are in the journal: what a person's event, or a
    /// shutdown, needs before it is acknowledged.
    func save(_ records: [OwnedLiveSession], events: [LiveStreamEvent] = []) async {
        enqueue(records, events: events)
        await settle()
    }

    /// Returns once every checkpoint queued so far is in the journal.
    func settle() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let start = state.withLock { state -> Bool? in
                guard state.writing || !state.pending.isEmpty || !state.events.isEmpty else { return nil }
                state.waiting.append(continuation)
                return startWriting(&state)
            }
            switch start {
            case nil: continuation.resume()
            case true?: Task { await drain() }
            case false?: break
            }
        }
    }

    private func startWriting(_ state: inout State) -> Bool {
        guard !state.writing else { return false }
        state.writing = true
        return true
    }

    private func drain() async {
        while true {
            // Whoever waits now has everything they queued in this batch.
            let next = state.withLock {
                state -> (batch: [OwnedLiveSession], events: [LiveStreamEvent], done: [CheckedContinuation<Void, Never>])? in
                guard !state.pending.isEmpty || !state.events.isEmpty || !state.waiting.isEmpty else {
                    state.writing = false
                    return nil
                }
                defer { (state.pending, state.events, state.waiting) = ([:], [], []) }
                return (Array(state.pending.values), state.events, state.waiting)
            }
            guard let next else { return }
            if !next.batch.isEmpty || !next.events.isEmpty {
                do {
                    if let leases {
                        try await leases.save(next.batch, events: next.events)
                    } else {
                        try await store.save(next.batch)
                    }
                } catch {
                    logger.error("could not checkpoint live sessions", metadata: ["count": "\(next.batch.count)", "error": "\(error)"])
                }
            }
            for continuation in next.done { continuation.resume() }
        }
    }
}
