import Foundation
import KnotworkCore
import KnotworkJournal
import Testing

@Suite("Export and import formats")
struct FormatTests {
    @Test("times are read as RFC 3339, every field checked")
    func timestamps() {
        let base = Date(timeIntervalSince1970: 1_763_623_800) // 2025-11-20T07:30:00Z
        #expect(Timestamp.parseUTC("2025-11-20T07:30:00Z") == base)
        #expect(Timestamp.parseUTC("2025-11-20t07:30:00z") == base)
        #expect(Timestamp.parseUTC("2025-11-20T07:30:00.987Z") == base, "fractions are dropped")
        #expect(Timestamp.parseUTC("2025-11-20T08:30:00+01:00") == base)
        #expect(Timestamp.parseUTC("2025-11-20T02:00:00-05:30") == base)
        #expect(Timestamp.parseUTC("2024-02-29T00:00:00Z") != nil)
        for bad in [
            "2024-01-01T12:99:00Z", "2024-01-01T24:00:00Z", "2024-13-01T00:00:00Z", "2024-02-30T00:00:00Z", "2023-02-29T00:00:00Z",
            "2024-01-01T00:00:60Z", "2024-01-01T00:00:00", "2024-01-01T00:00:00+0100", "2024-01-01T00:00:00+24:00",
            "2024-01-01T00:00:00.Z", "2024-01-01T00:00:00Zjunk", "2024-01-01 00:00:00Z", "", "yesterday",
            "2024-00-10T00:00:00Z", "2024-04-31T00:00:00Z", "2024-01-00T00:00:00Z", "2024-01-01T00:00:00+01:60", "2024-1-01T00:00:00Z",
        ] {
            #expect(Timestamp.parseUTC(bad) == nil, "\(bad)")
        }
    }

    // The fixtures are dated November 2026; "now" is after all of them.
    let validator = RecordValidator(catalog: catalog, now: .distantFuture)

    @Test("CSV: a header row, CRLF line ends, and RFC 4180 quoting")
    func csvWrite() {
        let text = CSVFormat.write([session(day: 1, note: "tight, \"very\"\nbetter after")])
        let lines = text.components(separatedBy: "\r\n")
        #expect(lines[0] == CSVFormat.columns.joined(separator: ","))
        #expect(text.hasSuffix("\r\n"))
        #expect(text.contains(",\"tight, \"\"very\"\"\nbetter after\"\r\n"))
        #expect(text.contains(",2026-11-01T08:00:00Z,Europe/Berlin,,outer-hip,left,6,3,-3,0,"))
    }

    @Test("CSV: what is written reads back the same")
    func csvRoundTrip() throws {
        let sessions = [
            session(day: 1, note: "a, b"), session(day: 2, before: nil, after: 2, regions: []),
            session(day: 3, regions: ["low-back", "sacrum"], note: "quote \" and\r\nnewline"),
        ]
        #expect(try CSVFormat.read(CSVFormat.write(sessions), validator: validator) == sessions)
    }

    struct BadCSV: Sendable, CustomTestStringConvertible {
        let edit: @Sendable (String) -> String
        let location: String
        let field: String?
        let problem: String
        var testDescription: String { problem }
    }

    static let badCSV: [BadCSV] = [
        BadCSV(
            edit: { $0.replacingOccurrences(of: "pain_after", with: "painafter") }, location: "header row", field: nil,
            problem: "missing column pain_after"),
        BadCSV(
            edit: { $0.replacingOccurrences(of: ",6,3,-3,", with: ",12,3,-3,") }, location: "row 2", field: "painBefore",
            problem: "12 is outside 0–10"),
        BadCSV(
            edit: { $0.replacingOccurrences(of: ",6,3,-3,", with: ",six,3,-3,") }, location: "row 2", field: "pain_before",
            problem: "'six' is not a whole number"),
        BadCSV(
            edit: { $0.replacingOccurrences(of: "outer-hip", with: "outer-hp") }, location: "row 2", field: "regions",
            problem: "did you mean 'outer-hip'"),
        BadCSV(
            edit: { $0.replacingOccurrences(of: "2026-11-01T08:00:00Z", with: "1 Nov") }, location: "row 2", field: "started_at",
            problem: "'1 Nov' is not a UTC time"),
        BadCSV(
            edit: { $0.replacingOccurrences(of: "Europe/Berlin", with: "Mars/Olympus") }, location: "row 2", field: "timeZone",
            problem: "not a known time zone"),
        BadCSV(
            edit: { $0.replacingOccurrences(of: ",log,", with: ",log,x,") }, location: "row 2", field: nil,
            problem: "has 17 fields; 16 expected"),
        BadCSV(
            edit: { $0.replacingOccurrences(of: ",outer-hip,", with: ",\"outer-hip,") + $0 }, location: "line 2", field: nil,
            problem: "never closed"),
    ]

    @Test("CSV: a bad row is refused, naming the row and field", arguments: badCSV)
    func csvErrors(_ bad: BadCSV) {
        let text = bad.edit(CSVFormat.write([session(day: 1)]))
        do {
            _ = try CSVFormat.read(text, validator: validator)
            Issue.record("expected an error")
        } catch {
            #expect(error.location == bad.location)
            #expect(error.field == bad.field)
            #expect(error.problem.contains(bad.problem), "\(error)")
        }
    }

    struct BadJSON: Sendable, CustomTestStringConvertible {
        let edit: @Sendable (String) -> String
        let expected: String
        var testDescription: String { expected }
    }

    static let badJSON: [BadJSON] = [
        BadJSON(
            edit: { $0.replacingOccurrences(of: "\"painBefore\" : 6", with: "\"painBefore\" : \"6\"") },
            expected: "sessions[0], field 'painBefore': expected a whole number"),
        BadJSON(
            edit: { $0.replacingOccurrences(of: "\"painBefore\" : 6", with: "\"painBefore\" : 60") },
            expected: "sessions[0], field 'painBefore': 60 is outside 0–10"),
        BadJSON(
            edit: { $0.replacingOccurrences(of: "\"source\" : \"log\",", with: "") }, expected: "sessions[0], field 'source': is missing"),
        BadJSON(
            edit: { $0.replacingOccurrences(of: "knotwork.journal/1", with: "knotwork.journal/9") },
            expected: "file, field 'schema': 'knotwork.journal/9' is not a format"),
        BadJSON(edit: { String($0.dropLast(4)) }, expected: "line "),
        BadJSON(
            edit: { $0.replacingOccurrences(of: "\"side\" : \"left\"", with: "\"side\" : \"up\"") },
            expected: "sessions[0], field 'side': 'up' is not one of left, right, both"),
        BadJSON(
            edit: { $0.replacingOccurrences(of: "2026-11-01T08:00:00Z", with: "yesterday") },
            expected: "sessions[0], field 'startedAt': 'yesterday' is not an ISO 8601 time"),
    ]

    @Test("JSON: a bad record is refused, naming its path and field", arguments: badJSON)
    func jsonErrors(_ bad: BadJSON) throws {
        let backup = JournalBackup(exportedAt: november(20), sessions: [session(day: 1)])
        let text = bad.edit(String(decoding: try JournalBackup.encoder().encode(backup), as: UTF8.self))
        do {
            _ = try validator.readBackup(Data(text.utf8))
            Issue.record("expected an error")
        } catch {
            #expect(error.description.hasPrefix(bad.expected), "\(error)")
        }
    }

    @Test("JSON: a long backup is read whole, and the first bad record in the file is the one named")
    func longBackup() throws {
        let sessions = (0..<3_000).map { index in session(day: 1 + index % 28, note: "n\(index)") }
        let good = try JournalBackup.encoder().encode(JournalBackup(exportedAt: november(20), sessions: sessions))
        let read = try validator.readBackup(good)
        #expect(read.sessions == sessions, "every session, in order")

        var object = try #require(try JSONSerialization.jsonObject(with: good) as? [String: Any])
        var list = try #require(object["sessions"] as? [[String: Any]])
        list[2_500]["timeZone"] = "Mars/Base"
        list[1_700]["painBefore"] = 11
        object["sessions"] = list
        #expect(throws: ImportError(location: "sessions[1700]", field: "painBefore", problem: "11 is outside 0–10")) {
            try validator.readBackup(try JSONSerialization.data(withJSONObject: object))
        }
        list[1_700]["painBefore"] = 4
        object["sessions"] = list
        #expect(throws: ImportError(location: "sessions[2500]", field: "timeZone", problem: "'Mars/Base' is not a known time zone")) {
            try validator.readBackup(try JSONSerialization.data(withJSONObject: object))
        }
    }

    @Test(
        "CSV: a note a spreadsheet would run as a formula is guarded, and still comes back as it was",
        arguments: ["=HYPERLINK(\"http://evil.example\")", "+1", "-2", "@SUM(A1)", "\tx", "\rx", "'quoted", "''", "plain", "a=b"])
    func formulaGuard(_ note: String) throws {
        let sessions = [session(day: 1, note: note)]
        let text = CSVFormat.write(sessions)
        let cell = text.split(separator: "\r\n")[1]
        for trigger in ["=", "+", "-", "@", "\t", "\r"] where note.hasPrefix(trigger) {
            #expect(!cell.hasSuffix("," + note) && !cell.contains(",\"" + note), "\(note) reaches the sheet unguarded")
        }
        #expect(try CSVFormat.read(text, validator: validator) == sessions)
    }

    @Test("import keeps the API's limits: no time in the future, notes of at most 2,000 characters")
    func importLimits() throws {
        let strict = RecordValidator(catalog: catalog, now: november(10))
        let future = [session(day: 12)]
        #expect(throws: ImportError.self) { try CSVFormat.read(CSVFormat.write(future), validator: strict) }
        let long = [session(day: 1, note: String(repeating: "a", count: 2001))]
        #expect(throws: ImportError.self) {
            try strict.readBackup(try JournalBackup.encoder().encode(JournalBackup(exportedAt: november(10), sessions: long)))
        }
        #expect(try CSVFormat.read(CSVFormat.write([session(day: 9)]), validator: strict).count == 1)
    }

    @Test("a NUL in a note is refused by name, in JSON and CSV alike, rather than stored cut short")
    func nulInNote() throws {
        let sessions = [session(day: 1, note: "before\u{0}after")]
        let json = try JournalBackup.encoder().encode(JournalBackup(exportedAt: november(20), sessions: sessions))
        #expect(throws: ImportError.self) { try validator.readBackup(json) }
        do {
            _ = try validator.readBackup(json)
        } catch {
            #expect(error.field == "note")
            #expect(error.problem.contains("NUL"))
        }
        #expect(throws: ImportError.self) { try CSVFormat.read(CSVFormat.write(sessions), validator: validator) }
    }

    @Test("ids are read in either case and written in lower case, without Foundation's scanner")
    func ids() {
        let id = UUID()
        #expect(UUID(text: id.uuidString) == id)
        #expect(UUID(text: id.lowercased) == id)
        #expect(id.lowercased == id.uuidString.lowercased())
        for bad in [
            "", "not-a-uuid", String(id.uuidString.dropLast()), id.uuidString + "0", id.uuidString.replacingOccurrences(of: "-", with: "_"),
            "G" + id.uuidString.dropFirst(),
        ] {
            #expect(UUID(text: bad) == nil, "\(bad)")
        }
    }

    @Test("iCalendar reminder: weekly rule, alarm, the next matching day, CRLF, folded lines")
    func reminder() throws {
        // Wednesday 25 November 2026, 12:00 UTC: 07:30 has passed today, so the next is Friday.
        let now = november(25, 12)
        let text = ICalendar.reminders(
            ICalendar.Reminder(days: [.fri, .mon, .wed], hour: 7, minute: 30, minutes: 10, regions: ["outer-hip"]),
            now: now, timeZone: utc, uid: UUID(uuidString: "00000000-0000-0000-0000-000000000001")!)
        let lines = text.components(separatedBy: "\r\n")
        #expect(lines.first == "BEGIN:VCALENDAR")
        #expect(lines.contains("RRULE:FREQ=WEEKLY;BYDAY=MO,WE,FR"))
        #expect(lines.contains("DTSTART:20261127T073000"))
        #expect(lines.contains("DTSTAMP:20261125T120000Z"))
        #expect(lines.contains("BEGIN:VALARM") && lines.contains("TRIGGER:PT0S"))
        #expect(lines.contains("SUMMARY:Knotwork: 10-minute self-massage for outer hip"))
        #expect(lines.allSatisfy { $0.utf8.count <= 75 })
        #expect(lines.contains { $0.hasPrefix(" ") }, "the long description is folded")
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
    }

    @Test("iCalendar reminder: later today when the time has not passed")
    func reminderToday() {
        let text = ICalendar.reminders(
            ICalendar.Reminder(days: [.wed], hour: 18, minute: 5, minutes: 12), now: november(25, 12), timeZone: utc, uid: UUID())
        #expect(text.contains("DTSTART:20261125T180500\r\n"))
        #expect(text.contains("DURATION:PT12M\r\n"))
    }

    @Test("FHIR: one Observation per score, LOINC 72514-3, valueInteger, bodySite text")
    func fhir() throws {
        let backup = JournalBackup(
            exportedAt: november(20), sessions: [session(day: 1, regions: ["outer-hip", "low-back"]), session(day: 2, after: nil)],
            painRatings: [PainRating(at: november(3), timeZone: "UTC", pain: 2)])
        let object = try #require(try JSONSerialization.jsonObject(with: FHIRExport.bundle(backup)) as? [String: Any])
        #expect(object["resourceType"] as? String == "Bundle")
        #expect(object["type"] as? String == "collection")
        let entries = try #require(object["entry"] as? [[String: Any]])
        #expect(entries.count == 4)
        let first = try #require(entries[0]["resource"] as? [String: Any])
        #expect(first["valueInteger"] as? Int == 6)
        #expect(first["effectiveDateTime"] as? String == "2026-11-01T08:00:00Z")
        #expect((first["bodySite"] as? [String: Any])?["text"] as? String == "outer hip, low back")
        let coding = ((first["code"] as? [String: Any])?["coding"] as? [[String: Any]])?.first
        #expect(coding?["system"] as? String == "http://loinc.org")
        #expect(coding?["code"] as? String == "72514-3")
    }
}
