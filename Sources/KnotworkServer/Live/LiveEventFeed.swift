import Foundation
import KnotworkJournal
import KnotworkSession

/// The event streams of live sessions on a server that shares its database with other
/// instances: every listener here reads its session's events from the database, where the
/// driving instance (this one or another) wrote them with their checkpoint, and is woken by the
/// database's notification that there are new ones. A listener that reconnects to any instance
/// with `Last-Event-ID` misses nothing, and sees nothing that was not saved.
actor LiveEventFeed {
    private struct Listener {
        var continuation: AsyncStream<StreamEvent>.Continuation
        var lastID: Int
    }

    private let leases: any LiveSessionLeases
    private var listeners: [UUID: [UUID: Listener]] = [:]
    /// Sessions being read now, and whether another notification came meanwhile.
    private var reading: [UUID: Bool] = [:]
    private var notifications: Task<Void, Never>?

    init(leases: any LiveSessionLeases) {
        self.leases = leases
    }

    /// A new listener's stream: the cues after `lastEventID` that came before the session's
    /// latest state, then that state, then every event as it is saved, until the session
    /// finishes or the listener goes away.
    func listen(to session: UUID, after lastEventID: Int?) async throws -> (AsyncStream<StreamEvent>, AsyncStream<StreamEvent>.Continuation)
    {
        startListening()
        let (stream, continuation) = AsyncStream.makeStream(of: StreamEvent.self, bufferingPolicy: .bufferingNewest(1000))
        let state = try await leases.latestLiveEvent(session: session, name: "state")
        let last = state?.id ?? lastEventID ?? 0
        if let lastEventID, let state {
            for cue in try await leases.liveEvents(session: session, after: lastEventID, name: "cue", limit: 10_000) where cue.id < state.id
            {
                continuation.yield(StreamEvent(id: cue.id, name: cue.name, data: cue.data))
            }
        }
        if let state {
            continuation.yield(StreamEvent(id: state.id, name: state.name, data: state.data))
            if Self.isFinal(state) {
                continuation.finish()
                return (stream, continuation)
            }
        }
        let key = UUID()
        listeners[session, default: [:]][key] = Listener(continuation: continuation, lastID: last)
        continuation.onTermination = { [weak self] _ in Task { await self?.remove(key, from: session) } }
        // What was saved between reading the state and listening.
        await deliver(session)
        return (stream, continuation)
    }

    /// Ends every stream, for a shutdown.
    func finishAll() {
        notifications?.cancel()
        notifications = nil
        for session in listeners.values {
            for listener in session.values { listener.continuation.finish() }
        }
        listeners = [:]
    }

    private func remove(_ key: UUID, from session: UUID) {
        listeners[session]?[key] = nil
        if listeners[session]?.isEmpty == true { listeners[session] = nil }
    }

    private func startListening() {
        guard notifications == nil else { return }
        let stream = leases.liveNotifications()
        notifications = Task { [weak self] in
            for await notification in stream {
                guard let self else { return }
                switch notification {
                case .events(let session): await self.deliver(session)
                case .listening:
                    // Listening (again): anything may have come meanwhile.
                    for session in await self.sessions { await self.deliver(session) }
                case .commands, .answered: break
                }
            }
        }
    }

    private var sessions: [UUID] { Array(listeners.keys) }

    /// Reads the session's new events and hands each listener those after its last one. One
    /// read at a time per session; a notification during a read makes it read again after.
    private func deliver(_ session: UUID) async {
        guard listeners[session] != nil else { return }
        if reading[session] != nil {
            reading[session] = true
            return
        }
        reading[session] = false
        defer { reading[session] = nil }
        repeat {
            reading[session] = false
            guard let waiting = listeners[session], let from = waiting.values.map(\.lastID).min() else { return }
            let events: [LiveStreamEvent]
            do {
                events = try await leases.liveEvents(session: session, after: from, name: nil, limit: 1000)
            } catch {
                return
            }
            for (key, var listener) in listeners[session] ?? [:] {
                for event in events where event.id > listener.lastID {
                    listener.continuation.yield(StreamEvent(id: event.id, name: event.name, data: event.data))
                    listener.lastID = event.id
                    if Self.isFinal(event) {
                        listener.continuation.finish()
                        break
                    }
                }
                listeners[session]?[key] = listener
            }
            if events.count == 1000 { reading[session] = true }
        } while reading[session] == true
    }

    /// A state event of a finished session: nothing more will come.
    private static func isFinal(_ event: LiveStreamEvent) -> Bool {
        guard event.name == "state" else { return false }
        struct Phase: Decodable { let phase: SessionMachine.Phase }
        return (try? JSONDecoder().decode(Phase.self, from: Data(event.data.utf8)))?.phase == .finished
    }
}
