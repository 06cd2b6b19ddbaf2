import Synchronization

/// The sleep of the hub's one timer: until the earliest deadline of any session, cut short when
/// an event brings a nearer one. One sleep serves every session, so a thousand sessions cost a
/// thousand machines, not a thousand sleeping tasks.
final class WakeTimer<C: Clock>: Sendable where C.Duration == Duration {
    private struct Sleep {
        var task: Task<Void, any Error>?
        var until: C.Instant?
    }

    private let clock: C
    private let current = Mutex(Sleep())

    init(clock: C) {
        self.clock = clock
    }

    /// Sleeps until `wake` (with none, until ``nudge(for:)`` ends the sleep), or less when
    /// ``nudge(for:)`` brings a nearer wake. Runs on the caller's actor, so the sleep is known
    /// before the caller can take another event.
    func sleep(until wake: C.Instant?, isolation: isolated (any Actor)? = #isolation) async {
        let clock = self.clock
        let task = Task {
            // With nothing due, sleep until an event or a new session ends the sleep.
            try await clock.sleep(until: wake ?? clock.now.advanced(by: .seconds(31_536_000)), tolerance: nil as Duration?)
        }
        current.withLock { $0 = Sleep(task: task, until: wake) }
        _ = await task.result
        current.withLock { $0 = Sleep() }
    }

    /// Ends the sleep now if `wake` comes before the deadline it sleeps until.
    func nudge(for wake: C.Instant) {
        let task = current.withLock { sleep in sleep.until.map { wake < $0 } ?? true ? sleep.task : nil }
        task?.cancel()
    }
}
