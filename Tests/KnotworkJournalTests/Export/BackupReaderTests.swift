import Foundation
import KnotworkJournal
import Testing

@Suite("JSON backups: a bad record is refused by record, part and field; a repeated key by line and column")
struct BackupReaderTests {
    let validator = RecordValidator(catalog: catalog, now: .distantFuture)

    static let step = #"{"number": 1, "technique": "foam-roll", "plannedSeconds": 60, "actualSeconds": 60, "outcome": "done"}"#
    static let session =
        #"{"id": "6a1b2c3d-0000-4000-8000-000000000001", "startedAt": "2026-11-01T08:00:00Z", "timeZone": "UTC", "regions": ["outer-hip"], "#
        + #""painBefore": 6, "painAfter": 3, "pressureSeconds": 60, "steps": [STEP], "source": "coach"}"#

    /// A backup with one session, one pain rating and one screening, each edited by `edit`.
    static func document(_ edit: (String) -> String) -> Data {
        let rating =
            #"{"id": "6a1b2c3d-0000-4000-8000-000000000002", "at": "2026-11-01T09:00:00Z", "timeZone": "UTC", "pain": 2, "side": "left"}"#
        let screening =
            #"{"id": "6a1b2c3d-0000-4000-8000-000000000003", "at": "2026-11-01T07:00:00Z", "timeZone": "UTC", "kind": "full", "verdict": "clear", "answers": {}}"#
        let text = """
            {"schema": "knotwork.journal/1", "exportedAt": "2026-11-20T00:00:00Z",
             "sessions": [\(session.replacingOccurrences(of: "STEP", with: step))],
             "painRatings": [\(rating)],
             "screenings": [\(screening)]}
            """
        return Data(edit(text).utf8)
    }

    @Test("the fixture itself is read whole")
    func fixture() throws {
        let backup = try validator.readBackup(Self.document { $0 })
        #expect(backup.sessions.first?.steps.first?.technique == .foamRoll)
        #expect(backup.painRatings.first?.side == .left)
        #expect(backup.screenings.first?.verdict == .clear)
    }

    @Test(
        "a bad value is named by its record, its part and its field",
        arguments: [
            (
                #""technique": "foam-roll""#, #""technique": "knead""#,
                "sessions[0].steps[0], field 'technique': 'knead' is not one of warm-up, hydrate, foam-roll"
            ),
            (
                #""outcome": "done""#, #""outcome": "maybe""#,
                "sessions[0].steps[0], field 'outcome': 'maybe' is not one of done, eased, skipped, stopped"
            ),
            (#""actualSeconds": 60"#, #""actualSeconds": "60""#, "sessions[0].steps[0], field 'actualSeconds': expected a whole number"),
            (#"["outer-hip"]"#, "[5]", "sessions[0], field 'regions': expected a list of strings"),
            (#""regions": ["outer-hip"]"#, #""regions": "outer-hip""#, "sessions[0], field 'regions': expected a list"),
            (#""painBefore": 6"#, #""painBefore": 6.5"#, "sessions[0], field 'painBefore': expected a whole number"),
            (#""pressureSeconds": 60"#, #""pressureSeconds": null"#, "sessions[0], field 'pressureSeconds': is missing"),
            (#""steps": [{"#, #""steps": [5, {"#, "sessions[0].steps[0]: expected an object"),
            (#""sessions": ["#, #""sessions": [5, "#, "sessions[0]: expected an object"),
            ("6a1b2c3d-0000-4000-8000-000000000001", "6a1b2c3d", "sessions[0], field 'id': '6a1b2c3d' is not a UUID"),
            (
                #""pain": 2, "side": "left""#, #""pain": 2, "side": "up""#,
                "painRatings[0], field 'side': 'up' is not one of left, right, both"
            ),
            (#""answers": {}"#, #""answers": {"rf-cauda": "no"}"#, "screenings[0], field 'answers.rf-cauda': expected true or false"),
            (
                #""verdict": "clear""#, #""verdict": "fine""#,
                "screenings[0], field 'verdict': 'fine' is not one of clear, precautions, stop"
            ),
            (
                #""at": "2026-11-01T07:00:00Z""#, #""at": "2026-11-01T07:99:00Z""#,
                "screenings[0], field 'at': '2026-11-01T07:99:00Z' is not an ISO 8601 time"
            ),
            (#""exportedAt": "2026-11-20T00:00:00Z""#, #""exportedAt": 20"#, "file, field 'exportedAt': expected a string"),
        ])
    func badValue(_ old: String, _ new: String, _ expected: String) {
        do {
            _ = try validator.readBackup(Self.document { $0.replacingOccurrences(of: old, with: new) })
            Issue.record("expected an error for \(new)")
        } catch {
            #expect(error.description.hasPrefix(expected), "\(error)")
        }
    }

    @Test(
        "a key given twice in a record is refused (JSONDecoder would keep one of the two)",
        arguments: [
            (#""painBefore": 6"#, #""painBefore": 6, "painBefore": 2"#, "painBefore"),
            (#""painBefore": 6"#, #""painBefore": 6, "pain\u0042efore": 2"#, "painBefore"),
            (#""outcome": "done""#, #""outcome": "done", "outcome": "eased""#, "outcome"),
            (#""pain": 2"#, #""pain": 2, "pain": 3"#, "pain"),
        ])
    func repeatedKey(_ old: String, _ new: String, _ key: String) {
        do {
            _ = try validator.readBackup(Self.document { $0.replacingOccurrences(of: old, with: new) })
            Issue.record("expected an error for \(new)")
        } catch {
            #expect(error.location.hasPrefix("line "), "\(error)")
            #expect(error.problem == "key '\(key)' appears twice in one object", "\(error)")
        }
    }

    @Test("the same key in different objects of a record is no repeat, nor is an escaped key that differs")
    func sameKeyElsewhere() throws {
        let two = Self.document {
            $0.replacingOccurrences(
                of: "[" + Self.step + "]",
                with: "[\(Self.step), \(Self.step.replacingOccurrences(of: "\"number\": 1", with: "\"number\": 2"))]"
            )
            .replacingOccurrences(of: #""painAfter": 3"#, with: #""painAfter": 3, "n\u006fte": "kept", "nota": 1"#)
        }
        let session = try #require(try validator.readBackup(two).sessions.first)
        #expect(session.steps.map(\.number) == [1, 2])
        #expect(session.note == "kept")
    }

    @Test("a syntax error inside a record names its line and column in the file")
    func syntaxInRecord() {
        do {
            _ = try validator.readBackup(Self.document { $0.replacingOccurrences(of: #""painAfter": 3"#, with: #""painAfter" 3"#) })
            Issue.record("expected an error")
        } catch {
            #expect(error.location.hasPrefix("line 2, column "), "\(error)")
        }
    }
}
