import NIOCore
import Synchronization

/// Encoded session lists, each kept until a session is added.
final class ListingCache: Sendable {
    private let entries = Mutex<[String: (mark: Int64, body: ByteBuffer)]>([:])
    /// Distinct lists kept at most (limit × region); beyond that the oldest are dropped wholesale.
    static let capacity = 64

    func body(for key: String, mark: Int64) -> ByteBuffer? {
        entries.withLock { entries in
            guard let entry = entries[key], entry.mark == mark else { return nil }
            return entry.body
        }
    }

    func keep(_ body: ByteBuffer, for key: String, mark: Int64) {
        entries.withLock { entries in
            if entries.count >= Self.capacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = (mark, body)
        }
    }
}
