import Foundation
import KnotworkJournal
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

@Suite("knotwork log, history, export, import, remind (the real binary)")
struct JournalCommandTests {
    /// Logs the sessions of a fortnight that is going well.
    func logFortnight(_ db: String) async throws {
        let sessions = [
            ("2026-11-01T07:30", 7, 4), ("2026-11-04T07:30", 6, 4), ("2026-11-08T18:00", 6, 3), ("2026-11-11T18:00", 5, 2),
            ("2026-11-14T07:00", 4, 2),
        ]
        for (index, (at, before, after)) in sessions.enumerated() {
            let run = try await Binary.run(
                [
                    "log", "--db", db, "--pain-before", "\(before)", "--pain-after", "\(after)", "--at", at, "--where", "outer-hip",
                    "--side", "left", "--note", index == 1 ? "stiff after driving, \"better\" later" : "",
                ], environment: ["TZ": "Europe/Berlin"])
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.stdout.hasPrefix("Logged "))
        }
    }

    @Test("log then history: the table, the numbers and the verdict")
    func logAndHistory() async throws {
        let scratch = try Scratch()
        let db = scratch.path("journal.sqlite")
        try await logFortnight(db)
        let run = try await Binary.run(["history", "--db", db, "--since", "all"], environment: ["TZ": "Europe/Berlin"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("1 Nov 2026 07:30   outer-hip  left  7       4      -3"))
        #expect(run.stdout.contains("5 sessions, 5 rated before and after; average change -2.6 points"))
        #expect(run.stdout.contains("Helping: pain drops 2.6 points"))
        #expect(!run.stdout.contains("▁"), "no sparkline when standard output is not a terminal")

        let json = try await Binary.run(
            ["history", "--db", db, "--from", "2026-11-04", "--to", "2026-11-08", "--json"], environment: ["TZ": "Europe/Berlin"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect((object["sessions"] as? [Any])?.count == 2)
        #expect((object["summary"] as? [String: Any])?["verdict"] as? String == "too-little-data")
    }

    @Test("history --chart writes an SVG chart")
    func chart() async throws {
        let scratch = try Scratch()
        let db = scratch.path("journal.sqlite")
        try await logFortnight(db)
        let run = try await Binary.run(["history", "--db", db, "--since", "all", "--chart", scratch.path("pain.svg")])
        #expect(run.status == 0)
        let svg = try scratch.read("pain.svg")
        #expect(XMLParser(data: Data(svg.utf8)).parse())
        #expect(svg.contains("<polyline"))
    }

    struct BadLog: Sendable, CustomTestStringConvertible {
        let arguments: [String]
        let needle: String
        var testDescription: String { needle }
    }

    static let badLogs: [BadLog] = [
        BadLog(arguments: ["--pain-before", "11", "--pain-after", "3"], needle: "'--pain-before <0-10>': '11' is not a pain score"),
        BadLog(arguments: ["--pain-before", "5", "--pain-after=-1"], needle: "'--pain-after <0-10>': '-1' is not a pain score"),
        BadLog(arguments: ["--pain-before", "5", "--pain-after", "3", "--where", "outer-hp"], needle: "did you mean 'outer-hip'?"),
        BadLog(arguments: ["--pain-before", "5", "--pain-after", "3", "--side", "middle"], needle: "unknown side 'middle'"),
        BadLog(arguments: ["--pain-before", "5", "--pain-after", "3", "--at", "2099-01-01T08:00"], needle: "is in the future"),
        BadLog(arguments: ["--pain-before", "5", "--pain-after", "3", "--at", "2026-02-30"], needle: "is not a real date"),
        BadLog(arguments: ["--pain-before", "5", "--pain-after", "3", "--at", "soon"], needle: "like 2026-11-20T07:30"),
        BadLog(arguments: ["--pain-before", "5"], needle: "--pain-after: a session needs both --pain-before and --pain-after"),
        BadLog(arguments: ["--pain", "4", "--pain-before", "5"], needle: "give either --pain"),
        BadLog(arguments: ["--pain", "12"], needle: "'--pain <0-10>': '12' is not a pain score"),
    ]

    @Test("a bad log exits 64 with one line and writes nothing", arguments: badLogs)
    func badLog(_ bad: BadLog) async throws {
        let scratch = try Scratch()
        let run = try await Binary.run(["log", "--db", scratch.path("journal.sqlite")] + bad.arguments)
        #expect(run.status == 64)
        #expect(run.stderr.split(separator: "\n").count == 1)
        #expect(run.stderr.contains(bad.needle), "\(run.stderr)")
        #expect(!scratch.exists("journal.sqlite"), "nothing is written on a usage error")
    }

    @Test("--pain records a rating on its own, which the JSON and FHIR exports carry")
    func rating() async throws {
        let scratch = try Scratch()
        let db = scratch.path("journal.sqlite")
        let run = try await Binary.run(["log", "--db", db, "--pain", "4", "--where", "low-back", "--at", "2026-11-20T07:30"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("pain 4 (a rating on its own)"))
        #expect(try await Binary.run(["export", "--db", db, "--format", "json", "--output", scratch.path("b.json")]).status == 0)
        let backup = try JournalBackup.decoder().decode(JournalBackup.self, from: Data(scratch.read("b.json").utf8))
        #expect(backup.sessions.isEmpty)
        #expect(backup.painRatings.map(\.pain) == [4])
        #expect(backup.painRatings.first?.region == "low-back")
    }

    @Test("the journal lives under XDG_DATA_HOME unless --db or KNOTWORK_DB says otherwise")
    func location() async throws {
        let scratch = try Scratch()
        let arguments = ["log", "--pain-before", "4", "--pain-after", "2"]
        #expect(try await Binary.run(arguments, environment: ["XDG_DATA_HOME": scratch.path("xdg")]).status == 0)
        #expect(scratch.exists("xdg/knotwork/journal.sqlite"))
        #expect(
            try await Binary.run(arguments, environment: ["XDG_DATA_HOME": scratch.path("xdg"), "KNOTWORK_DB": scratch.path("env.sqlite")])
                .status == 0)
        #expect(scratch.exists("env.sqlite"))
        #expect(try await Binary.run(arguments, environment: ["HOME": scratch.path("home"), "XDG_DATA_HOME": ""]).status == 0)
        #expect(scratch.exists("home/.local/share/knotwork/journal.sqlite"))
    }

    @Test("export all four formats, then import the JSON into an empty journal with nothing lost, twice")
    func exportImport() async throws {
        let scratch = try Scratch()
        let db = scratch.path("journal.sqlite")
        try await logFortnight(db)
        for format in ["csv", "json", "fhir", "ics"] {
            let run = try await Binary.run(["export", "--db", db, "--format", format, "--output", scratch.path("out.\(format)")])
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.stderr.contains("Exported 5 sessions as \(format)"))
        }
        #expect(try scratch.read("out.csv").components(separatedBy: "\r\n").count == 7)
        #expect(try scratch.read("out.ics").components(separatedBy: "BEGIN:VEVENT").count == 6)

        let fresh = scratch.path("fresh.sqlite")
        let first = try await Binary.run(["import", "--db", fresh, scratch.path("out.json")])
        #expect(first.stdout.contains("5 added, 0 already in the journal"))
        let second = try await Binary.run(["import", "--db", fresh, scratch.path("out.json")])
        #expect(second.stdout.contains("0 added, 5 already in the journal"))
        #expect(try await Binary.run(["export", "--db", fresh, "--format", "json", "--output", scratch.path("again.json")]).status == 0)
        let original = try JournalBackup.decoder().decode(JournalBackup.self, from: Data(scratch.read("out.json").utf8))
        let again = try JournalBackup.decoder().decode(JournalBackup.self, from: Data(scratch.read("again.json").utf8))
        #expect(again.sessions == original.sessions)

        let csvDB = scratch.path("csv.sqlite")
        #expect(try await Binary.run(["import", "--db", csvDB, scratch.path("out.csv")]).stdout.contains("5 added"))
        #expect(try await Binary.run(["export", "--db", csvDB, "--format", "csv", "--output", scratch.path("again.csv")]).status == 0)
        #expect(try scratch.read("again.csv") == scratch.read("out.csv"))
    }

    @Test("an export to a pipe or a device writes into it and never replaces it; a file is written whole, with nothing left beside it")
    func exportToPipe() async throws {
        let scratch = try Scratch()
        let db = scratch.path("journal.sqlite")
        try await logFortnight(db)
        let fifo = scratch.path("pipe")
        #expect(mkfifo(fifo, 0o600) == 0)
        let reader = Process()
        reader.executableURL = URL(fileURLWithPath: "/bin/sh")
        reader.arguments = ["-c", "cat \"$0\" > \"$1\"", fifo, scratch.path("received.csv")]
        try reader.run()
        let run = try await Binary.run(["export", "--db", db, "--format", "csv", "--output", fifo])
        reader.waitUntilExit()
        #expect(run.status == 0, "\(run.stderr)")
        var info = stat()
        #expect(stat(fifo, &info) == 0 && (info.st_mode & S_IFMT) == S_IFIFO, "the pipe is still a pipe")
        #expect(try scratch.read("received.csv").components(separatedBy: "\r\n").count == 7)
        #expect(try await Binary.run(["export", "--db", db, "--format", "json", "--output", scratch.path("b.json")]).status == 0)
        let left = try FileManager.default.contentsOfDirectory(atPath: scratch.url.path).filter { $0.hasSuffix(".partial") }
        #expect(left.isEmpty)
    }

    @Test("an import with a known id and other content is a conflict naming the CSV row; nothing is imported")
    func importConflict() async throws {
        let scratch = try Scratch()
        let db = scratch.path("j.sqlite")
        #expect(
            try await Binary.run(["log", "--db", db, "--pain-before", "6", "--pain-after", "3", "--at", "2026-11-01T07:30"]).status == 0)
        #expect(try await Binary.run(["export", "--db", db, "--format", "csv", "--output", scratch.path("out.csv")]).status == 0)
        let text = try scratch.read("out.csv")
        var lines = text.components(separatedBy: "\r\n")
        lines[1] = lines[1].replacingOccurrences(of: ",6,3,-3,", with: ",6,1,-5,")
        try lines.joined(separator: "\r\n").write(toFile: scratch.path("changed.csv"), atomically: true, encoding: .utf8)
        let run = try await Binary.run(["import", "--db", db, scratch.path("changed.csv")])
        #expect(run.status == 65)
        #expect(run.stderr.contains("row 2 has id"), "\(run.stderr)")
        let history = try await Binary.run(["export", "--db", db, "--format", "csv", "--output", "-"])
        #expect(history.stdout.contains(",6,3,-3,"), "the journal is unchanged")
    }

    @Test("a malformed import is refused whole, exit 65, naming the row and field; the journal is unchanged")
    func malformedImport() async throws {
        let scratch = try Scratch()
        let db = scratch.path("journal.sqlite")
        try await logFortnight(db)
        #expect(try await Binary.run(["export", "--db", db, "--format", "csv", "--output", scratch.path("out.csv")]).status == 0)
        var lines = try scratch.read("out.csv").components(separatedBy: "\r\n")
        // New ids for every row, so each would be added, and a bad pain score in the fourth row.
        lines = lines.enumerated().map { index, line in
            guard index > 0, !line.isEmpty else { return line }
            let fields = line.split(separator: ",", maxSplits: 1).map(String.init)
            var rest = fields[1]
            if index == 3 { rest = rest.replacingOccurrences(of: ",left,6,3,", with: ",left,16,3,") }
            return UUID().uuidString.lowercased() + "," + rest
        }
        try lines.joined(separator: "\r\n").write(toFile: scratch.path("bad.csv"), atomically: true, encoding: .utf8)
        let run = try await Binary.run(["import", "--db", db, scratch.path("bad.csv")])
        #expect(run.status == 65)
        #expect(run.stderr.contains("bad.csv: row 4, field 'painBefore': 16 is outside 0–10"), "\(run.stderr)")
        let history = try await Binary.run(["history", "--db", db, "--since", "all", "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(history.stdout.utf8)) as? [String: Any])
        #expect((object["sessions"] as? [Any])?.count == 5)

        try "{ \"schema\": \"knotwork.journal/1\", ".write(toFile: scratch.path("cut.json"), atomically: true, encoding: .utf8)
        let cut = try await Binary.run(["import", "--db", db, scratch.path("cut.json")])
        #expect(cut.status == 65)
        #expect(cut.stderr.hasPrefix("knotwork: \(scratch.path("cut.json")): "))
        let missing = try await Binary.run(["import", "--db", db, scratch.path("nope.json")])
        #expect(missing.status == 65)
        #expect(missing.stderr.contains("cannot be read"))
    }

    @Test("remind writes a weekly calendar; bad days and times say what is valid")
    func remind() async throws {
        let scratch = try Scratch()
        let run = try await Binary.run(["remind", "--days", "mon,wed,fri", "--at", "07:30", "--output", scratch.path("r.ics")])
        #expect(run.status == 0, "\(run.stderr)")
        let text = try scratch.read("r.ics")
        #expect(text.contains("RRULE:FREQ=WEEKLY;BYDAY=MO,WE,FR\r\n"))
        let badDay = try await Binary.run(["remind", "--days", "mon,thr", "--at", "07:30", "--output", scratch.path("x.ics")])
        #expect(badDay.status == 64)
        #expect(badDay.stderr.contains("unknown day 'thr'; did you mean 'thu'?"))
        let badTime = try await Binary.run(["remind", "--days", "mon", "--at", "7.30", "--output", scratch.path("x.ics")])
        #expect(badTime.status == 64)
        #expect(badTime.stderr.contains("'7.30' is not a time like 07:30"))
        #expect(!scratch.exists("x.ics"))
    }
}
