import Foundation
import KnotworkCore

/// iCalendar (RFC 5545) text: weekly reminders with an alarm, and past sessions as events.
public enum ICalendar {
    /// A weekday, as `knotwork remind --days` takes it.
    public enum Weekday: String, CaseIterable, Sendable {
        case mon, tue, wed, thu, fri, sat, sun

        var rruleCode: String { String(rawValue.prefix(2)).uppercased() }
        /// Gregorian weekday number: Sunday 1 … Saturday 7.
        var gregorian: Int { [.sun: 1, .mon: 2, .tue: 3, .wed: 4, .thu: 5, .fri: 6, .sat: 7][self]! }
    }

    /// A weekly reminder.
    public struct Reminder: Sendable {
        public var days: [Weekday]
        public var hour: Int
        public var minute: Int
        public var minutes: Int
        public var regions: [RegionID]

        public init(days: [Weekday], hour: Int, minute: Int, minutes: Int, regions: [RegionID] = []) {
            self.days = days
            self.hour = hour
            self.minute = minute
            self.minutes = minutes
            self.regions = regions
        }
    }

    /// A calendar with one weekly recurring event and a display alarm at its start.
    /// - Parameters:
    ///   - now: the current time; the first occurrence is the next matching day from today.
    ///   - timeZone: the zone the reminder time is in; written as floating local time, which
    ///     calendar apps show at that wall-clock time wherever the person is.
    ///   - uid: the event's unique id.
    public static func reminders(_ reminder: Reminder, now: Date, timeZone: TimeZone, uid: UUID) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let wanted = Set(reminder.days.map(\.gregorian))
        var start = calendar.date(bySettingHour: reminder.hour, minute: reminder.minute, second: 0, of: now) ?? now
        for _ in 0..<8 where !(wanted.contains(calendar.component(.weekday, from: start)) && start >= now) {
            start = calendar.date(byAdding: .day, value: 1, to: start) ?? start
        }
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: start)
        let local = String(
            format: "%04d%02d%02dT%02d%02d00", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0, parts.hour ?? 0, parts.minute ?? 0)
        let days = Weekday.allCases.filter { reminder.days.contains($0) }.map(\.rruleCode).joined(separator: ",")
        let lines = [
            "BEGIN:VEVENT",
            "UID:\(uid.lowercased)@knotwork",
            "DTSTAMP:\(utcStamp(now))",
            "DTSTART:\(local)",
            "DURATION:PT\(reminder.minutes)M",
            "RRULE:FREQ=WEEKLY;BYDAY=\(days)",
            "SUMMARY:\(text(reminderTitle(minutes: reminder.minutes, regions: reminder.regions)))",
            "DESCRIPTION:\(text("Warm up, then work through your plan with knotwork start. " + stopAdvice))",
        ]
        return document(lines + alarm + ["END:VEVENT"])
    }

    /// When to stop, as every reminder says it.
    static let stopAdvice = "Stop at once on sharp, shooting or burning pain, numbness or tingling."

    /// A reminder's title: `Knotwork: 12-minute self-massage for outer hip`.
    static func reminderTitle(minutes: Int, regions: [RegionID]) -> String {
        let focus = regions.isEmpty ? "" : " for \(regions.map { $0.replacingOccurrences(of: "-", with: " ") }.joined(separator: ", "))"
        return "Knotwork: \(minutes)-minute self-massage\(focus)"
    }

    /// A display alarm at the event's start.
    static let alarm = [
        "BEGIN:VALARM", "ACTION:DISPLAY", "TRIGGER:PT0S", "DESCRIPTION:Time for your Knotwork session", "END:VALARM",
    ]

    /// Past sessions as events, for a calendar of what was done.
    public static func sessions(_ sessions: [SessionRecord], now: Date) -> String {
        documentStart + sessions.map { event($0, now: now) }.joined() + documentEnd
    }

    /// The lines before the first event, and after the last.
    static let documentStart =
        ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Knotwork//Knotwork//EN", "CALSCALE:GREGORIAN", "METHOD:PUBLISH"]
        .map { $0 + "\r\n" }.joined()
    static let documentEnd = "END:VCALENDAR\r\n"

    /// One past session as an event, folded, each line ending in CRLF.
    static func event(_ session: SessionRecord, now: Date) -> String {
        let minutes = max(
            1,
            Int(
                ((session.endedAt ?? session.startedAt.addingTimeInterval(Double(max(session.pressureSeconds, 600))))
                    .timeIntervalSince(session.startedAt) / 60).rounded()))
        var summary = "Knotwork session"
        if !session.regions.isEmpty {
            summary += ": " + session.regions.map { $0.replacingOccurrences(of: "-", with: " ") }.joined(separator: ", ")
        }
        if let before = session.painBefore, let after = session.painAfter { summary += " (pain \(before) → \(after))" }
        var lines = [
            "BEGIN:VEVENT",
            "UID:\(session.id.lowercased)@knotwork",
            "DTSTAMP:\(utcStamp(now))",
            "DTSTART:\(utcStamp(session.startedAt))",
            "DURATION:PT\(minutes)M",
            "SUMMARY:\(text(summary))",
        ]
        if let note = session.note { lines.append("DESCRIPTION:\(text(note))") }
        lines.append("END:VEVENT")
        return lines.map { fold($0) + "\r\n" }.joined()
    }

    static func document(_ body: [String]) -> String {
        documentStart + body.map { fold($0) + "\r\n" }.joined() + documentEnd
    }

    /// `20261120T073000Z`: the ISO 8601 time without its separators.
    static func utcStamp(_ date: Date) -> String {
        String(Timestamp.utc(date).unicodeScalars.filter { $0 != "-" && $0 != ":" })
    }

    /// TEXT values escape backslash, semicolon, comma and newlines.
    static func text(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: ";", with: "\\;")
            .replacingOccurrences(of: ",", with: "\\,").replacingOccurrences(of: "\r\n", with: "\\n")
            .replacingOccurrences(of: "\n", with: "\\n")
    }

    /// Lines longer than 75 octets are folded: CRLF and a space, never inside a UTF-8 sequence.
    static func fold(_ line: String) -> String {
        guard line.utf8.count > 75 else { return line }
        var out = ""
        var current = 0
        for character in line {
            let size = String(character).utf8.count
            if current + size > 75 {
                out += "\r\n "
                current = 1
            }
            out.append(character)
            current += size
        }
        return out
    }
}
