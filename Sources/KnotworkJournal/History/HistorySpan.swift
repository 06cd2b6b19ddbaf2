import Foundation
import KnotworkCore

/// A history period as people type it: `30d`, `12w` or `all`: the one rule `history --since`
/// and the API's `since` share.
public enum HistorySpan {
    /// The span used when none is given.
    public static let standard = "30d"

    /// How far back a span reaches, in seconds; nil for `all`. The count is 1 to 99999 days or
    /// weeks, as openapi.yaml's `Span` allows.
    /// - Throws: ``InputError`` (field `since`) for anything else.
    public static func seconds(_ since: String) throws(InputError) -> TimeInterval? {
        if since == "all" { return nil }
        let units: [Character: Double] = ["d": 86_400, "w": 604_800]
        guard since.wholeMatch(of: /[1-9][0-9]{0,4}[dw]/) != nil, let unit = since.last, let seconds = units[unit],
            let count = Int(since.dropLast())
        else {
            throw InputError(field: "since", value: since, problem: "'\(since)' is not a span like 30d, 12w or all")
        }
        return Double(count) * seconds
    }

    /// The start of the span before `now`; nil for `all`.
    /// - Throws: ``InputError`` (field `since`) for anything but a span.
    public static func start(since: String, now: Date) throws(InputError) -> Date? {
        try seconds(since).map { now.addingTimeInterval(-$0) }
    }
}
