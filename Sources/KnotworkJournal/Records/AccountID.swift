import Foundation

/// Whose a record is: every record of the journal belongs to one account, and every store
/// method reads and writes one account's records only.
///
/// A journal without accounts (the command line, `knotwork serve` on loopback) is one person's:
/// ``local``, the account the journal's first migration made and gave every earlier record.
public struct AccountID: Hashable, Codable, Sendable, CustomStringConvertible {
    public var uuid: UUID

    public init(_ uuid: UUID) {
        self.uuid = uuid
    }

    /// An account id in its text form (either case); nil for anything else.
    public init?(_ text: String) {
        guard let uuid = UUID(text: text) else { return nil }
        self.init(uuid)
    }

    /// The one person of a journal without accounts. Well known and fixed: migrations and every
    /// store write it as it is here.
    public static let local = AccountID(UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1)))

    /// Lower-case UUID text, as the journal stores ids.
    public var description: String { uuid.lowercased }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let id = AccountID(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text)' is not an account id (a UUID)")
        }
        self = id
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
