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

/// `--max-connections 4096`, by ``ServerConfiguration/parseMaxConnections(_:)``.
struct MaxConnections: CheckedArgument, Equatable {
    let value: Int
    static func parse(_ text: String) throws(InputError) -> MaxConnections {
        MaxConnections(value: try ServerConfiguration.parseMaxConnections(text))
    }
}

/// `--public-url http://knotwork.home:8080`: the host name it names.
struct PublicURL: CheckedArgument, Equatable {
    let host: String
    static func parse(_ text: String) throws(InputError) -> PublicURL { PublicURL(host: try ServerConfiguration.publicHost(of: text)) }
}
