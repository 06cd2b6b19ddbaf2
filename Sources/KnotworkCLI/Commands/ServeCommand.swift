import ArgumentParser
import Foundation
import KnotworkCore
import KnotworkServer
import Logging

/// `knotwork serve`: the API and the web app.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the web app and the JSON API (OpenAPI document at /openapi.yaml).",
        discussion: HelpText.discussion(
            """
            Listens on 127.0.0.1:8080 by default and prints the URL. Binding any other address \
            makes your journal reachable from other machines, so it needs an access token in \
            KNOTWORK_TOKEN; every request must then carry it (Authorization: Bearer <token>, or \
            open the app once with ?token=<token>). Ctrl-C or SIGTERM stops the server after \
            saving every live session's checkpoint.

            Other web pages cannot reach the journal: the server answers only requests that name \
            it in their Host (its loopback names, and each --public-url; 421 otherwise, so a \
            rebinding DNS name gets nothing), and a request that changes anything must be JSON \
            (415 otherwise) from its own page or from a program without a browser, such as curl \
            (403 for another origin).

            A connection that sends no whole request header for --idle-timeout seconds (default \
            30; a live stream being written never counts) is closed, and at most \
            --max-connections are open at once (default 4096), half of them from one address, so \
            a flood of slow connections cannot stop the server answering.

            Logs go to standard error through swift-log, at the level in KNOTWORK_LOG_LEVEL \
            (trace, debug, info, notice, warning, error, critical; default notice).

            """)
    )

    @OptionGroup var journal: JournalOptions

    @Option(help: ArgumentHelp("Address to listen on (default 127.0.0.1).", valueName: "host"))
    var host = "127.0.0.1"

    @Option(help: ArgumentHelp("Port, 0–65535 (default 8080; 0 picks a free one).", valueName: "port"), transform: Port.checked)
    var port = Port(value: 8080)

    @Option(
        help: ArgumentHelp("Run live sessions N times faster, for demos and tests (default 1).", valueName: "N"), transform: Speed.checked)
    var speed = Speed(value: 1)

    @Option(
        help: ArgumentHelp("Seconds a connection may wait without a whole request (default 30).", valueName: "seconds"),
        transform: IdleTimeout.checked)
    var idleTimeout = IdleTimeout(value: ServerConfiguration.defaultIdleTimeout)

    @Option(
        help: ArgumentHelp("Connections open at once, at most (default 4096; half of them from one address).", valueName: "n"),
        transform: MaxConnections.checked)
    var maxConnections = MaxConnections(value: ServerConfiguration.defaultMaxConnections)

    @Option(
        name: .customLong("public-url"),
        help: ArgumentHelp("Another address the server is reached by, e.g. http://knotwork.home:8080 (repeatable).", valueName: "url"),
        transform: PublicURL.checked)
    var publicURLs: [PublicURL] = []

    /// The access token, from the environment: never on the command line, where other users
    /// of the machine could read it.
    static var token: String? { ProcessInfo.processInfo.environment["KNOTWORK_TOKEN"].flatMap { $0.isEmpty ? nil : $0 } }

    /// An address other machines reach needs a token, by the server's own rule.
    func validate() throws {
        if let problem = ServerConfiguration.tokenProblem(host: host, token: Self.token) {
            throw ValidationError("--host: \(problem)")
        }
    }

    func run() async throws {
        let token = Self.token
        let configuration = ServerConfiguration(
            host: host, port: port.value, token: token, speed: speed.value, publicHosts: publicURLs.map(\.host),
            idleTimeout: idleTimeout.value, maxConnections: maxConnections.value)
        let store = try journal.open()
        var logger = Logger(label: "knotwork")
        logger.logLevel = ProcessInfo.processInfo.environment["KNOTWORK_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .notice
        do {
            try await runServer(configuration: configuration, store: store, logger: logger) { url in
                print("Knotwork is serving \(url) (journal: \(store.path))\(token == nil ? "" : " — access token required")")
                fflush(nil)
            }
        } catch let error as ServerConfigurationError {
            throw InputError(field: "host", value: host, problem: error.description)
        }
    }
}
