import Foundation
import Logging
import NIOSSL
import PostgresNIO
import Synchronization

/// The journal of a deployment with several server instances: one PostgreSQL database, reached
/// through a pool of PostgresNIO connections, holding everything the SQLite journal holds, in
/// the same tables and columns (``PostgresSchema``), so that several `knotwork serve` share it
/// and none keeps state of its own.
///
/// Every write is one statement or one transaction, durable (as PostgreSQL's commit is) once it
/// returns. Opening the store runs the migrations, once whichever instance comes first (an
/// advisory lock). Records are in `+Records.swift`, accounts and tokens in `+Accounts.swift`,
/// values with an expiry, invitations and the clinic in `+Clinic.swift`.
public final class PostgresJournalStore: JournalStore, Sendable {
    /// The database, as given (its password, if any, left out): what errors name.
    public let location: String
    let client: PostgresClient
    let logger: Logger
    private let running: Task<Void, Never>
    /// Connections of the pool the store's calls hold now, and the most it opens.
    private let using = Atomic<Int>(0)
    public let connectionCapacity: Int

    /// Connects to the database at a `postgres://` URL and brings its schema up to date.
    /// - Parameters:
    ///   - url: `postgres://user[:password]@host[:port]/database[?sslmode=disable|prefer|require]`.
    ///   - schema: a schema of the database to keep the journal in, made when missing (the
    ///     default: the user's search path, usually `public`). Tests give each store its own.
    ///   - connections: the most connections the pool opens.
    ///   - migrated: called with the names of the migrations this open applied, if any.
    /// - Throws: ``JournalError/unusable(path:reason:)`` for a URL that is not one, or a
    ///   database that cannot be reached or brought up to date.
    public init(
        url: String, schema: String? = nil, connections: Int = 10, logger: Logger = PostgresJournalStore.quietLogger,
        migrated: (@Sendable ([String]) -> Void)? = nil
    ) async throws {
        let target = try PostgresTarget(url)
        location = target.redacted
        self.logger = logger
        var configuration = target.configuration
        configuration.options.maximumConnections = max(1, connections)
        connectionCapacity = max(1, connections)
        configuration.options.connectTimeout = .seconds(5)
        if let schema {
            configuration.options.additionalStartupParameters.append(("search_path", schema))
        }
        // The pool's own log, errors only: it warns when a lease comes before its run loop has
        // started, which is how every store begins.
        var background = logger
        background.logLevel = max(logger.logLevel, .error)
        let client = PostgresClient(configuration: configuration, backgroundLogger: background)
        self.client = client
        running = Task { await client.run() }
        do {
            // One connection first, outside the pool: its refusal says what is wrong (a database
            // that is not there, a wrong password), where the pool would only keep trying. A
            // server that does not answer is given up in seconds. (Only reaching it is timed:
            // migrating a large journal may take longer.)
            let (probe, quiet) = (try target.connection(), background)
            try await Self.within(.seconds(10)) {
                let connection = try await PostgresConnection.connect(configuration: probe, id: 0, logger: quiet)
                try await connection.close()
            }
            try await client.withConnection { connection in
                if let schema {
                    // Two stores making one schema at once: IF NOT EXISTS alone can still
                    // collide, so they take turns.
                    try await connection.query("BEGIN", logger: logger)
                    try await connection.query("SELECT pg_advisory_xact_lock(hashtext('knotwork schema'))", logger: logger)
                    try await connection.query(
                        PostgresQuery(unsafeSQL: "CREATE SCHEMA IF NOT EXISTS \(Self.quoted(schema))"), logger: logger)
                    try await connection.query("COMMIT", logger: logger)
                }
                let ran = try await PostgresSchema.migrate(connection, logger: logger)
                if !ran.isEmpty { migrated?(ran) }
            }
        } catch {
            running.cancel()
            throw JournalError.unusable(path: location, reason: Self.reason(error, target: target))
        }
    }

    deinit { running.cancel() }

    /// Runs a body, failing with ``Unreachable`` once `limit` has passed (the body is cancelled).
    private static func within(_ limit: Duration, _ body: @escaping @Sendable () async throws -> Void) async throws {
        try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask {
                try await body()
                return true
            }
            group.addTask {
                try await Task.sleep(for: limit)
                return false
            }
            defer { group.cancelAll() }
            guard try await group.next() == true else { throw Unreachable() }
        }
    }

    /// The server did not answer in time.
    struct Unreachable: Error {}

    /// The pool's own logging, warnings and worse only: it tells of every connection it opens.
    public static var quietLogger: Logger {
        var logger = Logger(label: "knotwork.postgres")
        logger.logLevel = .warning
        return logger
    }

    /// Closes the pool's connections. The store cannot be used afterwards.
    public func close() async {
        running.cancel()
        _ = await running.value
    }

    /// The versions and names of the migrations the database has.
    public func appliedMigrations() async throws -> [Int] {
        try await run { try await self.client.withConnection { try await PostgresSchema.applied($0, logger: self.logger) } }
    }

    /// How many of the pool's connections the store's calls use (or wait for) now: what
    /// `/metrics` shows as the database pool's use.
    public var connectionsInUse: Int { using.load(ordering: .relaxed) }

    /// How many migrations this version has: a database with fewer is not ready for it.
    public static var migrationCount: Int { PostgresSchema.migrations.count }

    /// A database URL with `***` for its password, to show or log.
    public static func redacted(_ url: String) -> String { PostgresTarget.redact(url) }

    static func quoted(_ identifier: String) -> String {
        "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    // MARK: - Running queries

    /// Runs a body, its failures saying what happened: a record already there (when
    /// `duplicate` names it), an owner that is no account (when `owner` names it), or a
    /// database that cannot be used. Errors of the journal pass through as they are.
    func run<T>(
        duplicate: UUID? = nil, owner: AccountID? = nil, _ body: () async throws -> T
    ) async throws -> T {
        using.add(1, ordering: .relaxed)
        defer { using.subtract(1, ordering: .relaxed) }
        do {
            return try await body()
        } catch let error as JournalError {
            throw error
        } catch let error as AccountError {
            throw error
        } catch let error as PSQLError {
            switch error.serverInfo?[.sqlState] {
            case "23505" where duplicate != nil: throw JournalError.duplicate(duplicate!)
            case "23503" where owner != nil: throw JournalError.unknownAccount(owner!)
            default: throw JournalError.unusable(path: location, reason: Self.reason(error))
            }
        } catch {
            throw JournalError.unusable(path: location, reason: Self.reason(error))
        }
    }

    /// A statement's rows, all of them.
    @discardableResult
    func rows(_ query: PostgresQuery, duplicate: UUID? = nil, owner: AccountID? = nil) async throws -> [PostgresRow] {
        try await run(duplicate: duplicate, owner: owner) { try await client.query(query, logger: logger).collect() }
    }

    /// Runs a transaction on one connection of the pool: committed when the body returns,
    /// rolled back when it throws (its error passing through as it was, mapped as ``run``).
    func transaction<T: Sendable>(
        duplicate: UUID? = nil, owner: AccountID? = nil, _ body: @Sendable @escaping (PostgresConnection) async throws -> T
    ) async throws -> T {
        let logger = logger
        return try await run(duplicate: duplicate, owner: owner) {
            try await client.withConnection { connection in
                try await connection.query("BEGIN", logger: logger)
                do {
                    let result = try await body(connection)
                    try await connection.query("COMMIT", logger: logger)
                    return result
                } catch {
                    _ = try? await connection.query("ROLLBACK", logger: logger)
                    throw error
                }
            }
        }
    }

    /// What went wrong, in words: PostgreSQL's own message when the server sent one (PSQLError
    /// describes itself vaguely, not to leak what a query held).
    static func reason(_ error: any Error, target: PostgresTarget? = nil) -> String {
        if error is Unreachable || "\(error)".contains("connectionCreationCircuitBreakerTripped")
            || (error as? PSQLError)?.code == .connectionError
        {
            let server = target.map { " at \($0.configuration.host ?? ""):\($0.configuration.port ?? 5432)" } ?? ""
            return "cannot connect to the PostgreSQL server\(server); is it running there, and does it accept this user?"
        }
        guard let error = error as? PSQLError else { return "\(error)" }
        if let message = error.serverInfo?[.message] { return message }
        if let underlying = error.underlying { return "\(error.code): \(underlying)" }
        return "\(error.code)"
    }

    // MARK: - The sessions mark

    /// A counter of its own (`sessionsMark`, one row), bumped in the transaction of every write
    /// that adds sessions and of every account deletion; read afresh each time, so that a
    /// session another instance added shows at once.
    public func sessionsMark() async throws -> Int64 {
        try await rows("SELECT value FROM sessionsMark WHERE id = 1").first?.decode(Int64.self) ?? 0
    }

    static func bumpSessionsMark(_ connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("UPDATE sessionsMark SET value = value + 1 WHERE id = 1", logger: logger)
    }
}

/// A `postgres://` URL taken apart: where the database is, and how to reach it.
struct PostgresTarget {
    var configuration: PostgresClient.Configuration
    /// The URL without its password.
    var redacted: String
    private var sslMode = "prefer"

    /// The same target for one connection of its own.
    func connection() throws -> PostgresConnection.Configuration {
        let tls: PostgresConnection.Configuration.TLS =
            switch sslMode {
            case "disable": .disable
            case "require": .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
            default: .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
            }
        return PostgresConnection.Configuration(
            host: configuration.host ?? "127.0.0.1", port: configuration.port ?? 5432, username: configuration.username,
            password: configuration.password, database: configuration.database, tls: tls)
    }

    init(_ url: String) throws {
        func refuse(_ problem: String) -> JournalError {
            .unusable(path: Self.redact(url), reason: "\(problem); expected postgres://user[:password]@host[:port]/database")
        }
        guard let parts = URLComponents(string: url), let scheme = parts.scheme?.lowercased(),
            ["postgres", "postgresql"].contains(scheme)
        else { throw refuse("it is not a postgres:// URL") }
        guard let host = parts.host, !host.isEmpty else { throw refuse("it names no host") }
        guard let user = parts.user, !user.isEmpty else { throw refuse("it names no user") }
        let database = String(parts.path.drop { $0 == "/" })
        guard !database.isEmpty else { throw refuse("it names no database") }
        var tls = PostgresClient.Configuration.TLS.prefer(.makeClientConfiguration())
        for item in parts.queryItems ?? [] {
            switch (item.name, item.value) {
            case ("sslmode", "disable"): (tls, sslMode) = (.disable, "disable")
            case ("sslmode", "prefer"): (tls, sslMode) = (.prefer(.makeClientConfiguration()), "prefer")
            case ("sslmode", "require"): (tls, sslMode) = (.require(.makeClientConfiguration()), "require")
            case ("sslmode", let value):
                throw refuse("sslmode '\(value ?? "")' is not disable, prefer or require")
            case (let name, _): throw refuse("the parameter '\(name)' is not known (only sslmode is)")
            }
        }
        configuration = PostgresClient.Configuration(
            host: host, port: parts.port ?? 5432, username: user.removingPercentEncoding ?? user,
            password: parts.password.map { $0.removingPercentEncoding ?? $0 }, database: database, tls: tls)
        redacted = Self.redact(url)
    }

    /// The URL with `***` for its password.
    static func redact(_ url: String) -> String {
        guard var parts = URLComponents(string: url), parts.password != nil else { return url }
        parts.password = "***"
        return parts.string ?? url
    }
}
