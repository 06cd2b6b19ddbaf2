/// Runs a ``SessionMachine`` against a clock: sleeps until each absolute deadline (never by
/// summing sleeps), applies the person's events as they come, and reports every change.
///
/// The clock is injected: the real one in the coach and the server, a faster one for
/// `--speed`, a manual one in tests.
public actor SessionDriver<C: Clock> where C.Duration == Duration {
    /// One change: the cues to speak, and the machine after it.
    public struct Update: Sendable {
        public let cues: [Cue]
        public let machine: SessionMachine
        /// Session time of the update.
        public let now: Duration
    }

    private var machine: SessionMachine
    private let clock: C
    private let origin: C.Instant
    private let onUpdate: @Sendable (Update) async -> Void
    private var sleeper: Task<Void, any Error>?

    /// - Parameters:
    ///   - machine: a machine, new or restored, whose session time 0 is `origin`.
    ///   - clock: the clock to read and sleep on.
    ///   - origin: the clock's instant for session time 0 (default: now).
    ///   - onUpdate: called after every change, in order; the coach saves the checkpoint here.
    public init(
        machine: SessionMachine, clock: C, origin: C.Instant? = nil, onUpdate: @escaping @Sendable (Update) async -> Void
    ) {
        self.machine = machine
        self.clock = clock
        self.origin = origin ?? clock.now
        self.onUpdate = onUpdate
    }

    /// Session time now.
    public var now: Duration { origin.duration(to: clock.now) }

    /// The machine as it stands.
    public var state: SessionMachine { machine }

    /// Applies an event now and wakes the loop so it sleeps toward the new deadline.
    public func send(_ event: SessionMachine.Event) async {
        let time = now
        let cues = machine.advance(to: time) + machine.handle(event, at: time)
        sleeper?.cancel()
        await onUpdate(Update(cues: cues, machine: machine, now: time))
    }

    /// Runs until the session reaches one of `phases` (by default: finished or quit) or the task
    /// is cancelled. Send `.start` (or `.resume` for a restored session) before running, so a
    /// restored quit session is not taken for one that has just been quit.
    public func run(until phases: Set<SessionMachine.Phase> = [.finished, .quit]) async {
        while !phases.contains(machine.phase), !Task.isCancelled {
            let deadline = machine.nextDeadline
            let clock = self.clock
            let origin = self.origin
            let task = Task {
                // With nothing due (paused, or waiting to start), sleep until an event cancels.
                let until = deadline.map { origin.advanced(by: $0) } ?? origin.advanced(by: .seconds(31_536_000_000))
                try await clock.sleep(until: until, tolerance: nil)
            }
            sleeper = task
            _ = await task.result
            sleeper = nil
            let time = now
            let cues = machine.advance(to: time)
            if !cues.isEmpty { await onUpdate(Update(cues: cues, machine: machine, now: time)) }
        }
    }
}
