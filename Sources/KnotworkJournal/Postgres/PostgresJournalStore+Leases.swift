import Foundation
import PostgresNIO

// Live sessions shared by several instances: leases on `liveSession` (holder, leaseUntil, busy),
// stream events in `liveEvent`, and NOTIFY on the channel `knotwork_live` with a session's id
// whenever events of it are written. Lease times are the database's clock.
extension PostgresJournalStore: LiveSessionLeases {
    static let notificationChannel = "knotwork_live"

    public func takeLease(session: UUID, owner: AccountID, holder: String, length: Duration) async throws -> Bool {
        try await !rows(
            """
            UPDATE liveSession SET holder = \(holder), leaseUntil = clock_timestamp() + make_interval(secs => \(Self.seconds(length))) \
            WHERE id = \(session.lowercased) AND owner = \(owner.description) \
            AND (holder IS NULL OR holder = \(holder) OR leaseUntil IS NULL OR leaseUntil < clock_timestamp()) RETURNING 1
            """
        ).isEmpty
    }

    public func renewLeases(_ sessions: [(id: UUID, busy: Bool)], holder: String, length: Duration) async throws -> Set<UUID> {
        guard !sessions.isEmpty else { return [] }
        let (ids, busy) = (sessions.map { $0.id.lowercased }, sessions.map(\.busy))
        let renewed = try await rows(
            """
            UPDATE liveSession AS l SET leaseUntil = clock_timestamp() + make_interval(secs => \(Self.seconds(length))), busy = v.busy \
            FROM unnest(\(ids)::text[], \(busy)::boolean[]) AS v(id, busy) WHERE l.id = v.id AND l.holder = \(holder) RETURNING l.id
            """)
        return Set(try renewed.compactMap { UUID(text: try $0.decode(String.self)) })
    }

    public func releaseLeases(_ sessions: [UUID], holder: String) async throws {
        guard !sessions.isEmpty else { return }
        try await rows(
            """
            UPDATE liveSession SET holder = NULL, leaseUntil = NULL WHERE id = ANY(\(sessions.map(\.lowercased))::text[]) \
            AND holder = \(holder)
            """)
    }

    public func orphanedLiveSessions(limit: Int) async throws -> [(id: UUID, owner: AccountID)] {
        try await rows(
            """
            SELECT id, owner FROM liveSession WHERE busy AND (leaseUntil IS NULL OR leaseUntil < clock_timestamp()) \
            ORDER BY leaseUntil NULLS FIRST LIMIT \(max(0, limit))
            """
        ).compactMap { row in
            let (id, owner) = try row.decode((String, String).self)
            return UUID(text: id).flatMap { id in AccountID(owner).map { (id, $0) } }
        }
    }

    public func save(_ lives: [OwnedLiveSession], events: [LiveStreamEvent]) async throws {
        guard !lives.isEmpty || !events.isEmpty else { return }
        let logger = logger
        try await transaction { connection in
            for owned in lives { try await Self.save(owned.live, owner: owned.owner, connection, logger: logger) }
            guard !events.isEmpty else { return }
            try await connection.query(
                """
                INSERT INTO liveEvent (session, id, name, data) SELECT * FROM unnest(\(events.map(\.session.lowercased))::text[], \
                \(events.map(\.id))::bigint[], \(events.map(\.name))::text[], \(events.map(\.data))::text[]) ON CONFLICT DO NOTHING
                """, logger: logger)
            // Delivered when the transaction commits, to every instance listening.
            for session in Set(events.map(\.session)) {
                try await connection.query("SELECT pg_notify(\(Self.notificationChannel), \("e:" + session.lowercased))", logger: logger)
            }
        }
    }

    public func liveEvents(session: UUID, after: Int, name: String?, limit: Int) async throws -> [LiveStreamEvent] {
        var query = QueryText("SELECT id, name, data FROM liveEvent WHERE session = ")
        query.sql += query.bind(session.lowercased) + " AND id > " + query.bind(after)
        if let name { query.sql += " AND name = " + query.bind(name) }
        query.sql += " ORDER BY id LIMIT " + query.bind(max(0, limit))
        return try await rows(query.query).map { row in
            let (id, name, data) = try row.decode((Int, String, String).self)
            return LiveStreamEvent(session: session, id: id, name: name, data: data)
        }
    }

    public func latestLiveEvent(session: UUID, name: String) async throws -> LiveStreamEvent? {
        try await rows(
            "SELECT id, data FROM liveEvent WHERE session = \(session.lowercased) AND name = \(name) ORDER BY id DESC LIMIT 1"
        ).first.map { row in
            let (id, data) = try row.decode((Int, String).self)
            return LiveStreamEvent(session: session, id: id, name: name, data: data)
        }
    }

    public func lastLiveEventID(session: UUID) async throws -> Int {
        try await rows("SELECT coalesce(max(id), 0) FROM liveEvent WHERE session = \(session.lowercased)").first?.decode(Int.self) ?? 0
    }

    public func liveNotifications() -> AsyncStream<LiveNotification> {
        let (stream, continuation) = AsyncStream.makeStream(of: LiveNotification.self, bufferingPolicy: .bufferingNewest(10_000))
        let (client, logger) = (client, logger)
        let task = Task {
            while !Task.isCancelled {
                do {
                    try await client.withConnection { connection in
                        try await connection.listen(on: Self.notificationChannel) { notifications in
                            continuation.yield(.listening)
                            for try await notification in notifications {
                                if let parsed = Self.notification(notification.payload) { continuation.yield(parsed) }
                            }
                        }
                    }
                } catch {
                    if Task.isCancelled { break }
                    logger.warning("listening for live sessions failed; trying again", metadata: ["error": "\(Self.reason(error))"])
                }
                try? await Task.sleep(for: .milliseconds(500))
            }
            continuation.finish()
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    /// `e:<session>` (events), `c:<session>` (commands), `a:<number>` (an answer).
    private static func notification(_ payload: String) -> LiveNotification? {
        let (kind, value) = (payload.prefix(2), String(payload.dropFirst(2)))
        switch kind {
        case "e:": return UUID(text: value).map(LiveNotification.events)
        case "c:": return UUID(text: value).map(LiveNotification.commands)
        case "a:": return Int(value).map(LiveNotification.answered)
        default: return nil
        }
    }

    public func postLiveCommand(session: UUID, command: String) async throws -> Int {
        let logger = logger
        return try await transaction { connection in
            let made = try await connection.query(
                "INSERT INTO liveCommand (session, command) VALUES (\(session.lowercased), \(command)) RETURNING id", logger: logger
            ).collect()
            guard let id = try made.first?.decode(Int.self) else { throw JournalError.unknownAccount(.local) }
            try await connection.query("SELECT pg_notify(\(Self.notificationChannel), \("c:" + session.lowercased))", logger: logger)
            return id
        }
    }

    public func claimLiveCommands(session: UUID) async throws -> [(id: Int, command: String)] {
        try await rows(
            "UPDATE liveCommand SET claimed = true WHERE session = \(session.lowercased) AND NOT claimed RETURNING id, command"
        ).map { try $0.decode((Int, String).self) }.map { (id: $0.0, command: $0.1) }.sorted { $0.id < $1.id }
    }

    public func claimLiveCommand(id: Int) async throws -> Bool {
        try await !rows("UPDATE liveCommand SET claimed = true WHERE id = \(id) AND NOT claimed RETURNING 1").isEmpty
    }

    public func answerLiveCommand(id: Int, answer: String) async throws {
        let logger = logger
        try await transaction { connection in
            try await connection.query("UPDATE liveCommand SET answer = \(answer) WHERE id = \(id)", logger: logger)
            try await connection.query("SELECT pg_notify(\(Self.notificationChannel), \("a:" + String(id)))", logger: logger)
        }
    }

    public func liveCommandAnswer(id: Int) async throws -> String? {
        try await rows("SELECT answer FROM liveCommand WHERE id = \(id)").first?.decode(String?.self)
    }

    /// A duration in seconds, for `make_interval`.
    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
