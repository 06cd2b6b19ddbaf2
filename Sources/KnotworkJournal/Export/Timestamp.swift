import Foundation

/// UTC timestamps as ISO 8601 text, second precision.
public enum Timestamp {
    /// `2026-11-20T07:30:00Z`.
    public static func utc(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: "UTC")!))
    }

    /// Reads an RFC 3339 time, `2026-11-20T07:30:00Z` (`T` and `Z` in either case), with
    /// fractions of a second (dropped) and an offset (`+01:00`) allowed.
    ///
    /// The fields are read from their fixed places and the calendar's work is Foundation's. Every
    /// field is checked: Foundation's ISO 8601 parser is not used, as on this toolchain (Swift
    /// 6.3, Linux) it carries `12:99` into the next hour, `24:00` into the next day and 30
    /// February into March, and refuses a lower-case `t`. Nor is `DateComponents.isValidDate(in:)`:
    /// it took 4.4 µs a time here against 1.1 µs for the two `date(from:)` below, and an import
    /// reads one or two times per record (with it, and Foundation's UUID parsing, `knotwork-bench
    /// import` fell to 0.37–0.45×, aim ≥ 0.5×).
    public static func parseUTC(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        func byte(_ index: Int, in allowed: String) -> Bool {
            index < bytes.count && allowed.utf8.contains(bytes[index])
        }
        func number(_ start: Int, digits: Int) -> Int? {
            guard start + digits <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[start..<start + digits] {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard byte(4, in: "-"), byte(7, in: "-"), byte(10, in: "Tt"), byte(13, in: ":"), byte(16, in: ":"),
            let year = number(0, digits: 4), let month = number(5, digits: 2), let day = number(8, digits: 2),
            let hour = number(11, digits: 2), let minute = number(14, digits: 2), let second = number(17, digits: 2)
        else { return nil }
        var end = 19
        if byte(end, in: ".") {
            end += 1
            let fraction = end
            while number(end, digits: 1) != nil { end += 1 }
            guard end > fraction else { return nil }
        }
        let offset: Int
        if byte(end, in: "Zz"), end + 1 == bytes.count {
            offset = 0
        } else if byte(end, in: "+-"), byte(end + 3, in: ":"), end + 6 == bytes.count,
            let hours = number(end + 1, digits: 2), let minutes = number(end + 4, digits: 2), hours < 24, minutes < 60
        {
            offset = (hours * 60 + minutes) * 60 * (byte(end, in: "-") ? -1 : 1)
        } else {
            return nil
        }
        // The calendar carries a day past its month's end into the next month: a real day comes
        // before the first of the next.
        guard (1...12).contains(month), day >= 1, hour < 24, minute < 60, second < 60,
            let date = calendar.date(from: DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second)),
            let nextMonth = calendar.date(from: DateComponents(year: year, month: month + 1, day: 1)), date < nextMonth
        else { return nil }
        return date.addingTimeInterval(TimeInterval(-offset))
    }

    /// The Gregorian calendar in UTC.
    private static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        return calendar
    }()
}
