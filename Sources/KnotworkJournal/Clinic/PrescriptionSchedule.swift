import Foundation

/// Which days a patient's prescriptions ask for a session.
///
/// On any day one prescription is in force: the newest (by ``Prescription/createdAt``) whose
/// dates cover the day, from ``Prescription/starts`` to ``Prescription/ends``. A newer
/// prescription replaces an older one for the days it covers, even where their days of the week
/// differ: the day is prescribed only if the one in force names its weekday. Days are calendar
/// days in the patient's own time zone.
public struct PrescriptionSchedule: Sendable {
    /// The patient's prescriptions, newest first.
    public let prescriptions: [Prescription]

    /// A schedule of a patient's prescriptions, in any order.
    public init(_ prescriptions: [Prescription]) {
        self.prescriptions = prescriptions.sorted {
            ($0.createdAt, $0.starts, $0.id.lowercased) > ($1.createdAt, $1.starts, $1.id.lowercased)
        }
    }

    /// The prescription in force on a day, whether or not it names that day's weekday; nil
    /// when none covers the day.
    public func inForce(on day: CalendarDay) -> Prescription? {
        prescriptions.first { day >= $0.starts && ($0.ends.map { day <= $0 } ?? true) }
    }

    /// The prescription that asks for a session on a day; nil on a day with none prescribed.
    public func prescription(on day: CalendarDay) -> Prescription? {
        inForce(on: day).flatMap { $0.isPrescribed(on: day, weekday: day.weekday) ? $0 : nil }
    }

    /// Today's prescription for the patient: the one asking for a session on the day `now`
    /// falls on in their time zone, or nil.
    public func today(now: Date, timeZone: TimeZone) -> Prescription? {
        prescription(on: CalendarDay(of: now, in: timeZone))
    }

    /// The first day any prescription is for; nil without prescriptions.
    public var firstDay: CalendarDay? { prescriptions.map(\.starts).min() }

    /// The prescribed days from `first` through `last`, both included, in order.
    public func prescribedDays(from first: CalendarDay, through last: CalendarDay) -> [CalendarDay] {
        guard let firstDay, first <= last else { return [] }
        let start = max(first, firstDay)
        guard start <= last else { return [] }
        return (0...start.days(to: last)).map { start.adding(days: $0) }.filter { prescription(on: $0) != nil }
    }
}
