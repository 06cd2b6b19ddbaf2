import ArgumentParser
import CoreMetrics
import Foundation
import KnotworkCore
import KnotworkServer
import Logging
import Prometheus

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

            With --accounts the server keeps a journal for each account, on the same journal \
            file: people sign up (with a clinician's invitation code unless --sign-up open), sign \
            in with an email and a password (bcrypt, cost --bcrypt-cost, default 12), and stay \
            signed in by an HttpOnly, SameSite=Strict cookie whose session is kept in the journal, \
            so a restart signs no one out. Sign-in allows --sign-in-limit attempts per email \
            (default 10) and --sign-in-limit-per-address per address (default 50) in 15 minutes \
            (429 after). Scripts use personal tokens (knotwork login). Make the first account, a \
            clinician or an administrator, with `knotwork admin create-user` on this machine. No \
            KNOTWORK_TOKEN is needed then, on any address.

            Logs go to standard error through swift-log, at the level in KNOTWORK_LOG_LEVEL \
            (trace, debug, info, notice, warning, error, critical; default notice): as text, or \
            with --log-format json (or KNOTWORK_LOG_FORMAT=json) one JSON object a line with \
            time (ISO 8601, UTC), level, label, message and the metadata as string fields.

            For whoever runs it: GET /health answers 200 while the process is up; GET /ready \
            answers 200 when the journal answers a read and 503 when it does not (its database \
            unreachable); neither needs a token or a sign-in. GET /metrics answers in \
            Prometheus' text format: requests by route and status, their latency, the live \
            sessions this instance drives and how late their cues go out. With --metrics \
            loopback (the default) it answers only requests from this machine that came through \
            no proxy (403 otherwise); public lets any client that reaches the server read it \
            (keep it behind a firewall); off turns it off (404). When the server has an access \
            token, /metrics needs it too.

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
        help: ArgumentHelp(
            "With --database: seconds a live session's lease lasts, 1–60 (default 5). When an instance stops without handing its sessions back, another takes them over after this long.",
            valueName: "seconds"),
        transform: LeaseSeconds.checked)
    var leaseSeconds = LeaseSeconds(value: 5)

    @Option(
        name: .customLong("public-url"),
        help: ArgumentHelp("Another address the server is reached by, e.g. http://knotwork.home:8080 (repeatable).", valueName: "url"),
        transform: PublicURL.checked)
    var publicURLs: [PublicURL] = []

    @Option(
        help: ArgumentHelp("Who may read /metrics: loopback (this machine; the default), public or off.", valueName: "who"),
        transform: MetricsAccessArgument.checked)
    var metrics = MetricsAccessArgument(value: .loopback)

    @Option(
        help: ArgumentHelp("Log lines as text or json, one object a line (default: $KNOTWORK_LOG_FORMAT, else text).", valueName: "format"),
        transform: LogFormatArgument.checked)
    var logFormat: LogFormatArgument?

    @Flag(help: "Keep a journal for each account, with sign-in (see above).")
    var accounts = false

    @Option(
        name: .customLong("sign-up"),
        help: ArgumentHelp("Who may sign up with --accounts: invite (with a clinician's code; the default) or open.", valueName: "who"),
        transform: SignUpMode.checked)
    var signUp = SignUpMode(value: .invite)

    @Option(
        help: ArgumentHelp(
            "Sign-in attempts per email in 15 minutes (default \(AccountsConfiguration.defaultSignInLimitPerAccount)).", valueName: "n"),
        transform: SignInLimit.checked)
    var signInLimit = SignInLimit(value: AccountsConfiguration.defaultSignInLimitPerAccount)

    @Option(
        help: ArgumentHelp(
            "Sign-in attempts per address in 15 minutes (default \(AccountsConfiguration.defaultSignInLimitPerAddress)).", valueName: "n"),
        transform: SignInLimit.checked)
    var signInLimitPerAddress = SignInLimit(value: AccountsConfiguration.defaultSignInLimitPerAddress)

    @Option(
        help: ArgumentHelp(
            "bcrypt's cost for passwords, \(AccountsConfiguration.bcryptCostRange.lowerBound)–\(AccountsConfiguration.bcryptCostRange.upperBound) (default \(AccountsConfiguration.defaultBcryptCost)).",
            valueName: "n"),
        transform: BcryptCost.checked)
    var bcryptCost = BcryptCost(value: AccountsConfiguration.defaultBcryptCost)

    /// The access token, from the environment: never on the command line, where other users
    /// of the machine could read it.
    static var token: String? { ProcessInfo.processInfo.environment["KNOTWORK_TOKEN"].flatMap { $0.isEmpty ? nil : $0 } }

    /// The log format: `--log-format`, else `KNOTWORK_LOG_FORMAT`, else text.
    /// - Throws: ``InputError`` (field `log-format`) when the environment names no format.
    func resolvedLogFormat() throws(InputError) -> LogFormat {
        if let logFormat { return logFormat.value }
        guard let text = ProcessInfo.processInfo.environment["KNOTWORK_LOG_FORMAT"], !text.isEmpty else { return .text }
        do {
            return try LogFormatArgument.parse(text).value
        } catch {
            throw InputError(field: "log-format", value: text, problem: "KNOTWORK_LOG_FORMAT: \(error.problem)")
        }
    }

    /// An address other machines reach needs a token, by the server's own rule; a log format
    /// from the environment must be one.
    func validate() throws {
        if let problem = ServerConfiguration.tokenProblem(host: host, token: Self.token, accounts: accounts) {
            throw ValidationError("--host: \(problem)")
        }
        do {
            _ = try resolvedLogFormat()
        } catch {
            throw error.usage
        }
    }

    func run() async throws {
        let token = Self.token
        var configuration = ServerConfiguration(
            host: host, port: port.value, token: token, speed: speed.value, publicHosts: publicURLs.map(\.host),
            idleTimeout: idleTimeout.value, maxConnections: maxConnections.value,
            accounts: accounts
                ? AccountsConfiguration(
                    signUp: signUp.value, bcryptCost: bcryptCost.value, signInLimitPerAccount: signInLimit.value,
                    signInLimitPerAddress: signInLimitPerAddress.value, secureCookies: publicURLs.contains(where: \.isHTTPS))
                : nil,
            metrics: metrics.value)
        configuration.leaseLength = .seconds(leaseSeconds.value)
        // Once for the process: the libraries' own logs and metrics take the same way as the
        // server's (the server's own metrics go to its registry whatever the process does).
        if try resolvedLogFormat() == .json {
            LoggingSystem.bootstrap { label in JSONLogHandler(label: label) }
        }
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: configuration.metricsRegistry))
        let store = try await journal.open()
        var logger = Logger(label: "knotwork")
        logger.logLevel = ProcessInfo.processInfo.environment["KNOTWORK_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .notice
        do {
            try await runServer(configuration: configuration, store: store, logger: logger) { url in
                print(
                    "Knotwork is serving \(url) (journal: \(journal.place))\(token == nil ? "" : " — access token required")\(accounts ? " — accounts: sign in" : "")"
                )
                fflush(nil)
            }
        } catch let error as ServerConfigurationError {
            throw InputError(field: accounts ? "accounts" : "host", value: host, problem: error.description)
        }
    }
}
