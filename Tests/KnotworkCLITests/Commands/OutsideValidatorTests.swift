import Foundation
import KnotworkJournal
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Checks the exports with the validators other systems use (PyPI `fhir.resources` and
/// `icalendar`), run from the virtual environment `scripts/test` makes.
@Suite(
    "Exports read by outside validators",
    .enabled(if: ProcessInfo.processInfo.environment["KNOTWORK_PYTHON"] != nil, "run through scripts/test, which sets KNOTWORK_PYTHON"))
struct OutsideValidatorTests {
    func python(_ script: String, _ file: String) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ProcessInfo.processInfo.environment["KNOTWORK_PYTHON"]!)
        process.arguments = ["-c", script, file]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        let watchdog = try process.start(timeout: 120)
        defer { watchdog.expectFinished() }
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }

    @Test("fhir.resources accepts the FHIR export as an R4 Bundle of Observations")
    func fhir() async throws {
        let scratch = try Scratch()
        let db = scratch.path("journal.sqlite")
        for (day, before, after) in [(1, 6, 3), (2, 5, 2)] {
            let arguments = [
                "log", "--db", db, "--pain-before", "\(before)", "--pain-after", "\(after)", "--where", "outer-hip,low-back", "--at",
                "2026-11-0\(day)T07:30",
            ]
            #expect(try await Binary.run(arguments).status == 0)
        }
        #expect(try await Binary.run(["export", "--db", db, "--format", "fhir", "--output", scratch.path("fhir.json")]).status == 0)
        let script = """
            import sys
            from fhir.resources.R4B.bundle import Bundle
            bundle = Bundle.model_validate_json(open(sys.argv[1]).read())
            values = []
            for entry in bundle.entry:
                obs = entry.resource
                assert obs.__resource_type__ == "Observation", obs.__resource_type__
                assert obs.code.coding[0].system == "http://loinc.org" and obs.code.coding[0].code == "72514-3"
                assert 0 <= obs.valueInteger <= 10
                assert obs.bodySite.text == "outer hip, low back"
                values.append(obs.valueInteger)
            print(values)
            """
        let (status, output) = try python(script, scratch.path("fhir.json"))
        #expect(status == 0, "\(output)")
        #expect(output.contains("[6, 3, 5, 2]"), "\(output)")
    }

    @Test("icalendar reads the reminder and the session calendar")
    func ics() async throws {
        let scratch = try Scratch()
        #expect(
            try await Binary.run(["remind", "--days", "tue,thu", "--at", "19:15", "--minutes", "12", "--output", scratch.path("r.ics")])
                .status == 0)
        let script = """
            import sys
            from icalendar import Calendar
            cal = Calendar.from_ical(open(sys.argv[1], "rb").read())
            events = cal.walk("VEVENT")
            assert len(events) == 1
            event = events[0]
            rule = event["RRULE"]
            assert rule["FREQ"] == ["WEEKLY"] and rule["BYDAY"] == ["TU", "TH"], rule
            start = event.decoded("DTSTART")
            assert (start.hour, start.minute) == (19, 15), start
            assert start.weekday() in (1, 3), start
            assert event.decoded("DURATION").total_seconds() == 720
            assert len(event.walk("VALARM")) == 1
            print("ok", event["SUMMARY"])
            """
        let (status, output) = try python(script, scratch.path("r.ics"))
        #expect(status == 0, "\(output)")
        #expect(output.hasPrefix("ok Knotwork: 12-minute self-massage"))
    }
}
