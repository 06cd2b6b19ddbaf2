import Foundation
import HummingbirdBcrypt
import KnotworkCore
import NIOPosix

/// Passwords hashed and checked with bcrypt, on NIO's thread pool: a hash takes a quarter of a
/// second at the default cost, and would otherwise hold up every other request on its thread.
struct Passwords: Sendable {
    let cost: UInt8
    /// A hash of nothing anyone knows, checked when no account has the email given, so that a
    /// sign-in takes as long whether or not the account exists.
    private let decoy: String

    /// The shortest password accepted, in characters, and the longest, in UTF-8 bytes (bcrypt
    /// reads no further than 72 bytes: a longer one would be cut short unseen).
    static let minimumLength = 10
    static let maximumBytes = 72

    init(cost: UInt8) {
        self.cost = cost
        self.decoy = Bcrypt.hash(UUID().uuidString, cost: cost)
    }

    func hash(_ password: String) async throws -> String {
        try await Self.hash(password, cost: cost)
    }

    /// A hash at `cost`, without the decoy an instance makes first: for making one account.
    static func hash(_ password: String, cost: UInt8) async throws -> String {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    /// Whether the password is the one hashed; with no hash, checks the decoy and says no.
    func verify(_ password: String, hash: String?) async throws -> Bool {
        let matches = try await NIOThreadPool.singleton.runIfActive { [decoy] in Bcrypt.verify(password, hash: hash ?? decoy) }
        return hash != nil && matches
    }

    /// A new password as the server accepts it, or a 422 naming the field and the rule.
    static func check(_ password: String, field: String) throws(InputError) {
        guard password.count >= minimumLength else {
            throw InputError(field: field, value: "", problem: "a password needs at least \(minimumLength) characters")
        }
        guard password.utf8.count <= maximumBytes else {
            throw InputError(field: field, value: "", problem: "a password may be at most \(maximumBytes) bytes long")
        }
        guard !password.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
            throw InputError(field: field, value: "", problem: "a password may not hold control characters")
        }
    }
}
