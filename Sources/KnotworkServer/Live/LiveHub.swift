import Foundation
import KnotworkCore
import KnotworkJournal
import KnotworkSession
import Logging
import Prometheus

/// The live sessions this server runs: each is the same `SessionMachine` the terminal coach
/// uses, checkpointed in the journal as it changes, and streamed to any number of listeners
/// (``StreamFanout``). A session the server does not hold in memory (after a restart) is
/// restored from its checkpoint on first use.
///
/// Each session is its owner's: every method takes the account a request is for, and a
/// session of another account is an unknown session to it, in memory or in the journal.
///
/// One timer serves every session (``WakeTimer``). Time comes from the injected clock: the real
/// one sped up by `--speed` in the server, a manual one in tests.
actor LiveHub<C: Clock> where C.Duration == Duration {
    let store: any JournalStore
    let catalog: Catalog
    let speed: Double
    let logger: Logger
    let time: ServerTime
    private let clock: C
    private let checkpoints: CheckpointWriter
    private let wakes: WakeTimer<C>
    private let metrics: ServerMetrics
    private var entries: [UUID: LiveEntry<C>] = [:] {
        // Without `oldValue`, the dictionary is still changed in place.
        didSet { metrics.liveSessions.record(Int64(entries.count)) }
    }
    private var timer: Task<Void, Never>?
    /// On a server sharing its database with other instances: the leases, and the streams read
    /// from the database.
    private let sharing: LiveSharing?
    private let feed: LiveEventFeed?
    private var leaseLoop: Task<Void, Never>?
    private var commandLoop: Task<Void, Never>?
    /// Whether the command loop listens to the database's notifications (true without sharing).
    private(set) var isListening: Bool
    /// Commands sent to another instance, waiting for its answer.
    private var answerWaiters: [Int: CheckedContinuation<String?, Never>] = [:]

    /// - Parameters:
    ///   - speed: how fast `clock` runs against wall time, for clients that count down.
    ///   - metrics: where the count of sessions and the cues' lateness go.
    init(
        store: any JournalStore, catalog: Catalog, clock: C, speed: Double, time: ServerTime, logger: Logger,
        metrics: ServerMetrics = ServerMetrics(registry: PrometheusCollectorRegistry()), sharing: LiveSharing? = nil
    ) {
        self.store = store
        self.time = time
        self.catalog = catalog
        self.speed = speed
        self.logger = logger
        self.clock = clock
        self.metrics = metrics
        checkpoints = CheckpointWriter(store: store, leases: sharing?.leases, logger: logger)
        wakes = WakeTimer(clock: clock)
        self.sharing = sharing
        isListening = sharing == nil
        feed = sharing.map { LiveEventFeed(leases: $0.leases) }
    }

    /// Starts taking over the sessions other instances left (the lease loop), on a server
    /// sharing its database; nothing otherwise.
    func start() {
        guard let sharing, leaseLoop == nil else { return }
        leaseLoop = Task { await runLeases(sharing) }
        let notifications = sharing.leases.liveNotifications()
        commandLoop = Task { [weak self] in
            for await notification in notifications {
                guard let self else { return }
                switch notification {
                case .commands(let session): await self.serveCommands(session)
                case .answered(let number): await self.answered(number)
                case .listening: await self.catchUp()
                case .events: break
                }
            }
        }
    }

    // MARK: - Lifecycle

    /// Starts a session of the owner's from a plan.
    func create(plan: Plan, painBefore: Int?, owner: AccountID) async throws -> LiveView {
        let machine = SessionMachine(plan: plan, cues: CueBook(catalog: catalog))
        let live = LiveSessionRecord(
            startedAt: time.now(), timeZone: time.timeZone.identifier, painBefore: painBefore, plan: plan,
            checkpoint: machine.checkpoint(at: .zero), updatedAt: time.now())
        let entry = makeEntry(live: live, owner: owner, machine: machine)
        entry.leased = sharing == nil
        await apply(.start, to: entry)
        if let sharing {
            if try await sharing.leases.takeLease(session: live.id, owner: owner, holder: sharing.holder, length: sharing.length) {
                entry.leased = true
            } else {
                // Taken over already by another instance: it drives the session from here on.
                entries[live.id] = nil
            }
        }
        return view(entry)
    }

    /// The deep-pressure steps the owner's live sessions started since `since` have done: for
    /// the rest rule, read from memory rather than decoding checkpoints.
    /// Nil on a server sharing its database: another instance may drive the owner's session,
    /// so its checkpoint in the journal is what counts.
    func deepPressureOutcomes(since: Date, owner: AccountID) -> [StepOutcome]? {
        guard sharing == nil else { return nil }
        return entries.values.filter { $0.owner == owner && $0.live.startedAt >= since }.flatMap { entry in
            entry.machine.outcomes.filter(\.technique.isDeepPressure)
        }
    }

    /// The session's state now.
    /// - Throws: ``LiveError/unknownSession(_:)``.
    func view(id: UUID, owner: AccountID) async throws -> LiveView {
        do {
            return view(try await entry(id, owner: owner))
        } catch LiveError.drivenElsewhere {
            // As its driver last saved it.
            guard let live = try await store.liveSession(id: id, owner: owner) else { throw LiveError.unknownSession(id) }
            return LiveView(
                id: id, machine: SessionMachine.restore(live.checkpoint, at: .zero), now: .zero, painBefore: live.painBefore,
                lastCue: nil, plan: live.plan, speed: speed, catalog: catalog)
        }
    }

    /// Applies a person's event; the checkpoint is in the journal when this returns. With
    /// `step`, the step they saw: an event that comes once that step has ended (a double tap on
    /// skip) changes nothing, and the state is sent back; only skip and "it eased" are tied to
    /// their step.
    /// - Throws: ``LiveError/unknownSession(_:)``, ``LiveError/finished(_:)``.
    func send(_ event: SessionMachine.Event, to id: UUID, owner: AccountID, forStep step: Int? = nil) async throws -> LiveView {
        do {
            return try await sendHere(event, to: id, owner: owner, forStep: step)
        } catch LiveError.drivenElsewhere where sharing != nil {
            return try await forward(event, to: id, owner: owner, forStep: step)
        }
    }

    /// Applies a person's event to a session driven here (taking it when its lease is free).
    private func sendHere(_ event: SessionMachine.Event, to id: UUID, owner: AccountID, forStep step: Int?) async throws -> LiveView {
        let entry = try await entry(id, owner: owner)
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
    /// - Throws: ``LiveError/unknownSession(_:)``.
    func listen(
        to id: UUID, owner: AccountID, after lastEventID: Int?
    ) async throws -> (AsyncStream<StreamEvent>, AsyncStream<StreamEvent>.Continuation) {
        if let feed {
            // Whoever drives it, its stream is read from the database.
            guard try await owns(id, owner: owner) else { throw LiveError.unknownSession(id) }
            // A session with no saved event yet (one copied in from a journal file): its state
            // is published by whoever can drive it now, so that the stream starts with one.
            if let sharing, try await sharing.leases.lastLiveEventID(session: id) == 0, let entry = try? await entry(id, owner: owner) {
                publish("state", data: stateData(entry), replayed: false, on: entry)
                await checkpoints.save([], events: entry.takeUnsaved())
            }
            return try await feed.listen(to: id, after: lastEventID)
        }
        let entry = try await entry(id, owner: owner)
        return entry.stream.listen(
            after: lastEventID, first: entry.stream.current("state", data: stateData(entry)), open: entry.machine.phase != .finished
        ) { [weak self] listener in
            Task { await self?.removeListener(listener, from: id) }
        }
    }

    /// Saves a finished session to the journal, with the pain after, and forgets it.
    /// - Throws: ``LiveError`` when the session is unknown, saved already, not finished, or
    ///   being saved by another request.
    func finish(id: UUID, owner: AccountID, painAfter: Int?, note: String?) async throws -> SessionRecord {
        let entry: LiveEntry<C>
        do {
            entry = try await settledEntry(id, owner: owner)
        } catch LiveError.unknownSession(let id) {
            // Saved already (by an earlier finish): say so, rather than that it never was.
            if try await store.session(id: id, owner: owner) != nil { throw LiveError.alreadySaved(id) }
            throw LiveError.unknownSession(id)
        }
        guard entry.machine.phase == .finished else { throw LiveError.notFinished(id, entry.machine.phase) }
        // The first finish wins; one that comes while it is saving is told, not silently dropped.
        guard !entry.finishing else { throw LiveError.beingSaved(id) }
        entry.finishing = true
        defer { entry.finishing = false }
        entry.live.record(entry.machine, at: entry.now(on: clock))
        let record = entry.live.finished(endedAt: time.now(), painAfter: painAfter, note: note)
        // A checkpoint still queued must not land after the live session is gone.
        await checkpoints.settle()
        try await store.finish(entry.live, as: record, owner: owner)
        entry.stream.finishAll()
        entries[id] = nil
        return record
    }

    /// The session, driven here; on a shared database, one another instance drives is waited
    /// for a little: a finished session is handed back within a third of a lease, and a
    /// finish should not fail for coming a moment early.
    private func settledEntry(_ id: UUID, owner: AccountID) async throws -> LiveEntry<C> {
        let deadline = ContinuousClock.now + (sharing?.length ?? .zero)
        while true {
            do {
                return try await entry(id, owner: owner)
            } catch LiveError.drivenElsewhere where ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(200))
            }
        }
    }

    /// Whether the owner has this live session, here or in the journal.
    private func owns(_ id: UUID, owner: AccountID) async throws -> Bool {
        if let entry = entries[id] { return entry.owner == owner }
        return try await store.liveSession(id: id, owner: owner) != nil
    }

    /// Checkpoints every session as it stands, for a graceful shutdown: first ends every
    /// stream (an open stream would hold the shutdown up), then saves all checkpoints in one
    /// transaction.
    func checkpointAll() async {
        timer?.cancel()
        timer = nil
        leaseLoop?.cancel()
        leaseLoop = nil
        commandLoop?.cancel()
        commandLoop = nil
        await feed?.finishAll()
        var records: [OwnedLiveSession] = []
        var events: [LiveStreamEvent] = []
        for entry in entries.values {
            entry.stream.finishAll()
            entry.live.record(entry.machine, at: entry.now(on: clock))
            records.append(entry.checkpoint)
            events += entry.takeUnsaved()
        }
        let held = Array(entries.keys)
        entries = [:]
        await checkpoints.save(records, events: events)
        // Handed back at once: another instance takes them over now, not when they expire.
        if let sharing {
            do {
                try await sharing.leases.releaseLeases(held, holder: sharing.holder)
            } catch {
                logger.error("could not hand live sessions back", metadata: ["count": "\(held.count)", "error": "\(error)"])
            }
        }
    }

    /// Forgets every live session of the owner's, ending their streams, and lets the checkpoints
    /// already queued land first: for an account being deleted, so that nothing of it is written
    /// after.
    func discardAll(owner: AccountID) async {
        for (id, entry) in entries where entry.owner == owner {
            entry.stream.finishAll()
            entries[id] = nil
        }
        await checkpoints.settle()
    }

    /// How many sessions are in memory.
    var count: Int { entries.count }

    // MARK: - Internals

    /// The owner's session with this id, from memory or restored from its checkpoint; another
    /// owner's is unknown, as one that never was.
    private func entry(_ id: UUID, owner: AccountID) async throws -> LiveEntry<C> {
        if let entry = entries[id] { return try Self.owned(entry, by: owner) }
        guard let live = try await store.liveSession(id: id, owner: owner) else { throw LiveError.unknownSession(id) }
        // Another request may have restored it while this one read the journal.
        if let entry = entries[id] { return try Self.owned(entry, by: owner) }
        var lastEvent = 0
        if let sharing {
            // Driven here only once this instance holds its lease.
            guard try await sharing.leases.takeLease(session: id, owner: owner, holder: sharing.holder, length: sharing.length) else {
                throw LiveError.drivenElsewhere(id)
            }
            lastEvent = try await sharing.leases.lastLiveEventID(session: id)
            if let entry = entries[id] { return try Self.owned(entry, by: owner) }
        }
        let machine = SessionMachine.restore(live.checkpoint, at: .zero)
        logger.info(
            "restored a live session from its checkpoint",
            metadata: ["id": "\(id.lowercased)", "step": "\(machine.currentStep?.number ?? 0)"])
        let entry = makeEntry(live: live, owner: owner, machine: machine)
        entry.stream.numberAfter(lastEvent)
        return entry
    }

    private static func owned(_ entry: LiveEntry<C>, by owner: AccountID) throws -> LiveEntry<C> {
        guard entry.owner == owner else { throw LiveError.unknownSession(entry.live.id) }
        return entry
    }

    private func makeEntry(live: LiveSessionRecord, owner: AccountID, machine: SessionMachine) -> LiveEntry<C> {
        let entry = LiveEntry<C>(live: live, owner: owner, machine: machine, origin: clock.now)
        entries[live.id] = entry
        if timer == nil { timer = Task { await runTimer() } }
        return entry
    }

    /// A person's event, applied now and checkpointed before it is acknowledged.
    private func apply(_ event: SessionMachine.Event, to entry: LiveEntry<C>) async {
        let time = entry.now(on: clock)
        let cues = entry.machine.advance(to: time) + entry.machine.handle(event, at: time)
        changed(entry, cues: cues, at: time)
        await checkpoints.save([entry.checkpoint], events: entry.takeUnsaved())
        // The event may bring this session's next deadline before the one the timer sleeps to.
        if let wake = entry.wake { wakes.nudge(for: wake) }
    }

    /// Publishes what changed and records the checkpoint (the caller saves it).
    private func changed(_ entry: LiveEntry<C>, cues: [Cue], at time: Duration) {
        entry.live.record(entry.machine, at: time)
        for cue in cues {
            let view = CueView(cue)
            entry.lastCue = view
            publish("cue", data: Self.encoded(view), replayed: true, on: entry)
        }
        publish("state", data: stateData(entry), replayed: false, on: entry)
        // Nothing more will happen: end the streams (the session waits for /finish).
        if entry.machine.phase == .finished { entry.stream.finishAll() }
    }

    /// The lease loop, a third of a lease apart: renews the leases of the sessions driven here
    /// (and forgets any another instance took), hands finished sessions back so that any
    /// instance can save them, and takes over the sessions whose instance has gone.
    private func runLeases(_ sharing: LiveSharing) async {
        while !Task.isCancelled {
            do {
                // Not one being created: its lease is taken once its first checkpoint is saved.
                let held = entries.values.filter(\.leased).map { (id: $0.live.id, busy: $0.wake != nil) }
                let kept = try await sharing.leases.renewLeases(held, holder: sharing.holder, length: sharing.length)
                for session in held where !kept.contains(session.id) {
                    logger.warning("another instance took over a live session", metadata: ["id": "\(session.id.lowercased)"])
                    entries[session.id]?.stream.finishAll()
                    entries[session.id] = nil
                }
                let finished = entries.values.filter { $0.machine.phase == .finished && !$0.finishing }.map(\.live.id)
                if !finished.isEmpty {
                    await checkpoints.settle()
                    // A finish may have begun during the wait: that one keeps its session.
                    let idle = finished.filter { entries[$0]?.finishing == false }
                    try await sharing.leases.releaseLeases(idle, holder: sharing.holder)
                    for id in idle { entries[id] = nil }
                }
                for orphan in try await sharing.leases.orphanedLiveSessions(limit: 100) where entries[orphan.id] == nil {
                    guard let entry = try? await entry(orphan.id, owner: orphan.owner) else { continue }
                    // Its listeners hear at once that it goes on, with the time its step has left.
                    publish("state", data: stateData(entry), replayed: false, on: entry)
                    checkpoints.enqueue([], events: entry.takeUnsaved())
                    metrics.takeovers.increment(by: 1)
                    logger.notice("took over a live session whose instance had gone", metadata: ["id": "\(orphan.id.lowercased)"])
                    await serveCommands(orphan.id)
                }
            } catch {
                logger.error("could not renew or take live-session leases", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: sharing.length / 3)
        }
    }

    /// Sends an event to the session's listeners; on a server sharing its database, saves it
    /// for them with the checkpoint instead (they read it from there).
    private func publish(_ name: String, data: String, replayed: Bool, on entry: LiveEntry<C>) {
        if sharing != nil {
            entry.unsaved.append(LiveStreamEvent(session: entry.live.id, id: entry.stream.number(), name: name, data: data))
        } else {
            entry.stream.publish(name, data: data, replayed: replayed)
        }
    }

    /// The one timer: sleeps until the earliest deadline of any session (or until an event
    /// brings one nearer), then moves every session that is due.
    private func runTimer() async {
        while !Task.isCancelled {
            await wakes.sleep(until: entries.values.lazy.compactMap(\.wake).min())
            let now = clock.now
            var moved: [OwnedLiveSession] = []
            var events: [LiveStreamEvent] = []
            for entry in entries.values {
                guard let due = entry.wake, due <= now else { continue }
                // How late this wake is against the deadline it was for, in the clock's time.
                metrics.cueLateness.recordNanoseconds(due.duration(to: now).nanoseconds)
                let time = entry.origin.duration(to: now)
                changed(entry, cues: entry.machine.advance(to: time), at: time)
                moved.append(entry.checkpoint)
                events += entry.takeUnsaved()
            }
            checkpoints.enqueue(moved, events: events)
        }
    }

    /// The state as a stream event carries it: without the plan, which would make every event large.
    private func stateData(_ entry: LiveEntry<C>) -> String {
        Self.encoded(view(entry, withPlan: false))
    }

    private static func encoded(_ value: some Encodable) -> String {
        (try? JSON.encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    private func view(_ entry: LiveEntry<C>, withPlan: Bool = true) -> LiveView {
        LiveView(
            id: entry.live.id, machine: entry.machine, now: entry.now(on: clock), painBefore: entry.live.painBefore,
            lastCue: entry.lastCue, plan: withPlan ? entry.live.plan : nil, speed: speed, catalog: catalog)
    }

    private func removeListener(_ listener: UUID, from id: UUID) {
        entries[id]?.stream.remove(listener)
    }
}

/// How a server that shares its database with other instances shares live sessions: through
/// the database's leases, under this instance's name, for leases this long.
struct LiveSharing: Sendable {
    let leases: any LiveSessionLeases
    /// This instance, as a lease names its holder: unique per process.
    let holder: String
    let length: Duration
}

// MARK: - Commands for a session another instance drives

extension LiveHub {
    /// A person's event as it travels to the instance driving its session: the API's body.
    struct Command: Codable {
        var event: String
        var signal: String?
        var step: Int?

        init(_ event: SessionMachine.Event, step: Int?) {
            switch event {
            case .start: self.event = "start"
            case .pause: self.event = "pause"
            case .resume: self.event = "resume"
            case .eased: self.event = "eased"
            case .stop(let signal): (self.event, self.signal) = ("stop", signal)
            case .skip: self.event = "skip"
            case .quit: self.event = "quit"
            case .end: self.event = "end"
            }
            self.step = step
        }
    }

    /// What a command's answer says: `ok`, or the refusal's kind.
    private static func answer(for error: any Error) -> String {
        switch error as? LiveError {
        case .finished?: "finished"
        case .unknownSession?: "unknown"
        default: "moving"
        }
    }

    /// Sends a person's event to the instance that drives the session, through the database,
    /// and answers with the state it saved. When that instance does not answer (it has gone),
    /// the command is taken back and applied here once the session's lease has expired.
    private func forward(_ event: SessionMachine.Event, to id: UUID, owner: AccountID, forStep step: Int?) async throws -> LiveView {
        guard let sharing else { throw LiveError.drivenElsewhere(id) }
        guard try await store.liveSession(id: id, owner: owner) != nil else { throw LiveError.unknownSession(id) }
        let text = String(decoding: try JSONEncoder().encode(Command(event, step: step)), as: UTF8.self)
        let number = try await sharing.leases.postLiveCommand(session: id, command: text)
        var answer = await waitForAnswer(number, within: sharing.length + .seconds(1))
        if answer == nil, try await !sharing.leases.claimLiveCommand(id: number) {
            // The driver claimed it at the last moment: its answer is on its way.
            answer = await waitForAnswer(number, within: .seconds(2))
        } else if answer == nil {
            // Taken back: applied here, once the gone instance's lease has run out.
            let deadline = ContinuousClock.now + sharing.length + .seconds(1)
            while true {
                do {
                    return try await sendHere(event, to: id, owner: owner, forStep: step)
                } catch LiveError.drivenElsewhere where ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(200))
                }
            }
        }
        switch answer {
        case "ok"?: return try await view(id: id, owner: owner)
        case "finished"?: throw LiveError.finished(id)
        case "unknown"?: throw LiveError.unknownSession(id)
        default: throw LiveError.drivenElsewhere(id)
        }
    }

    /// Applies the commands other instances wrote for a session driven here, and answers each.
    private func serveCommands(_ session: UUID) async {
        guard let sharing, let owner = entries[session]?.owner else { return }
        do {
            for (number, text) in try await sharing.leases.claimLiveCommands(session: session) {
                var answer = "refused"
                if let command = try? JSONDecoder().decode(Command.self, from: Data(text.utf8)),
                    let event = SessionMachine.Event(
                        name: command.event, signal: command.signal, signals: catalog.screening.stopSignals.map(\.id))
                {
                    do {
                        _ = try await sendHere(event, to: session, owner: owner, forStep: command.step)
                        answer = "ok"
                    } catch {
                        answer = Self.answer(for: error)
                    }
                }
                try await sharing.leases.answerLiveCommand(id: number, answer: answer)
            }
        } catch {
            logger.error("could not serve commands for a live session", metadata: ["id": "\(session.lowercased)", "error": "\(error)"])
        }
    }

    /// Listening (again): commands and answers that came meanwhile are read now.
    private func catchUp() async {
        isListening = true
        for session in Array(entries.keys) { await serveCommands(session) }
        for number in Array(answerWaiters.keys) { await answered(number) }
    }

    /// A command's answer has come: its waiter, if any, gets it.
    private func answered(_ number: Int) async {
        guard answerWaiters[number] != nil, let sharing else { return }
        guard let answer = try? await sharing.leases.liveCommandAnswer(id: number) else { return }
        answerWaiters.removeValue(forKey: number)?.resume(returning: answer)
    }

    private func giveUp(_ number: Int) {
        answerWaiters.removeValue(forKey: number)?.resume(returning: nil)
    }

    /// The command's answer, or nil when none came in time.
    private func waitForAnswer(_ number: Int, within limit: Duration) async -> String? {
        await withCheckedContinuation { (continuation: CheckedContinuation<String?, Never>) in
            answerWaiters[number] = continuation
            Task {
                try? await Task.sleep(for: limit)
                self.giveUp(number)
            }
            // The answer may have come before this waited for it.
            Task { await self.answered(number) }
        }
    }
}
