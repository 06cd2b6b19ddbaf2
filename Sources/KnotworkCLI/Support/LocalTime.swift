import Foundation
import KnotworkCore

/// Dates and times as people type them, read in their own time zone.
struct LocalTime {
    let timeZone: TimeZone
    let now: Date

    static var current: LocalTime { LocalTime(timeZone: TimeZone.current, now: Date()) }

    private var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }

    /// `2026-11-20T07:30`, `2026-11-20 07:30:15`, `2026-11-20` (midnight), or with `Z` or an offset.
    func parse(_ text: String, field: String) throws(InputError) -> Date {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        // Date, optional time with optional seconds, optional Z or ±HH:MM.
        let pattern = #"^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?(Z|[+-]\d{2}:?\d{2})?$"#
        guard let regex = try? NSRegularExpression(pattern: pattern),
            let match = regex.firstMatch(in: trimmed, range: NSRange(trimmed.startIndex..., in: trimmed))
        else {
            throw InputError(
                field: field, value: text,
                problem: "'\(text)' is not a date and time like 2026-11-20T07:30 (or 2026-11-20, or with Z or +01:00)")
        }
        func group(_ index: Int) -> Int? {
            guard let range = Range(match.range(at: index), in: trimmed) else { return nil }
            return Int(trimmed[range])
        }
        var parts = DateComponents()
        parts.year = group(1)
        parts.month = group(2)
        parts.day = group(3)
        parts.hour = group(4) ?? 0
        parts.minute = group(5) ?? 0
        parts.second = group(6) ?? 0
        var zoneCalendar = calendar
        if let range = Range(match.range(at: 7), in: trimmed) {
            let zone = trimmed[range]
            if zone == "Z" {
                zoneCalendar.timeZone = TimeZone(identifier: "UTC")!
            } else {
                let digits = zone.dropFirst().replacingOccurrences(of: ":", with: "")
                let hours = Int(digits.prefix(2)) ?? 0
                let minutes = Int(digits.suffix(2)) ?? 0
                let sign = zone.hasPrefix("-") ? -1 : 1
                guard hours <= 14, minutes < 60, let fixed = TimeZone(secondsFromGMT: sign * (hours * 3600 + minutes * 60)) else {
                    throw InputError(field: field, value: text, problem: "'\(zone)' is not a time zone offset like +01:00")
                }
                zoneCalendar.timeZone = fixed
            }
        }
        guard let date = zoneCalendar.date(from: parts),
            zoneCalendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
                == DateComponents(year: parts.year, month: parts.month, day: parts.day, hour: parts.hour, minute: parts.minute)
        else {
            throw InputError(field: field, value: text, problem: "'\(text)' is not a real date and time")
        }
        return date
    }

    /// The start of the day after the one `date` falls in.
    func endOfDay(_ date: Date) -> Date {
        calendar.date(byAdding: .day, value: 1, to: calendar.startOfDay(for: date)) ?? date
    }

    /// "20 Nov 2026" in this zone.
    func formatDay(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_GB")
        formatter.timeZone = timeZone
        formatter.dateFormat = "d MMM yyyy"
        return formatter.string(from: date)
    }

    /// "20 Nov 2026 07:30" in this zone.
    func format(_ date: Date, zone: String? = nil) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_GB")
        formatter.timeZone = zone.flatMap(TimeZone.init(identifier:)) ?? timeZone
        formatter.dateFormat = "d MMM yyyy HH:mm"
        return formatter.string(from: date)
    }
}
