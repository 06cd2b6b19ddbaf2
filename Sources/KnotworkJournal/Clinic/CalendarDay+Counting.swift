import Foundation

/// Counting days without a clock or a time zone: a ``CalendarDay`` as a number of days since
/// 1970-01-01 in the proleptic Gregorian calendar, and back.
extension CalendarDay {
    /// Days since 1970-01-01 (negative before it).
    public var daysSince1970: Int {
        // Years counted from March, so that the leap day ends a year (Hinnant's days_from_civil).
        let year = month <= 2 ? self.year - 1 : self.year
        let era = (year >= 0 ? year : year - 399) / 400
        let yearOfEra = year - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The day `daysSince1970` days after 1970-01-01.
    public init(daysSince1970 count: Int) {
        let shifted = count + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        self.init(year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month: month, day: day)
    }

    /// The day `count` days later (earlier when negative).
    public func adding(days count: Int) -> CalendarDay {
        CalendarDay(daysSince1970: daysSince1970 + count)
    }

    /// Days from this day to `other`: 1 from a day to the next.
    public func days(to other: CalendarDay) -> Int {
        other.daysSince1970 - daysSince1970
    }

    /// The day of the week it is.
    public var weekday: Weekday {
        // 1970-01-01 was a Thursday, the fourth day of a week that starts on Monday.
        let index = ((daysSince1970 + 3) % 7 + 7) % 7
        return Weekday.allCases[index]
    }

    /// The Monday of its week: weeks start on Monday.
    public var monday: CalendarDay {
        adding(days: -Weekday.allCases.firstIndex(of: weekday)!)
    }

    /// The instant the day begins in a time zone (its first moment, which a change of clocks
    /// may move off midnight).
    public func start(in timeZone: TimeZone) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let noon = calendar.date(from: DateComponents(year: year, month: month, day: day, hour: 12))!
        return calendar.startOfDay(for: noon)
    }
}
