import Foundation
import KnotworkCore

extension ICalendar {
    /// A prescription's sessions as a calendar: one weekly recurring event on its days, from the
    /// first of them on or after ``Prescription/starts`` until the end of ``Prescription/ends``
    /// (or for good), at a time of day in the patient's time zone, with a display alarm at its
    /// start. Its id is the prescription's, so a calendar app that imports it again after a change
    /// updates the event instead of adding another.
    ///
    /// Times are floating local times, as in ``reminders(_:now:timeZone:uid:)``: calendar apps
    /// show them at that wall-clock time wherever the patient is; the calendar names the zone
    /// (`X-WR-TIMEZONE`) for apps that read it.
    /// - Parameters:
    ///   - hour, minute: the time of day, 0–23 and 0–59.
    ///   - timeZone: the patient's time zone.
    ///   - now: when the calendar is made (its `DTSTAMP`).
    /// - Returns: the calendar; it has no event when no prescribed weekday falls between the
    ///   prescription's first and last day.
    /// - Throws: ``InputError`` (field `time`) for an hour or minute out of range.
    public static func reminders(
        for prescription: Prescription, hour: Int, minute: Int, timeZone: TimeZone, now: Date
    ) throws(InputError) -> String {
        guard (0...23).contains(hour), (0...59).contains(minute) else {
            throw InputError(
                field: "time", value: "\(hour):\(minute)", problem: "\(hour):\(minute) is not a time of day; give HH:MM from 00:00 to 23:59"
            )
        }
        let header = documentStart + fold("X-WR-TIMEZONE:\(text(timeZone.identifier))") + "\r\n"
        let candidates = (0..<7).map { prescription.starts.adding(days: $0) }
        guard
            let first = candidates.first(where: { day in
                prescription.days.contains(day.weekday) && (prescription.ends.map { day <= $0 } ?? true)
            })
        else { return header + documentEnd }
        func local(_ day: CalendarDay, _ time: String) -> String {
            day.description.replacingOccurrences(of: "-", with: "") + "T" + time
        }
        let days = prescription.days.sorted().map { ICalendar.Weekday(rawValue: String($0.rawValue.prefix(3)))!.rruleCode }
        let until = prescription.ends.map { ";UNTIL=" + local($0, "235959") } ?? ""
        var description = "Prescribed by your clinician. Answer the safety questions first, then follow today's plan. " + stopAdvice
        if let notes = prescription.notes, !notes.isEmpty { description = "From your clinician: \(notes)\n\n" + description }
        let lines =
            [
                "BEGIN:VEVENT",
                "UID:\(prescription.id.lowercased)@knotwork",
                "DTSTAMP:\(utcStamp(now))",
                "DTSTART:\(local(first, String(format: "%02d%02d00", hour, minute)))",
                "DURATION:PT\(prescription.minutes)M",
                "RRULE:FREQ=WEEKLY;BYDAY=\(days.joined(separator: ","))\(until)",
                "SUMMARY:\(text(reminderTitle(minutes: prescription.minutes, regions: prescription.regions)))",
                "DESCRIPTION:\(text(description))",
            ] + alarm + ["END:VEVENT"]
        return header + lines.map { fold($0) + "\r\n" }.joined() + documentEnd
    }
}
