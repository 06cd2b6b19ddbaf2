import Foundation
import Hummingbird
import HummingbirdAuth
import KnotworkCore
import KnotworkJournal
import KnotworkSession
import Logging
import Prometheus
import ServiceLifecycle

/// How to run the server.
public struct ServerConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// The access token every request must carry; required off loopback.
    public var token: String?
    /// Largest request body accepted, in bytes.
    public var bodyLimit: Int
    /// Clock speed of live sessions (1 in use; faster for demos and tests).
    public var speed: Double
    /// Host names the server is also reached by (from --public-url), besides its loopback names.
    public var publicHosts: [String]
    /// Seconds a connection may wait without sending a whole request header (or between
    /// requests) before it is closed; a response being written (a live stream) never counts.
    public var idleTimeout: Int
    /// Connections open at once, in all and from one address.
    public var maxConnections: Int
    public var maxConnectionsPerAddress: Int
    /// Accounts to sign in to (`--accounts`); nil for one person's journal with no sign-in.
    public var accounts: AccountsConfiguration?
    /// The current time, as every handler reads it: the wall clock in use, a fixed or moving one
    /// in tests, so that no test reads the wall clock or sleeps.
    public var now: @Sendable () -> Date
    /// The time zone records are written and days counted in: the machine's in use.
    public var timeZone: TimeZone
    /// Who may read `/metrics` (`--metrics`): this machine only by default.
    public var metrics: MetricsAccess
    /// Where this server keeps its metrics: its own, so that servers sharing a process (tests)
    /// count apart; `serve` hands it to `MetricsSystem` too, for the libraries' metrics.
    public var metricsRegistry: PrometheusCollectorRegistry
    /// How long a live session's lease lasts on a journal shared by several instances
    /// (PostgreSQL): how long a session waits for another instance when its own has gone.
    public var leaseLength: Duration = .seconds(5)

    /// The defaults `serve --help` names.
    public static let defaultIdleTimeout = 30
    public static let defaultMaxConnections = 4096

    public init(
        host: String = "127.0.0.1", port: Int = 8080, token: String? = nil, bodyLimit: Int = 256 * 1024, speed: Double = 1,
        publicHosts: [String] = [], idleTimeout: Int = ServerConfiguration.defaultIdleTimeout,
        maxConnections: Int = ServerConfiguration.defaultMaxConnections, maxConnectionsPerAddress: Int? = nil,
        accounts: AccountsConfiguration? = nil, now: @escaping @Sendable () -> Date = { Date() },
        timeZone: TimeZone = .current, metrics: MetricsAccess = .loopback,
        metricsRegistry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()
    ) {
        self.host = host
        self.port = port
        self.token = token
        self.bodyLimit = bodyLimit
        self.speed = speed
        self.publicHosts = publicHosts
        self.idleTimeout = idleTimeout
        self.maxConnections = maxConnections
        self.maxConnectionsPerAddress = maxConnectionsPerAddress ?? max(1, maxConnections / 2)
        self.accounts = accounts
        self.now = now
        self.timeZone = timeZone
        self.metrics = metrics
        self.metricsRegistry = metricsRegistry
    }

    var time: ServerTime { ServerTime(now: now, timeZone: timeZone) }

    /// Whether the address is only reachable from this machine: `localhost`, `::1` or an IPv4
    /// address in 127.0.0.0/8 (parsed, so `127.0.0.1.evil` is not one).
    public var isLoopback: Bool { Self.isLoopbackName(host) }

    /// Whether a host name or address is a loopback one.
    public static func isLoopbackName(_ name: String) -> Bool {
        let name = name.lowercased()
        if name == "localhost" || name == "::1" || name == "0:0:0:0:0:0:0:1" { return true }
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4, parts.allSatisfy({ !$0.isEmpty && $0.count <= 3 && $0.allSatisfy(\.isASCII) }) else { return false }
        let octets = parts.compactMap { UInt8($0) }
        return octets.count == 4 && octets[0] == 127
    }

    /// The host names a request's `Host` may carry; nil when any may (token mode, no public name).
    var allowedHosts: Set<String>? {
        let names = Set(publicHosts.map { $0.lowercased() })
        if isLoopback { return names.union(["localhost", "127.0.0.1", "::1"]) }
        return names.isEmpty ? nil : names
    }
}

/// Why the server will not start as configured.
public struct ServerConfigurationError: Error, CustomStringConvertible {
    public let description: String
}

/// Builds the Knotwork server: the API, the OpenAPI document and the web app, over a journal.
/// - Parameters:
///   - configuration: address, token, limits.
///   - store: the journal.
///   - onRunning: called with the URL once the server listens.
/// - Throws: ``ServerConfigurationError`` when a non-loopback address has no token.
public func buildApplication(
    configuration: ServerConfiguration, store: any JournalStore, logger: Logger = Logger(label: "knotwork"),
    onRunning: @escaping @Sendable (String) async -> Void = { _ in }
) throws -> some ApplicationProtocol {
    try configuration.check()
    let catalog: Catalog
    do {
        catalog = try Catalog.bundled()
    } catch {
        throw ServerConfigurationError(description: "bad data file: \(error)")
    }
    let metrics = ServerMetrics(registry: configuration.metricsRegistry)
    // A journal several instances may share: live sessions are leased, and streamed from it.
    let sharing = (store as? any LiveSessionLeases).map { leases in
        LiveSharing(
            leases: leases, holder: "\(ProcessInfo.processInfo.hostName):\(getpid()):\(UUID().uuidString.prefix(8))",
            length: configuration.leaseLength)
    }
    let hub = LiveHub(
        store: store, catalog: catalog, clock: ScaledClock(speed: configuration.speed), speed: configuration.speed,
        time: configuration.time,
        logger: logger, metrics: metrics, sharing: sharing)
    let router = try buildRouter(configuration: configuration, catalog: catalog, store: store, hub: hub, metrics: metrics)
    let limits = ConnectionLimits(total: configuration.maxConnections, perAddress: configuration.maxConnectionsPerAddress)
    raiseOpenFileLimit(toHold: configuration.maxConnections)
    var app = Application(
        router: router,
        server: .http1(
            configuration: .init(
                additionalChannelHandlers: [ConnectionLimitHandler(limits: limits)],
                idleTimeout: .seconds(Int64(configuration.idleTimeout)))),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "Knotwork"),
        onServerRunning: { channel in
            let port = channel.localAddress?.port ?? configuration.port
            let host = configuration.host.contains(":") ? "[\(configuration.host)]" : configuration.host
            await onRunning("http://\(host):\(port)/")
        },
        logger: logger)
    app.addServices(LiveCheckpointService(hub: hub))
    if configuration.accounts != nil, let accounts = store as? any AccountStore {
        app.addServices(ExpiredValuesSweeper(store: accounts, now: configuration.now))
    }
    return app
}

/// Raises the soft limit on open files toward the hard one, so the connection cap (and not the
/// process's file limit) is what a flood of connections meets.
private func raiseOpenFileLimit(toHold connections: Int) {
    var limit = rlimit()
    guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return }
    let wanted = min(limit.rlim_max, rlim_t(connections + 256))
    if limit.rlim_cur < wanted {
        limit.rlim_cur = wanted
        _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
    }
}

/// Builds the server and runs it until SIGINT or SIGTERM.
public func runServer(
    configuration: ServerConfiguration, store: any JournalStore, logger: Logger = Logger(label: "knotwork"),
    onRunning: @escaping @Sendable (String) async -> Void = { _ in }
) async throws {
    try await buildApplication(configuration: configuration, store: store, logger: logger, onRunning: onRunning).runService()
}

/// The router alone, for tests at the router level.
func buildRouter(
    configuration: ServerConfiguration, catalog: Catalog, store: any JournalStore, hub: LiveHub<ScaledClock>, metrics: ServerMetrics
) throws -> Router<AppRequestContext> {
    // Every GET is served as HEAD too: the same status and headers, no body.
    let router = Router(context: AppRequestContext.self, options: .autoGenerateHeadEndpoints)
    // Outermost, so that every request is counted with the status its client got.
    router.add(middleware: RequestMetricsMiddleware(metrics: metrics))
    // Next, so that errors carry the security headers too.
    router.add(middleware: SecurityHeadersMiddleware())
    router.add(middleware: ProblemMiddleware())
    router.add(middleware: RequestGuardMiddleware(allowedHosts: configuration.allowedHosts))
    // A route takes the middleware added before it only: the probes come before the access
    // token and sign-in (a load balancer has neither, and they touch no one's journal), /metrics
    // after the access token (when the server has one, it guards /metrics as it does the API).
    let operations = OperationsRoutes(
        store: store, metrics: metrics, access: configuration.metrics, listening: { await hub.isListening })
    operations.registerProbes(on: router)
    if let token = configuration.token, !token.isEmpty { router.add(middleware: TokenMiddleware(token: token)) }
    operations.registerMetrics(on: router)
    router.add(middleware: BodyLimitMiddleware(limit: configuration.bodyLimit))
    let accounts = try configuration.accounts.map { accounts in
        guard let accountStore = store as? any AccountStore else {
            throw ServerConfigurationError(description: "this journal store cannot keep accounts")
        }
        return AccountsSetup(store: accountStore, configuration: accounts, now: configuration.now)
    }
    if let accounts {
        let driver = JournalPersistDriver(store: accounts.store, now: configuration.now)
        router.add(
            middleware: SignInSessions(
                driver: driver, lifetime: accounts.configuration.sessionLifetime, secure: accounts.configuration.secureCookies))
        router.add(
            middleware: SessionAuthenticator(context: AppRequestContext.self) { (session: SignInSession, _) in
                guard try await accounts.store.passwordStamp(account: session.account) == session.stamp else { return nil }
                return try await accounts.store.account(id: session.account)
            })
        router.add(middleware: TokenAuthenticator(store: accounts.store, now: configuration.now))
    } else {
        router.add(middleware: LocalIdentity())
    }
    try APIRoutes(catalog: catalog, store: store, hub: hub, accounts: accounts, time: configuration.time).register(on: router)
    WebRoutes(catalog: catalog).register(on: router)
    return router
}

/// On graceful shutdown (SIGINT, SIGTERM), checkpoints every live session before the server stops.
struct LiveCheckpointService: Service {
    let hub: LiveHub<ScaledClock>

    func run() async throws {
        await hub.start()
        try? await gracefulShutdown()
        await hub.checkpointAll()
    }
}
