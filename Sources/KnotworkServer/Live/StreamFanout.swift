import Foundation

/// A live session's Server-Sent Events, fanned out to every listener: numbered in the order they
/// happen, the recent cues kept for listeners that reconnect (Last-Event-ID). A value the hub
/// keeps with each session, touched only inside the hub actor.
struct StreamFanout {
    /// Cues kept for reconnecting listeners: at real speed, some minutes of a session.
    static var replayLimit: Int { 32 }

    private var replay: [StreamEvent] = []
    private var nextID = 1
    private var listeners: [UUID: AsyncStream<StreamEvent>.Continuation] = [:]

    /// Numbers an event and sends it to every listener.
    /// - Parameter replayed: whether a listener that reconnects gets it again (cues; a state is
    ///   made afresh for each listener instead).
    mutating func publish(_ name: String, data: String, replayed: Bool) {
        let event = StreamEvent(id: nextID, name: name, data: data)
        nextID += 1
        if replayed {
            replay.append(event)
            if replay.count > Self.replayLimit { replay.removeFirst(replay.count - Self.replayLimit) }
        }
        for listener in listeners.values { listener.yield(event) }
    }

    /// Takes the next number for an event that is saved before any listener sees it (on a
    /// server sharing its database: ``LiveEventFeed`` hands it out).
    mutating func number() -> Int {
        defer { nextID += 1 }
        return nextID
    }

    /// Numbers events on after `last`: a session restored here goes on from the last event any
    /// instance saved of it.
    mutating func numberAfter(_ last: Int) {
        nextID = max(nextID, last + 1)
    }

    /// An event for one listener alone, under the number of the last one published: what a new
    /// listener is sent first.
    func current(_ name: String, data: String) -> StreamEvent {
        StreamEvent(id: max(0, nextID - 1), name: name, data: data)
    }

    /// A new listener's stream: the kept events after `lastEventID`, then `first`, then each one
    /// published until the listener goes away or ``finishAll()``. Closed after `first` when
    /// `open` is false (nothing more will happen).
    /// - Parameter onEnd: called with the listener's key when its stream ends, to ``remove(_:)`` it.
    mutating func listen(
        after lastEventID: Int?, first: StreamEvent, open: Bool, onEnd: @escaping @Sendable (UUID) -> Void
    ) -> (AsyncStream<StreamEvent>, AsyncStream<StreamEvent>.Continuation) {
        let (stream, continuation) = AsyncStream.makeStream(of: StreamEvent.self, bufferingPolicy: .bufferingNewest(1000))
        if let lastEventID {
            for event in replay where event.id > lastEventID { continuation.yield(event) }
        }
        continuation.yield(first)
        guard open else {
            continuation.finish()
            return (stream, continuation)
        }
        let listener = UUID()
        listeners[listener] = continuation
        continuation.onTermination = { _ in onEnd(listener) }
        return (stream, continuation)
    }

    /// Forgets a listener whose stream has ended.
    mutating func remove(_ listener: UUID) {
        listeners[listener] = nil
    }

    /// Ends every listener's stream: the session has nothing more to say, or the server stops.
    mutating func finishAll() {
        for listener in listeners.values { listener.finish() }
        listeners = [:]
    }
}
