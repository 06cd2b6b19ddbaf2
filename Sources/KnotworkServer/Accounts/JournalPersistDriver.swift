import Crypto
import Foundation
import Hummingbird
import KnotworkJournal
import KnotworkSession

/// Hummingbird's persist driver on the journal's own database, for the sign-in sessions: a
/// restart (or another instance on the same database) signs no one out.
///
/// Keys are stored as their SHA-256 hash, so that a copy of the database does not hold the
/// cookies that would sign its accounts in. Values are JSON. Expiry is read against the
/// server's clock, never the wall clock directly.
struct JournalPersistDriver: PersistDriver {
    let store: any AccountStore
    let now: @Sendable () -> Date

    func create<Object: Codable & Sendable>(key: String, value: Object, expires: Duration?) async throws {
        let now = now()
        let stored = try await store.putValue(
            try JSONEncoder().encode(value), key: Self.storedKey(key), expires: expires.map { now + $0.inSeconds }, replacing: false,
            now: now)
        guard stored else { throw PersistError.duplicate }
    }

    func set<Object: Codable & Sendable>(key: String, value: Object, expires: Duration?) async throws {
        let now = now()
        _ = try await store.putValue(
            try JSONEncoder().encode(value), key: Self.storedKey(key), expires: expires.map { now + $0.inSeconds }, replacing: true,
            now: now)
    }

    func get<Object: Codable & Sendable>(key: String, as type: Object.Type) async throws -> Object? {
        try await getWithTTL(key: key, as: type)?.object
    }

    func getWithTTL<Object: Codable & Sendable>(key: String, as type: Object.Type) async throws -> (object: Object, ttl: Duration?)? {
        let now = now()
        guard let (data, expires) = try await store.value(key: Self.storedKey(key), now: now) else { return nil }
        guard let object = try? JSONDecoder().decode(type, from: data) else { throw PersistError.invalidConversion }
        return (object, expires.map { .seconds($0.timeIntervalSince(now)) })
    }

    func remove(key: String) async throws {
        try await store.removeValue(key: Self.storedKey(key))
    }

    /// A key as the database keeps it: `sha256:` and the hash's hex.
    static func storedKey(_ key: String) -> String {
        "sha256:" + Secret.hash(key)
    }
}

/// Secrets the server hands out once (personal tokens, invitation codes, sign-in session ids)
/// and keeps only as a hash.
enum Secret {
    /// SHA-256 of the text's UTF-8, as lower-case hex.
    static func hash(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// A new secret: `prefix`, then 32 random bytes in URL-safe base64 without padding (256 bits).
    static func make(prefix: String) -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let base64 = Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        return prefix + base64
    }
}
