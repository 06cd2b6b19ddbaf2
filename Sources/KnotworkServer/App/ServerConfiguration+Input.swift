import Foundation
import KnotworkCore

/// The server's settings as typed (`knotwork serve`'s options) and the rules they must keep:
/// each range, message and rule said here once, for the command line and ``buildApplication``.
extension ServerConfiguration {
    public static let portRange = 0...65535
    public static let idleTimeoutRange = 1...3600
    public static let maxConnectionsRange = 2...100_000
    public static let leaseSecondsRange = 1...60

    /// A live session's lease, in whole seconds.
    /// - Throws: ``InputError`` (field `lease-seconds`).
    public static func parseLeaseSeconds(_ text: String) throws(InputError) -> Int {
        try whole(text, in: leaseSecondsRange, field: "lease-seconds", "is not a number of seconds from")
    }

    /// A port, 0 picking a free one.
    /// - Throws: ``InputError`` (field `port`).
    public static func parsePort(_ text: String) throws(InputError) -> Int {
        try whole(text, in: portRange, field: "port", "is not a port from")
    }

    /// Seconds a connection may wait without a whole request.
    /// - Throws: ``InputError`` (field `idle-timeout`).
    public static func parseIdleTimeout(_ text: String) throws(InputError) -> Int {
        try whole(text, in: idleTimeoutRange, field: "idle-timeout", "is not a whole number of seconds from")
    }

    /// Connections open at once, at most.
    /// - Throws: ``InputError`` (field `max-connections`).
    public static func parseMaxConnections(_ text: String) throws(InputError) -> Int {
        try whole(text, in: maxConnectionsRange, field: "max-connections", "is not a whole number from")
    }

    public static let signInLimitRange = 1...100_000

    /// Sign-in attempts allowed in a window, for one email or from one address.
    /// - Throws: ``InputError`` (the field named).
    public static func parseSignInLimit(_ text: String, field: String) throws(InputError) -> Int {
        try whole(text, in: signInLimitRange, field: field, "is not a whole number from")
    }

    /// bcrypt's cost, within ``AccountsConfiguration/bcryptCostRange``.
    /// - Throws: ``InputError`` (field `bcrypt-cost`).
    public static func parseBcryptCost(_ text: String) throws(InputError) -> UInt8 {
        let range = AccountsConfiguration.bcryptCostRange
        return UInt8(try whole(text, in: Int(range.lowerBound)...Int(range.upperBound), field: "bcrypt-cost", "is not a cost from"))
    }

    /// The host name of another address the server is reached by, from its URL.
    /// - Throws: ``InputError`` (field `public-url`) unless it is an http or https URL with a host.
    public static func publicHost(of text: String) throws(InputError) -> String {
        try publicAddress(of: text).host
    }

    /// The host name of another address the server is reached by, and whether it is https.
    /// - Throws: ``InputError`` (field `public-url`) unless it is an http or https URL with a host.
    public static func publicAddress(of text: String) throws(InputError) -> (host: String, isHTTPS: Bool) {
        guard let url = URL(string: text), ["http", "https"].contains(url.scheme?.lowercased() ?? ""), let name = url.host, !name.isEmpty
        else {
            throw InputError(field: "public-url", value: text, problem: "'\(text)' is not a URL like http://knotwork.home:8080")
        }
        return (name, url.scheme?.lowercased() == "https")
    }

    /// Why an address other machines can reach may not be served without an access token; nil
    /// when it may be (a loopback address, a token given, or accounts to sign in to).
    public static func tokenProblem(host: String, token: String?, accounts: Bool = false) -> String? {
        guard !isLoopbackName(host), token?.isEmpty ?? true, !accounts else { return nil }
        return
            "binding \(host) makes the journal reachable from other machines: set KNOTWORK_TOKEN to an access token first, or serve accounts (--accounts)"
    }

    /// Checks the rules a configuration must keep before the server starts.
    /// - Throws: ``ServerConfigurationError`` for a reachable address without a token, or a
    ///   token a cookie cannot carry.
    public func check() throws(ServerConfigurationError) {
        if let problem = Self.tokenProblem(host: host, token: token, accounts: accounts != nil) {
            throw ServerConfigurationError(description: problem)
        }
        if accounts != nil, !(token?.isEmpty ?? true) {
            throw ServerConfigurationError(
                description: "a server with accounts signs each person in; it takes no shared access token (unset KNOTWORK_TOKEN)")
        }
        if let accounts, !AccountsConfiguration.bcryptCostRange.contains(accounts.bcryptCost) {
            throw ServerConfigurationError(
                description:
                    "a bcrypt cost of \(accounts.bcryptCost) is outside \(AccountsConfiguration.bcryptCostRange.lowerBound)–\(AccountsConfiguration.bcryptCostRange.upperBound)"
            )
        }
        if let token,
            let bad = token.unicodeScalars.first(where: { !(0x21...0x7E).contains($0.value) || ";,\"\\".unicodeScalars.contains($0) })
        {
            throw ServerConfigurationError(
                description:
                    "KNOTWORK_TOKEN holds '\(bad)', which a browser cookie cannot carry: use letters, digits and punctuation other than ; , \" and \\"
            )
        }
    }

    private static func whole(_ text: String, in range: ClosedRange<Int>, field: String, _ problem: String) throws(InputError) -> Int {
        guard let value = Int(text.trimmingCharacters(in: .whitespaces)), range.contains(value) else {
            throw InputError(field: field, value: text, problem: "'\(text)' \(problem) \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }
}
