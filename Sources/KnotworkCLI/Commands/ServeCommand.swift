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

    @Option(help: ArgumentHelp("Port, 0–65535 (default 8080; 0 picks a free one).", valueName: "port"))
    var port = "8080"

    @Option(help: ArgumentHelp("Run live sessions N times faster, for demos and tests (default 1).", valueName: "N"))
    var speed = "1"

    @Option(help: ArgumentHelp("Seconds a connection may wait without a whole request (default 30).", valueName: "seconds"))
    var idleTimeout = String(ServerConfiguration.defaultIdleTimeout)

    @Option(help: ArgumentHelp("Connections open at once, at most (default 4096; half of them from one address).", valueName: "n"))
    var maxConnections = String(ServerConfiguration.defaultMaxConnections)

    @Option(
        name: .customLong("public-url"),
        help: ArgumentHelp("Another address the server is reached by, e.g. http://knotwork.home:8080 (repeatable).", valueName: "url"))
    var publicURLs: [String] = []

    func run() async throws {
        guard let portNumber = Int(port), (0...65535).contains(portNumber) else {
            throw InputError(field: "port", value: port, problem: "'\(port)' is not a port from 0 to 65535")
        }
        guard let speedValue = Double(speed), speedValue >= 0.1, speedValue <= 1000 else {
            throw InputError(field: "speed", value: speed, problem: "'\(speed)' is not a speed from 0.1 to 1000")
        }
        let publicHosts = try publicURLs.map { text throws(InputError) in
            guard let url = URL(string: text), ["http", "https"].contains(url.scheme?.lowercased() ?? ""), let name = url.host, !name.isEmpty
            else {
                throw InputError(field: "public-url", value: text, problem: "'\(text)' is not a URL like http://knotwork.home:8080")
            }
            return name
        }
        guard let idle = Int(idleTimeout), (1...3600).contains(idle) else {
            throw InputError(field: "idle-timeout", value: idleTimeout, problem: "'\(idleTimeout)' is not a whole number of seconds from 1 to 3600")
        }
        guard let connections = Int(maxConnections), (2...100_000).contains(connections) else {
            throw InputError(field: "max-connections", value: maxConnections, problem: "'\(maxConnections)' is not a whole number from 2 to 100000")
        }
        let token = ProcessInfo.processInfo.environment["KNOTWORK_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        let configuration = ServerConfiguration(
            host: host, port: portNumber, token: token, speed: speedValue, publicHosts: publicHosts, idleTimeout: idle,
            maxConnections: connections)
        if !configuration.isLoopback, token == nil {
            throw InputError(
                field: "host", value: host,
                problem: "binding \(host) makes the journal reachable from other machines: set KNOTWORK_TOKEN to an access token first")
        }
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
