import Foundation
import KnotworkCore

/// A day of the week, as a prescription names the days it is for.
public enum Weekday: String, Codable, Sendable, CaseIterable, Comparable {
    case monday, tuesday, wednesday, thursday, friday, saturday, sunday

    /// The weekday of an instant in a time zone.
    public init(of date: Date, in timeZone: TimeZone) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        // Calendar counts Sunday as 1; this enum starts on Monday.
        let index = (calendar.component(.weekday, from: date) + 5) % 7
        self = Weekday.allCases[index]
    }

    public static func < (lhs: Weekday, rhs: Weekday) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// A day of the calendar with no time or zone (`2026-11-26`): a prescription runs from one to
/// another, in the patient's own time zone.
public struct CalendarDay: Codable, Sendable, Hashable, Comparable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// A day in `YYYY-MM-DD` form that the calendar has; nil for anything else (`2026-02-30`).
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard text.utf8.count == 10, parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let components = DateComponents(year: year, month: month, day: day)
        guard components.isValidDate(in: calendar) else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// The day an instant falls on in a time zone.
    public init(of date: Date, in timeZone: TimeZone) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        self.init(year: parts.year!, month: parts.month!, day: parts.day!)
    }

    public var description: String {
        String(format: "%04d-%02d-%02d", year, month, day)
    }

    public static func < (lhs: CalendarDay, rhs: CalendarDay) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let day = CalendarDay(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text)' is not a day in YYYY-MM-DD form")
        }
        self = day
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// What a clinician prescribes a patient: which routine, on which days, from when to when. The
/// patient's home screen plans it for today; the plan is still screened every time, as any is.
///
/// It belongs to the patient (its owner), who can always read it, and names the clinician who
/// wrote it.
public struct Prescription: Codable, Sendable, Equatable, Identifiable {
    public var id: UUID
    /// Whose it is: the patient's account.
    public var patient: AccountID
    /// Who wrote it.
    public var clinician: AccountID
    /// Where to work; region ids of the catalog.
    public var regions: [RegionID]
    public var side: Side
    /// The tools the patient has; tool ids of the catalog.
    public var tools: [ToolID]
    /// Minutes a session, within ``PlanRequest/minutesRange``.
    public var minutes: Int
    /// The days of the week a session is prescribed; at least one.
    public var days: [Weekday]
    /// The first day it is for, in the patient's time zone.
    public var starts: CalendarDay
    /// The last day it is for, if it ends.
    public var ends: CalendarDay?
    /// The clinician's words to the patient.
    public var notes: String?
    public var createdAt: Date

    public init(
        id: UUID = UUID(), patient: AccountID, clinician: AccountID, regions: [RegionID], side: Side, tools: [ToolID], minutes: Int,
        days: [Weekday], starts: CalendarDay, ends: CalendarDay? = nil, notes: String? = nil, createdAt: Date
    ) {
        self.id = id
        self.patient = patient
        self.clinician = clinician
        self.regions = regions
        self.side = side
        self.tools = tools
        self.minutes = minutes
        self.days = days
        self.starts = starts
        self.ends = ends
        self.notes = notes
        self.createdAt = createdAt.wholeSeconds
    }

    /// Whether this prescription alone asks for a session on a day. Of a patient's several,
    /// ``PrescriptionSchedule`` decides which one is in force on the day.
    public func isPrescribed(on day: CalendarDay, weekday: Weekday) -> Bool {
        day >= starts && (ends.map { day <= $0 } ?? true) && days.contains(weekday)
    }
}
