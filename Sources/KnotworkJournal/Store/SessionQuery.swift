import Foundation
import KnotworkCore

/// Which sessions to read.
public struct SessionQuery: Sendable, Equatable {
    /// Sessions that started at or after this instant.
    public var from: Date?
    /// Sessions that started before this instant.
    public var to: Date?
    /// Only sessions that name this region.
    public var region: RegionID?
    /// At most this many.
    public var limit: Int?
    /// Oldest first (by start, then id), or newest first.
    public var newestFirst: Bool
    /// Only sessions after this one in the query's order: the key of the last session of the
    /// previous page.
    public var after: RecordKey?

    /// Without a limit, sessions come oldest first; with one, newest first (the latest few),
    /// unless `newestFirst` says otherwise.
    public init(
        from: Date? = nil, to: Date? = nil, region: RegionID? = nil, limit: Int? = nil, newestFirst: Bool? = nil,
        after: RecordKey? = nil
    ) {
        self.from = from
        self.to = to
        self.region = region
        self.limit = limit
        self.newestFirst = newestFirst ?? (limit != nil)
        self.after = after
    }
}

/// Where a record stands in time order: its time (whole seconds, as the journal keeps it) and,
/// for records of one second, its id. Pages of records continue after a key.
public struct RecordKey: Sendable, Equatable, Comparable, CustomStringConvertible {
    public var at: Date
    public var id: UUID

    public init(at: Date, id: UUID) {
        self.at = at.wholeSeconds
        self.id = id
    }

    public static func < (a: RecordKey, b: RecordKey) -> Bool {
        a.at != b.at ? a.at < b.at : a.id.lowercased < b.id.lowercased
    }

    /// `1763622000.7f1c…`: seconds since 1970, a dot, and the id, as the API's page cursors
    /// carry it.
    public var description: String { "\(Int64(at.timeIntervalSince1970)).\(id.lowercased)" }

    public init?(_ text: String) {
        let parts = text.split(separator: ".", maxSplits: 1)
        guard parts.count == 2, let seconds = Int64(parts[0]), seconds >= 0, let id = UUID(text: String(parts[1])) else { return nil }
        self.init(at: Date(timeIntervalSince1970: Double(seconds)), id: id)
    }
}

extension SessionRecord {
    public var key: RecordKey { RecordKey(at: startedAt, id: id) }
}

extension PainRating {
    public var key: RecordKey { RecordKey(at: at, id: id) }
}

extension ScreeningRecord {
    public var key: RecordKey { RecordKey(at: at, id: id) }
}
