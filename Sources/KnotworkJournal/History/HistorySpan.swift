import Foundation
import KnotworkCore

/// A history period as people type it: `30d`, `12w` or `all`.
public enum HistorySpan {
    /// The start of the span before `now`; nil for `all`.
    /// - Throws: ``InputError`` (field `since`) for anything else.
    public static func start(since: String, now: Date) throws(InputError) -> Date? {
        let text = since.trimmingCharacters(in: .whitespaces).lowercased()
        if text == "all" { return nil }
        let units: [Character: Double] = ["d": 86_400, "w": 604_800]
        guard let unit = text.last, let seconds = units[unit], let count = Int(text.dropLast()), count > 0, count <= 100_000
        else {
            throw InputError(field: "since", value: since, problem: "'\(since)' is not a span like 30d, 12w or all")
        }
        return now.addingTimeInterval(-Double(count) * seconds)
    }
}
