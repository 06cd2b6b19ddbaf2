import Foundation

/// What lets several server instances share live sessions through one database: each live
/// session is driven by one instance at a time, which holds a lease on it, renewed while it
/// drives; the session's stream events are written to the database, with its checkpoint, before
/// any listener sees them, so that any instance can serve any session's stream and replay it
/// from any event; and every instance hears at once of events written by another.
///
/// Times of leases are the database's own (no two instances' clocks are compared). The
/// PostgreSQL store conforms; the SQLite journal, one process's, needs none of it.
public protocol LiveSessionLeases: Sendable {
    /// Takes the lease on the owner's live session for `holder`, for `length` from now, when no
    /// other holder has one that has not expired (the holder's own is renewed).
    /// - Returns: whether `holder` holds it now; false too for a session there is no checkpoint of.
    func takeLease(session: UUID, owner: AccountID, holder: String, length: Duration) async throws -> Bool

    /// Renews the holder's leases on these sessions, noting whether each has something to do
    /// on its own (a deadline ahead: a running step), which an orphaned one is taken over for.
    /// - Returns: the sessions the holder still holds (another may have taken one whose lease
    ///   had expired).
    func renewLeases(_ sessions: [(id: UUID, busy: Bool)], holder: String, length: Duration) async throws -> Set<UUID>

    /// Hands the holder's leases on these sessions back at once, for another instance to take.
    func releaseLeases(_ sessions: [UUID], holder: String) async throws

    /// Live sessions with something to do on their own and no unexpired lease: what has lost
    /// its instance, oldest lease first, at most `limit`.
    func orphanedLiveSessions(limit: Int) async throws -> [(id: UUID, owner: AccountID)]

    /// Saves checkpoints and stream events in one transaction, then tells every instance
    /// listening (``liveEventNotifications()``) which sessions have new events.
    /// - Throws: as ``JournalStore/save(_:)-([OwnedLiveSession])`` does; then nothing is saved.
    func save(_ lives: [OwnedLiveSession], events: [LiveStreamEvent]) async throws

    /// The session's stream events after an id, oldest first, at most `limit`; only those named
    /// `name` when one is given.
    func liveEvents(session: UUID, after: Int, name: String?, limit: Int) async throws -> [LiveStreamEvent]

    /// The session's latest event named `name`, if any.
    func latestLiveEvent(session: UUID, name: String) async throws -> LiveStreamEvent?

    /// The largest event id the session has (0 before its first).
    func lastLiveEventID(session: UUID) async throws -> Int

    /// What other instances tell this one, for as long as the stream is iterated: new events
    /// of a session, commands for a session, a command answered. It reconnects by itself when
    /// the database connection drops, and then yields ``LiveNotification/listening``: what
    /// came meanwhile should be read again.
    func liveNotifications() -> AsyncStream<LiveNotification>

    // MARK: Commands for a session another instance drives

    /// Writes a person's command (the API's event body, as JSON) for the instance driving the
    /// session, and tells it.
    /// - Returns: the command's number, which its answer comes under.
    func postLiveCommand(session: UUID, command: String) async throws -> Int

    /// Claims the session's commands nobody has claimed, oldest first: the driver applies them.
    func claimLiveCommands(session: UUID) async throws -> [(id: Int, command: String)]

    /// Claims one command back, when nobody has: its sender applies it itself when the driver
    /// does not answer.
    /// - Returns: whether this call claimed it.
    func claimLiveCommand(id: Int) async throws -> Bool

    /// Answers a command (`ok`, or what refused it), and tells its sender.
    func answerLiveCommand(id: Int, answer: String) async throws

    /// A command's answer, once there is one.
    func liveCommandAnswer(id: Int) async throws -> String?
}

/// What the database tells an instance about live sessions other instances drive.
public enum LiveNotification: Sendable, Equatable {
    /// Listening (again): anything may have come while not listening.
    case listening
    /// A session has new stream events.
    case events(UUID)
    /// A session has commands for its driver.
    case commands(UUID)
    /// A command has its answer.
    case answered(Int)
}

/// One event of a live session's stream, as it is kept: numbered from 1 in the order the
/// session published them, whichever instance drove it.
public struct LiveStreamEvent: Sendable, Equatable {
    public var session: UUID
    public var id: Int
    public var name: String
    public var data: String

    public init(session: UUID, id: Int, name: String, data: String) {
        self.session = session
        self.id = id
        self.name = name
        self.data = data
    }
}
