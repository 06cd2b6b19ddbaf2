import Foundation
import Testing

/// The PostgreSQL server the tests may use: `KNOTWORK_TEST_POSTGRES_URL`, which scripts/test
/// always sets (it starts a private server on loopback). Tests that need it carry
/// `.enabled(if: TestPostgres.isAvailable, …)`, so that without it they show as skipped, never
/// as passed.
enum TestPostgres {
    /// The URL of a database on the server whose user may `CREATE DATABASE`.
    static let adminURL = ProcessInfo.processInfo.environment["KNOTWORK_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }

    static var isAvailable: Bool { adminURL != nil }

    /// Why a suite is skipped when there is no server.
    static let skipped: Comment = "KNOTWORK_TEST_POSTGRES_URL is not set (scripts/test always sets it: scripts/postgres start DIR)"

    /// The URL of another database on the same server, with a password in it when one is given
    /// (the test server trusts loopback, so any password is accepted and none is needed).
    static func url(database: String, password: String? = nil) throws -> String {
        let admin = try #require(adminURL)
        var parts = try #require(URLComponents(string: admin))
        parts.path = "/" + database
        if let password { parts.password = password }
        return try #require(parts.string)
    }

    /// Runs a body with a new, empty database of its own (`t_<random>`), and drops it afterwards,
    /// whether the body threw or not.
    static func withDatabase<T>(_ body: (_ url: String) async throws -> T) async throws -> T {
        let admin = try #require(adminURL)
        let name = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try await psql(admin, "CREATE DATABASE \(name)")
        let result: Result<T, any Error>
        do {
            result = .success(try await body(try url(database: name)))
        } catch {
            result = .failure(error)
        }
        // FORCE: a server a test left running must not keep the database alive.
        try await psql(admin, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
        return try result.get()
    }

    /// Runs SQL with `psql` (installed with the server by scripts/postgres) and returns what it
    /// printed: unaligned, tuples only, a row a line.
    /// - Throws: ``Failed`` with psql's message when it exits non-zero.
    @discardableResult
    static func psql(_ url: String, _ sql: String) async throws -> String {
        try await onThread {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["psql", url, "--no-psqlrc", "--tuples-only", "--no-align", "-v", "ON_ERROR_STOP=1", "-c", sql]
            let out = Pipe()
            let err = Pipe()
            process.standardOutput = out
            process.standardError = err
            process.standardInput = FileHandle.nullDevice
            try process.run()
            let output = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            let errors = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            guard process.terminationStatus == 0 else { throw Failed(sql: sql, message: errors) }
            return output.trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }

    /// psql refused a statement.
    struct Failed: Error, CustomStringConvertible {
        var sql: String
        var message: String
        var description: String { "psql -c \"\(sql)\": \(message)" }
    }
}
