import Foundation
import KnotworkCore
import KnotworkJournal
import KnotworkSession
import Logging

/// The live sessions this server runs: each is the same `SessionMachine` the terminal coach
/// uses, checkpointed in the journal as it changes, and streamed to any number of listeners. A
/// session the server does not hold in memory (after a restart) is restored from its checkpoint
/// on first use.
///
/// One timer serves every session: it sleeps until the earliest deadline of any of them, so a
/// thousand sessions cost a thousand machines, not a thousand sleeping tasks. Time comes from
/// the injected clock: the real one sped up by `--speed` in the server, a manual one in tests.
actor LiveHub<C: Clock> where C.Duration == Duration {
    private final class Entry: @unchecked Sendable {
        // Touched only inside the hub actor.
        var live: LiveSessionRecord
        var machine: SessionMachine {
            didSet { wake = Self.wake(of: machine, from: origin) }
        }
        /// The clock's instant for the session's time 0.
        let origin: C.Instant
        /// When the machine next has something to do, if ever. Kept beside the machine rather
        /// than read through it: the timer looks at every session's on each wake, and reading
        /// it through the machine doubled cue lateness (p99 1.1 → 2.2 ms at 1,000 sessions).
        private(set) var wake: C.Instant?
        /// Recent cues, for listeners that reconnect (a state event is made afresh for each).
        var cues: [StreamEvent] = []
        var nextEventID = 1
        var lastCue: CueView?
        var listeners: [UUID: AsyncStream<StreamEvent>.Continuation] = [:]
        /// Being saved by a finish: a second finish at the same time is refused, not lost.
        var finishing = false

        init(live: LiveSessionRecord, machine: SessionMachine, origin: C.Instant) {
            self.live = live
            self.machine = machine
            self.origin = origin
            wake = Self.wake(of: machine, from: origin)
        }

        private static func wake(of machine: SessionMachine, from origin: C.Instant) -> C.Instant? {
            machine.nextDeadline.map { origin.advanced(by: $0) }
        }

        func now(on clock: C) -> Duration { origin.duration(to: clock.now) }
    }

    /// Cues kept per session for reconnecting listeners (Last-Event-ID): at real speed, some
    /// minutes of a session.
    static var replayLimit: Int { 32 }

    let store: any JournalStore
    let catalog: Catalog
    let speed: Double
    let logger: Logger
    private let clock: C
    private let checkpoints: CheckpointWriter
    private var entries: [UUID: Entry] = [:]
    private var timer: Task<Void, Never>?
    private var sleeper: Task<Void, any Error>?
    private var plannedWake: C.Instant?

    /// - Parameter speed: how fast `clock` runs against wall time, for clients that count down.
    init(store: any JournalStore, catalog: Catalog, clock: C, speed: Double, logger: Logger) {
        self.store = store
        self.catalog = catalog
        self.speed = speed
        self.logger = logger
        self.clock = clock
        checkpoints = CheckpointWriter(store: store, logger: logger)
    }

    // MARK: - Lifecycle

    /// Starts a session from a plan.
    func create(plan: Plan, painBefore: Int?) async throws -> LiveView {
        let machine = SessionMachine(plan: plan, cues: CueBook(catalog: catalog))
        let live = LiveSessionRecord(
            startedAt: Date(), timeZone: TimeZone.current.identifier, painBefore: painBefore, plan: plan,
            checkpoint: machine.checkpoint(at: .zero), updatedAt: Date())
        let entry = makeEntry(live: live, machine: machine)
        await apply(.start, to: entry)
        return view(entry)
    }

    /// The deep-pressure steps live sessions started since `since` have done: for the rest
    /// rule, read from memory rather than decoding checkpoints.
    func deepPressureOutcomes(since: Date) -> [StepOutcome] {
        entries.values.filter { $0.live.startedAt >= since }.flatMap { entry in
            entry.machine.outcomes.filter(\.technique.isDeepPressure)
        }
    }

    /// The session's state now.
    func view(id: UUID) async throws -> LiveView {
        view(try await entry(id))
    }

    /// Applies the person's event; the checkpoint is in the journal when this returns.
    /// Applies a person's event. With `step`, the step they saw: an event that comes once that
    /// step has ended (a double tap on skip) changes nothing, and the state is sent back; only
    /// skip and "it eased" are tied to their step.
    func send(_ event: SessionMachine.Event, to id: UUID, forStep step: Int? = nil) async throws -> LiveView {
        let entry = try await entry(id)
        guard entry.machine.phase != .finished else { throw LiveError.finished(id) }
        // Only skip and "it eased" are tied to their step: a pause or a stop signal is never
        // dropped, whatever step it was meant for (the person feels it now).
        if let step, event.isForOneStep {
            // The step under way now, the machine's deadlines included (a copy: its cues are the
            // timer's to send).
            var now = entry.machine
            _ = now.advance(to: entry.now(on: clock))
            if now.currentStep?.number != step { return view(entry) }
        }
        await apply(event, to: entry)
        return view(entry)
    }

    /// Listens to the session's events, first replaying those after `lastEventID` (or, without
    /// one, the current state), then live ones until the listener goes away or finishes the
    /// stream through its continuation.
    func listen(to id: UUID, after lastEventID: Int?) async throws -> (AsyncStream<StreamEvent>, AsyncStream<StreamEvent>.Continuation) {
        let entry = try await entry(id)
        let (stream, continuation) = AsyncStream.makeStream(of: StreamEvent.self, bufferingPolicy: .bufferingNewest(1000))
        let listener = UUID()
        if let lastEventID {
            for event in entry.cues where event.id > lastEventID { continuation.yield(event) }
        }
        continuation.yield(stateEvent(entry, record: false))
        if entry.machine.phase == .finished {
            continuation.finish()
            return (stream, continuation)
        }
        entry.listeners[listener] = continuation
        continuation.onTermination = { [weak self] _ in
            Task { await self?.removeListener(listener, from: id) }
        }
        return (stream, continuation)
    }

    /// Saves a finished session to the journal, with the pain after, and forgets it.
    func finish(id: UUID, painAfter: Int?, note: String?) async throws -> SessionRecord {
        let entry: Entry
        do {
            entry = try await self.entry(id)
        } catch LiveError.unknownSession(let id) {
            // Saved already (by an earlier finish): say so, rather than that it never was.
            if try await store.session(id: id) != nil { throw LiveError.alreadySaved(id) }
            throw LiveError.unknownSession(id)
        }
        guard entry.machine.phase == .finished else { throw LiveError.notFinished(id, entry.machine.phase) }
        // The first finish wins; one that comes while it is saving is told, not silently dropped.
        guard !entry.finishing else { throw LiveError.beingSaved(id) }
        entry.finishing = true
        defer { entry.finishing = false }
        entry.live.record(entry.machine, at: entry.now(on: clock))
        let record = entry.live.finished(endedAt: Date(), painAfter: painAfter, note: note)
        // A checkpoint still queued must not land after the live session is gone.
        await checkpoints.settle()
        try await store.finish(entry.live, as: record)
        close(entry, id: id)
        return record
    }

    /// Checkpoints every session as it stands, for a graceful shutdown: first ends every
    /// stream (an open stream would hold the shutdown up), then saves all checkpoints in one
    /// transaction.
    func checkpointAll() async {
        timer?.cancel()
        timer = nil
        var records: [LiveSessionRecord] = []
        for entry in entries.values {
            for listener in entry.listeners.values { listener.finish() }
            entry.listeners = [:]
            entry.live.record(entry.machine, at: entry.now(on: clock))
            records.append(entry.live)
        }
        entries = [:]
        await checkpoints.save(records)
    }

    /// How many sessions are in memory.
    var count: Int { entries.count }

    // MARK: - Internals

    private func entry(_ id: UUID) async throws -> Entry {
        if let entry = entries[id] { return entry }
        guard let live = try await store.liveSession(id: id) else { throw LiveError.unknownSession(id) }
        // Another request may have restored it while this one read the journal.
        if let entry = entries[id] { return entry }
        let machine = SessionMachine.restore(live.checkpoint, at: .zero)
        logger.info("restored a live session from its checkpoint", metadata: ["id": "\(id.lowercased)", "step": "\(machine.currentStep?.number ?? 0)"])
        return makeEntry(live: live, machine: machine)
    }

    private func makeEntry(live: LiveSessionRecord, machine: SessionMachine) -> Entry {
        let entry = Entry(live: live, machine: machine, origin: clock.now)
        entries[live.id] = entry
        if timer == nil { timer = Task { await runTimer() } }
        return entry
    }

    /// A person's event, applied now and checkpointed before it is acknowledged.
    private func apply(_ event: SessionMachine.Event, to entry: Entry) async {
        let time = entry.now(on: clock)
        let cues = entry.machine.advance(to: time) + entry.machine.handle(event, at: time)
        changed(entry, cues: cues, at: time)
        await checkpoints.save([entry.live])
        // The event may bring this session's next deadline before the one the timer sleeps to.
        if let wake = entry.wake, plannedWake.map({ wake < $0 }) ?? true { sleeper?.cancel() }
    }

    /// Publishes what changed and records the checkpoint (the caller saves it).
    private func changed(_ entry: Entry, cues: [Cue], at time: Duration) {
        entry.live.record(entry.machine, at: time)
        for cue in cues {
            let view = CueView(cue)
            entry.lastCue = view
            publish(entry, name: "cue", data: (try? JSON.encoder.encode(view)).map { String(decoding: $0, as: UTF8.self) } ?? "{}")
        }
        publish(entry, event: stateEvent(entry, record: true))
        if entry.machine.phase == .finished {
            // Nothing more will happen: end the streams (the session waits for /finish).
            for listener in entry.listeners.values { listener.finish() }
            entry.listeners = [:]
        }
    }

    /// The one timer: sleeps until the earliest deadline of any session (or until an event
    /// brings one nearer), then moves every session that is due.
    private func runTimer() async {
        while !Task.isCancelled {
            let wake = entries.values.lazy.compactMap(\.wake).min()
            plannedWake = wake
            let clock = self.clock
            let task = Task {
                // With nothing due, sleep until an event or a new session wakes the timer.
                try await clock.sleep(until: wake ?? clock.now.advanced(by: .seconds(31_536_000)), tolerance: nil as Duration?)
            }
            sleeper = task
            _ = await task.result
            sleeper = nil
            plannedWake = nil
            let now = clock.now
            var moved: [LiveSessionRecord] = []
            for entry in entries.values {
                guard let due = entry.wake, due <= now else { continue }
                let time = entry.origin.duration(to: now)
                changed(entry, cues: entry.machine.advance(to: time), at: time)
                moved.append(entry.live)
            }
            checkpoints.enqueue(moved)
        }
    }

    private func stateEvent(_ entry: Entry, record: Bool) -> StreamEvent {
        let data = (try? JSON.encoder.encode(view(entry, withPlan: false))).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        if record {
            defer { entry.nextEventID += 1 }
            return StreamEvent(id: entry.nextEventID, name: "state", data: data)
        }
        return StreamEvent(id: max(0, entry.nextEventID - 1), name: "state", data: data)
    }

    private func publish(_ entry: Entry, name: String, data: String) {
        let event = StreamEvent(id: entry.nextEventID, name: name, data: data)
        entry.nextEventID += 1
        publish(entry, event: event)
    }

    private func publish(_ entry: Entry, event: StreamEvent) {
        if event.name == "cue" {
            entry.cues.append(event)
            if entry.cues.count > Self.replayLimit { entry.cues.removeFirst(entry.cues.count - Self.replayLimit) }
        }
        for listener in entry.listeners.values { listener.yield(event) }
    }

    private func view(_ entry: Entry, withPlan: Bool = true) -> LiveView {
        LiveView(
            id: entry.live.id, machine: entry.machine, now: entry.now(on: clock), painBefore: entry.live.painBefore,
            lastCue: entry.lastCue, plan: withPlan ? entry.live.plan : nil, speed: speed, catalog: catalog)
    }

    private func removeListener(_ listener: UUID, from id: UUID) {
        entries[id]?.listeners[listener] = nil
    }

    private func close(_ entry: Entry, id: UUID) {
        for listener in entry.listeners.values { listener.finish() }
        entries[id] = nil
    }
}
