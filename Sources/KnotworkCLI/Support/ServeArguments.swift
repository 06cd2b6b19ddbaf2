import Foundation
import KnotworkCore
import KnotworkServer

/// `--port 8080`, by ``ServerConfiguration/parsePort(_:)``.
struct Port: CheckedArgument, Equatable {
    let value: Int
    static func parse(_ text: String) throws(InputError) -> Port { Port(value: try ServerConfiguration.parsePort(text)) }
}

/// `--idle-timeout 30`, by ``ServerConfiguration/parseIdleTimeout(_:)``.
struct IdleTimeout: CheckedArgument, Equatable {
    let value: Int
    static func parse(_ text: String) throws(InputError) -> IdleTimeout {
        IdleTimeout(value: try ServerConfiguration.parseIdleTimeout(text))
    }
}

/// `--lease-seconds 5`, by ``ServerConfiguration/parseLeaseSeconds(_:)``.
struct LeaseSeconds: CheckedArgument, Equatable {
    let value: Int
    static func parse(_ text: String) throws(InputError) -> LeaseSeconds {
        LeaseSeconds(value: try ServerConfiguration.parseLeaseSeconds(text))
    }
}

/// `--max-connections 4096`, by ``ServerConfiguration/parseMaxConnections(_:)``.
struct MaxConnections: CheckedArgument, Equatable {
    let value: Int
    static func parse(_ text: String) throws(InputError) -> MaxConnections {
        MaxConnections(value: try ServerConfiguration.parseMaxConnections(text))
    }
}

/// `--public-url http://knotwork.home:8080`: the host name it names, and whether it is https.
struct PublicURL: CheckedArgument, Equatable {
    let host: String
    let isHTTPS: Bool
    static func parse(_ text: String) throws(InputError) -> PublicURL {
        let (host, isHTTPS) = try ServerConfiguration.publicAddress(of: text)
        return PublicURL(host: host, isHTTPS: isHTTPS)
    }
}

/// `--sign-in-limit 10`, by ``ServerConfiguration/parseSignInLimit(_:field:)``.
struct SignInLimit: CheckedArgument, Equatable {
    let value: Int
    static func parse(_ text: String) throws(InputError) -> SignInLimit {
        SignInLimit(value: try ServerConfiguration.parseSignInLimit(text, field: "sign-in-limit"))
    }
}

/// `--bcrypt-cost 12`, by ``ServerConfiguration/parseBcryptCost(_:)``.
struct BcryptCost: CheckedArgument, Equatable {
    let value: UInt8
    static func parse(_ text: String) throws(InputError) -> BcryptCost { BcryptCost(value: try ServerConfiguration.parseBcryptCost(text)) }
}

/// `--sign-up open` or `invite`.
struct SignUpMode: CheckedArgument, Equatable {
    let value: AccountsConfiguration.SignUp
    static func parse(_ text: String) throws(InputError) -> SignUpMode {
        let valid = AccountsConfiguration.SignUp.allCases.map(\.rawValue)
        guard let value = AccountsConfiguration.SignUp(rawValue: text.trimmingCharacters(in: .whitespaces).lowercased()) else {
            throw InputError(field: "sign-up", value: text, problem: "unknown sign-up '\(text)'; \(Suggestion.hint(for: text, in: valid))")
        }
        return SignUpMode(value: value)
    }
}

/// `--metrics loopback`, `public` or `off`: who may read `/metrics`.
struct MetricsAccessArgument: CheckedArgument, Equatable {
    let value: MetricsAccess
    static func parse(_ text: String) throws(InputError) -> MetricsAccessArgument {
        let valid = MetricsAccess.allCases.map(\.rawValue)
        guard let value = MetricsAccess(rawValue: text.trimmingCharacters(in: .whitespaces).lowercased()) else {
            throw InputError(
                field: "metrics", value: text, problem: "unknown metrics access '\(text)'; \(Suggestion.hint(for: text, in: valid))")
        }
        return MetricsAccessArgument(value: value)
    }
}

/// How `serve` writes its log lines.
enum LogFormat: String, CaseIterable, Sendable {
    /// swift-log's own lines, for a person reading a terminal.
    case text
    /// One JSON object a line (``JSONLogHandler``), for a log collector.
    case json
}

/// `--log-format text` or `json`, also read from `KNOTWORK_LOG_FORMAT`.
struct LogFormatArgument: CheckedArgument, Equatable {
    let value: LogFormat
    static func parse(_ text: String) throws(InputError) -> LogFormatArgument {
        guard let value = LogFormat(rawValue: text.trimmingCharacters(in: .whitespaces).lowercased()) else {
            let valid = LogFormat.allCases.map(\.rawValue)
            throw InputError(
                field: "log-format", value: text, problem: "unknown log format '\(text)'; \(Suggestion.hint(for: text, in: valid))")
        }
        return LogFormatArgument(value: value)
    }
}
