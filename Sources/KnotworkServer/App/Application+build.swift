import Foundation
import Hummingbird
import KnotworkCore
import KnotworkJournal
import KnotworkSession
import Logging
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

    public init(host: String = "127.0.0.1", port: Int = 8080, token: String? = nil, bodyLimit: Int = 256 * 1024, speed: Double = 1) {
        self.host = host
        self.port = port
        self.token = token
        self.bodyLimit = bodyLimit
        self.speed = speed
    }

    /// Whether the address is only reachable from this machine.
    public var isLoopback: Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
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
    if !configuration.isLoopback, configuration.token?.isEmpty ?? true {
        throw ServerConfigurationError(
            description: "binding \(configuration.host) makes the journal reachable from other machines: set KNOTWORK_TOKEN to an access token first")
    }
    let catalog: Catalog
    do {
        catalog = try Catalog.bundled()
    } catch {
        throw ServerConfigurationError(description: "bad data file: \(error)")
    }
    let hub = LiveHub(store: store, catalog: catalog, clock: ScaledClock(speed: configuration.speed), speed: configuration.speed, logger: logger)
    let router = buildRouter(configuration: configuration, catalog: catalog, store: store, hub: hub)
    var app = Application(
        router: router,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "Knotwork"),
        onServerRunning: { channel in
            let port = channel.localAddress?.port ?? configuration.port
            let host = configuration.host.contains(":") ? "[\(configuration.host)]" : configuration.host
            await onRunning("http://\(host):\(port)/")
        },
        logger: logger)
    app.addServices(LiveCheckpointService(hub: hub))
    return app
}

/// Builds the server and runs it until SIGINT or SIGTERM.
public func runServer(
    configuration: ServerConfiguration, store: any JournalStore, logger: Logger = Logger(label: "knotwork"),
    onRunning: @escaping @Sendable (String) async -> Void = { _ in }
) async throws {
    try await buildApplication(configuration: configuration, store: store, logger: logger, onRunning: onRunning).runService()
}

/// The router alone, for tests at the router level.
func buildRouter(configuration: ServerConfiguration, catalog: Catalog, store: any JournalStore, hub: LiveHub<ScaledClock>) -> Router<BasicRequestContext> {
    let router = Router()
    router.add(middleware: ProblemMiddleware())
    router.add(middleware: SecurityHeadersMiddleware())
    if let token = configuration.token, !token.isEmpty { router.add(middleware: TokenMiddleware(token: token)) }
    router.add(middleware: BodyLimitMiddleware(limit: configuration.bodyLimit))
    APIRoutes(catalog: catalog, store: store, hub: hub).register(on: router)
    WebRoutes(store: store).register(on: router)
    return router
}

/// On graceful shutdown (SIGINT, SIGTERM), checkpoints every live session before the server stops.
struct LiveCheckpointService: Service {
    let hub: LiveHub<ScaledClock>

    func run() async throws {
        try? await gracefulShutdown()
        await hub.checkpointAll()
    }
}
