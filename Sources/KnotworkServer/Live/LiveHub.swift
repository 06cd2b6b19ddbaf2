import Foundation
import KnotworkCore
import KnotworkJournal
import KnotworkSession
import Logging

/// The live sessions this server runs: each is the same `SessionMachine` the terminal coach
/// uses, driven on the server's clock, checkpointed in the journal after every change, and
/// streamed to any number of listeners. A session the server does not hold in memory (after a
/// restart) is restored from its checkpoint on first use.
actor LiveHub {
    private final class Entry: @unchecked Sendable {
        // Touched only inside the hub actor.
        var live: LiveSessionRecord
        let driver: SessionDriver<ScaledClock>
        var loop: Task<Void, Never>?
        /// Recent cues, for listeners that reconnect; the state is superseded, so only the
        /// latest is kept.
        var cues: [StreamEvent] = []
        var latestState: StreamEvent?
        var nextEventID = 1
        var lastCue: CueView?
        var listeners: [UUID: AsyncStream<StreamEvent>.Continuation] = [:]

        init(live: LiveSessionRecord, driver: SessionDriver<ScaledClock>) {
            self.live = live
            self.driver = driver
        }
    }

    /// Cues kept per session for reconnecting listeners (Last-Event-ID).
    static let replayLimit = 100

    let store: any JournalStore
    let catalog: Catalog
    let speed: Double
    let logger: Logger
    private var entries: [UUID: Entry] = [:]

    init(store: any JournalStore, catalog: Catalog, speed: Double, logger: Logger) {
        self.store = store
        self.catalog = catalog
        self.speed = speed
        self.logger = logger
    }

    // MARK: - Lifecycle

    /// Starts a session from a plan.
    func create(plan: Plan, painBefore: Int?) async throws -> LiveView {
        let machine = SessionMachine(plan: plan, cues: CueBook(catalog: catalog))
        let live = LiveSessionRecord(
            startedAt: Date(), timeZone: TimeZone.current.identifier, painBefore: painBefore, plan: plan,
            checkpoint: machine.checkpoint(at: .zero), updatedAt: Date())
        try await store.save(live)
        let entry = makeEntry(live: live, machine: machine)
        await entry.driver.send(.start)
        return await view(entry)
    }

    /// The session's state now.
    func view(id: UUID) async throws -> LiveView {
        await view(try await entry(id))
    }

    /// Applies the person's event.
    func send(_ event: SessionMachine.Event, to id: UUID) async throws -> LiveView {
        let entry = try await entry(id)
        let phase = await entry.driver.state.phase
        guard phase != .finished else {
            throw Problem(.conflict, "the session has finished; save it with POST /api/v1/live/\(id.lowercased)/finish")
        }
        await entry.driver.send(event)
        return await view(entry)
    }

    /// Listens to the session's events, first replaying those after `lastEventID` (or, without
    /// one, the current state), then live ones until the listener goes away.
    func listen(to id: UUID, after lastEventID: Int?) async throws -> AsyncStream<StreamEvent> {
        let entry = try await entry(id)
        let (stream, continuation) = AsyncStream.makeStream(of: StreamEvent.self, bufferingPolicy: .bufferingNewest(1000))
        let listener = UUID()
        if let lastEventID {
            for event in entry.cues where event.id > lastEventID { continuation.yield(event) }
        }
        continuation.yield(await stateEvent(entry, record: false))
        if await entry.driver.state.phase == .finished {
            continuation.finish()
            return stream
        }
        entry.listeners[listener] = continuation
        continuation.onTermination = { [weak self] _ in
            Task { await self?.removeListener(listener, from: id) }
        }
        return stream
    }

    /// Saves a finished session to the journal, with the pain after, and forgets it.
    func finish(id: UUID, painAfter: Int?, note: String?) async throws -> SessionRecord {
        let entry = try await entry(id)
        let machine = await entry.driver.state
        guard machine.phase == .finished else {
            throw Problem(.conflict, "the session is still \(machine.phase.rawValue); it can be saved once it has finished")
        }
        entry.live.record(machine, at: await entry.driver.now)
        let record = entry.live.finished(endedAt: Date(), painAfter: painAfter, note: note)
        try await store.finish(entry.live, as: record)
        close(entry, id: id)
        return record
    }

    /// Checkpoints every session as it stands, for a graceful shutdown: first ends every
    /// stream (an open stream would hold the shutdown up), then saves all checkpoints in one
    /// transaction.
    func checkpointAll() async {
        var records: [LiveSessionRecord] = []
        for entry in entries.values {
            for listener in entry.listeners.values { listener.finish() }
            entry.listeners = [:]
            entry.loop?.cancel()
            let machine = await entry.driver.state
            entry.live.record(machine, at: await entry.driver.now)
            records.append(entry.live)
        }
        entries = [:]
        do {
            try await store.save(records)
        } catch {
            logger.error("could not checkpoint \(records.count) live sessions: \(error)")
        }
    }

    /// How many sessions are in memory.
    var count: Int { entries.count }

    // MARK: - Internals

    private func entry(_ id: UUID) async throws -> Entry {
        if let entry = entries[id] { return entry }
        guard let live = try await store.liveSession(id: id) else { throw Problem.notFound("live session \(id.lowercased)") }
        let machine = SessionMachine.restore(live.checkpoint, at: .zero)
        logger.info("restored live session \(id.lowercased) at step \(machine.currentStep?.number ?? 0)")
        return makeEntry(live: live, machine: machine)
    }

    private func makeEntry(live: LiveSessionRecord, machine: SessionMachine) -> Entry {
        let id = live.id
        let driver = SessionDriver(machine: machine, clock: ScaledClock(speed: speed)) { [weak self] update in
            await self?.apply(update, to: id)
        }
        let entry = Entry(live: live, driver: driver)
        // A quit session waits for a resume here; only the end stops the loop.
        entry.loop = Task { await driver.run(until: [.finished]) }
        entries[id] = entry
        return entry
    }

    private func apply(_ update: SessionDriver<ScaledClock>.Update, to id: UUID) async {
        guard let entry = entries[id] else { return }
        entry.live.record(update.machine, at: update.now)
        do {
            try await store.save(entry.live)
        } catch {
            logger.error("could not checkpoint live session \(id.lowercased): \(error)")
        }
        for cue in update.cues {
            let view = CueView(cue)
            entry.lastCue = view
            publish(entry, name: "cue", data: (try? JSON.encoder.encode(view)).map { String(decoding: $0, as: UTF8.self) } ?? "{}")
        }
        publish(entry, event: await stateEvent(entry, record: true))
        if update.machine.phase == .finished {
            // Nothing more will happen: end the streams (the session waits for /finish).
            for listener in entry.listeners.values { listener.finish() }
            entry.listeners = [:]
        }
    }

    private func stateEvent(_ entry: Entry, record: Bool) async -> StreamEvent {
        let data = (try? JSON.encoder.encode(await view(entry, withPlan: false))).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
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
        } else {
            entry.latestState = event
        }
        for listener in entry.listeners.values { listener.yield(event) }
    }

    private func view(_ entry: Entry, withPlan: Bool = true) async -> LiveView {
        LiveView(
            id: entry.live.id, machine: await entry.driver.state, now: await entry.driver.now, painBefore: entry.live.painBefore,
            lastCue: entry.lastCue, plan: withPlan ? entry.live.plan : nil, speed: speed)
    }

    private func removeListener(_ listener: UUID, from id: UUID) {
        entries[id]?.listeners[listener] = nil
    }

    private func close(_ entry: Entry, id: UUID) {
        entry.loop?.cancel()
        for listener in entry.listeners.values { listener.finish() }
        entries[id] = nil
    }
}
