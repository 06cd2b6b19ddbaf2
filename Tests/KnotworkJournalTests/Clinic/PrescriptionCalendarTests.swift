import Foundation
import KnotworkCore
import KnotworkJournal
import Testing

@Suite("Reminders for a prescription")
struct PrescriptionCalendarTests {
    // Starts on a Tuesday, for Mondays, Wednesdays and Fridays until Friday 27 November.
    let rx = prescription(
        days: [.friday, .monday, .wednesday], starts: nov(3), ends: nov(27), notes: "Go gently on the left; call me, if it flares.")

    func calendar(_ prescription: Prescription, hour: Int = 7, minute: Int = 30) throws -> String {
        try ICalendar.reminders(for: prescription, hour: hour, minute: minute, timeZone: berlin, now: november(2, 9))
    }

    @Test("one weekly event on its days, from its first prescribed day until its last day, at local time")
    func lines() throws {
        let text = try calendar(rx)
        let lines = text.replacingOccurrences(of: "\r\n ", with: "").components(separatedBy: "\r\n")
        #expect(lines.contains("X-WR-TIMEZONE:Europe/Berlin"))
        #expect(lines.contains("UID:\(rx.id.lowercased)@knotwork"))
        #expect(lines.contains("DTSTART:20261104T073000"))
        #expect(lines.contains("RRULE:FREQ=WEEKLY;BYDAY=MO,WE,FR;UNTIL=20261127T235959"))
        #expect(lines.contains("DURATION:PT15M"))
        #expect(lines.contains("SUMMARY:Knotwork: 15-minute self-massage for low back\\, buttock"))
        #expect(lines.contains { $0.hasPrefix("DESCRIPTION:From your clinician: Go gently on the left\\; call me\\, if it flares.\\n\\n") })
        #expect(text.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 75 })
    }

    @Test("no end, no UNTIL; no prescribed day in its dates, no event; a bad time is named")
    func edges() throws {
        #expect(try calendar(prescription(starts: nov(3))).contains("RRULE:FREQ=WEEKLY;BYDAY=MO,WE,FR\r\n"))
        #expect(try !calendar(prescription(days: [.sunday], starts: nov(2), ends: nov(7))).contains("BEGIN:VEVENT"))
        #expect(throws: InputError.self) { try calendar(rx, hour: 24) }
        #expect(throws: InputError.self) { try calendar(rx, minute: -1) }
    }

    @Test("icalendar reads it", .enabled(if: OutsidePython.isSet, "run through scripts/test, which sets KNOTWORK_PYTHON"))
    func icalendar() throws {
        let script = """
            import sys
            from icalendar import Calendar
            cal = Calendar.from_ical(open(sys.argv[1], "rb").read())
            events = cal.walk("VEVENT")
            assert len(events) == 1
            event = events[0]
            rule = event["RRULE"]
            assert rule["FREQ"] == ["WEEKLY"] and rule["BYDAY"] == ["MO", "WE", "FR"], rule
            assert str(rule["UNTIL"][0]) == "2026-11-27 23:59:59", rule
            start = event.decoded("DTSTART")
            assert (start.year, start.month, start.day, start.hour, start.minute) == (2026, 11, 4, 7, 30), start
            assert event.decoded("DURATION").total_seconds() == 900
            assert len(event.walk("VALARM")) == 1
            assert "call me, if it flares" in str(event["DESCRIPTION"])
            print("ok", event["SUMMARY"])
            """
        let (status, output) = try OutsidePython.run(script, on: try calendar(rx))
        #expect(status == 0, "\(output)")
        #expect(output.hasPrefix("ok Knotwork: 15-minute self-massage for low back, buttock"), "\(output)")
    }
}
