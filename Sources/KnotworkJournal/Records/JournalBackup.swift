import Foundation

/// The whole journal in one lossless, versioned document: the JSON export and backup format.
public struct JournalBackup: Codable, Sendable, Equatable {
    public static let currentSchema = "knotwork.journal/1"

    public var schema: String
    public var exportedAt: Date
    public var sessions: [SessionRecord]
    public var painRatings: [PainRating]
    public var screenings: [ScreeningRecord]

    public init(
        exportedAt: Date, sessions: [SessionRecord], painRatings: [PainRating] = [], screenings: [ScreeningRecord] = []
    ) {
        schema = Self.currentSchema
        self.exportedAt = exportedAt.wholeSeconds
        self.sessions = sessions
        self.painRatings = painRatings
        self.screenings = screenings
    }

    /// The encoder every JSON export uses: ISO 8601 dates in UTC, sorted keys.
    public static func encoder(pretty: Bool = true) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting =
            pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// The matching decoder: times are RFC 3339 (`2026-11-20T07:30:00Z`, or with a fraction or an
    /// offset), every field checked.
    public static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            if let date = Timestamp.parseUTC(text) { return date }
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "'\(text)' is not an ISO 8601 time like 2026-11-20T07:30:00Z")
        }
        return decoder
    }
}

/// How many records an import added and how many it found already there.
public struct ImportCounts: Sendable, Equatable {
    public var added = 0
    public var alreadyPresent = 0

    public init(added: Int = 0, alreadyPresent: Int = 0) {
        self.added = added
        self.alreadyPresent = alreadyPresent
    }
}
