import Foundation
import KnotworkCore
import KnotworkJournal
import Testing

/// A journal read a page, a record or a digest at a time gives what the whole-journal readers
/// and writers give: the bounded-memory paths change how, never what.
@Suite("Big journals: pages, digests and streams")
struct BigJournalTests {
    /// A journal with sessions on one second (ties broken by id), ratings and screenings: the
    /// store contract's.
    private func filled() async throws -> TemporaryJournal {
        let journal = try TemporaryJournal()
        try await JournalStoreContractTests.fill(journal.store, owner: .local)
        return journal
    }

    private func streamed(_ store: any JournalStore, _ format: ExportFormat, pageSize: Int) async throws -> String {
        var export = JournalExport(store: store, owner: .local, format: format, now: november(20))
        export.pageSize = pageSize
        var text = ""
        try await export.write { text += $0 }
        return text
    }

    @Test("every export written a page at a time is, byte for byte, the whole-journal export", arguments: ExportFormat.allCases)
    func pagedExports(_ format: ExportFormat) async throws {
        for journal in [try await filled(), try TemporaryJournal()] {
            let backup = try await journal.store.backup(exportedAt: november(20), owner: .local)
            let whole: String
            switch format {
            case .csv: whole = CSVFormat.write(backup.sessions)
            case .json: whole = String(decoding: try JournalBackup.encoder().encode(backup), as: UTF8.self)
            case .fhir: whole = String(decoding: try FHIRExport.bundle(backup), as: UTF8.self)
            case .ics: whole = ICalendar.sessions(backup.sessions, now: november(20))
            }
            for pageSize in [1, 2, 5, 500] {
                #expect(try await streamed(journal.store, format, pageSize: pageSize) == whole, "\(format) in pages of \(pageSize)")
            }
        }
    }

    @Test("a long span is charted by day, week or month, never by more than the chart's points")
    func chartGrouping() {
        func digest(count: Int, every seconds: Double) -> HistoryDigest {
            var digest = HistoryDigest(timeZone: TimeZone(identifier: "Europe/Berlin")!)
            for index in 0..<count {
                digest.add(startedAt: november(1).addingTimeInterval(Double(index) * seconds), painBefore: 6 - index % 3, painAfter: 2)
            }
            return digest
        }
        #expect(digest(count: 200, every: 86_400).chart.grouping == .session)
        let hourly = digest(count: 2_000, every: 3_600).chart
        #expect(hourly.grouping == .day)
        #expect(hourly.points.count == 84)
        #expect(hourly.points.map(\.sessions).reduce(0, +) == 2_000)
        #expect(digest(count: 1_000, every: 86_400).chart.grouping == .week)
        let years = digest(count: 4_000, every: 86_400).chart
        #expect(years.grouping == .month)
        #expect(years.points.count <= HistoryDigest.chartPoints)
        #expect(years.points.allSatisfy { $0.before! >= 4.9 && $0.before! <= 5.1 && $0.after == 2 })
        // Points are local days: 23:30 in Berlin is the day after in UTC.
        var late = HistoryDigest(timeZone: TimeZone(identifier: "Europe/Berlin")!)
        for half in 0..<300 {
            late.add(
                startedAt: november(1, 23).addingTimeInterval(Double(half / 2) * 86_400 + Double(half % 2) * 1_800), painBefore: 5,
                painAfter: 1)
        }
        #expect(late.chart.grouping == .day)
        let days = late.chart.points
        #expect(days.count == 150)
        let calendar = {
            var c = Calendar(identifier: .gregorian)
            c.timeZone = TimeZone(identifier: "Europe/Berlin")!
            return c
        }()
        #expect(calendar.component(.hour, from: days[0].at) == 0)
        #expect(calendar.component(.day, from: days[0].at) == 2)
        let svg = SVGChart(digest: late, title: "t", phrases: catalog.phrases).render()
        #expect(svg.contains("mean of a day's sessions"))
        #expect(svg.components(separatedBy: "<circle").count - 1 == 2 * days.count)
    }

    @Test("an import file is read a record at a time across chunk boundaries, JSON and CSV alike, and restored whole")
    func streamedImport() async throws {
        let validator = RecordValidator(catalog: catalog, now: november(20))
        // Enough sessions that the file spans several of the reader's 1 MB chunks.
        let sessions = (0..<6_000).map { index in
            var record = session(day: 1 + index % 18, note: index % 7 == 0 ? "note \(index), with \"quotes\"\nand a line" : "n\(index)")
            record.startedAt = record.startedAt.addingTimeInterval(Double(index))
            return record
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("knotwork-import-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let json = folder.appendingPathComponent("backup.json")
        let csv = folder.appendingPathComponent("export.csv")
        let backup = JournalBackup(
            exportedAt: november(20), sessions: sessions, painRatings: [PainRating(at: november(2), timeZone: "UTC", pain: 4)])
        try JournalBackup.encoder().encode(backup).write(to: json)
        try Data(CSVFormat.write(sessions).utf8).write(to: csv)
        #expect(try FileManager.default.attributesOfItem(atPath: json.path)[.size] as! Int > 2 << 20)

        for (file, format) in [(json, RecordValidator.FileFormat.json), (csv, .csv)] {
            #expect(try RecordValidator.format(ofFile: file.path) == format)
            let journal = try TemporaryJournal()
            let counts = try await journal.store.restore(owner: .local) { add in try validator.readFile(file.path, as: format, each: add) }
            #expect(counts.added == sessions.count + (format == .json ? 1 : 0))
            let read = try await journal.store.sessions(SessionQuery(), owner: .local)
            #expect(read.count == sessions.count)
            #expect(read.map(\.note) == sessions.sorted { $0.startedAt < $1.startedAt }.map(\.note), "\(format)")
        }

        // A conflict early on stops the reading ahead and undoes what was written.
        let known = try TemporaryJournal()
        var changed = sessions.sorted { $0.startedAt < $1.startedAt }[5]
        changed.painAfter = 0
        try await known.store.add(changed, owner: .local)
        await #expect(throws: JournalError.self) {
            _ = try await known.store.restore(owner: .local) { add in try validator.readFile(csv.path, as: .csv, each: add) }
        }
        #expect(try await known.store.sessions(SessionQuery(), owner: .local).count == 1)

        // A bad record near the end undoes everything read before it.
        var text = try String(contentsOf: csv, encoding: .utf8)
        text += "\(UUID().uuidString),2026-11-02T08:00:00Z,UTC,,outer-hip,,11,2,,0,0,0,0,0,log,\r\n"
        try Data(text.utf8).write(to: csv)
        let journal = try TemporaryJournal()
        await #expect(throws: ImportError(location: "row \(sessions.count + 2)", field: "painBefore", problem: "11 is outside 0–10")) {
            _ = try await journal.store.restore(owner: .local) { add in try validator.readFile(csv.path, as: .csv, each: add) }
        }
        #expect(try await journal.store.sessions(SessionQuery(), owner: .local).isEmpty)
    }

    @Test(
        "a JSON backup's grammar is checked around its records too",
        arguments: [
            ("{\"schema\": \"knotwork.journal/1\", \"exportedAt\": \"2026-11-20T00:00:00Z\", \"sessions\": [] \"x\": 1}", "line 1, column"),
            ("{\"schema\": \"knotwork.journal/1\", \"schema\": \"knotwork.journal/1\"}", "the key 'schema' is given twice"),
            ("{\"exportedAt\": \"2026-11-20T00:00:00Z\", \"sessions\": []}", "file, field 'schema': is missing"),
            (
                "{\"schema\": \"knotwork.journal/1\", \"exportedAt\": \"2026-11-20T00:00:00Z\", \"sessions\": {}}",
                "file, field 'sessions': expected a list"
            ),
            ("{\"schema\": \"knotwork.journal/1\", \"exportedAt\": \"2026-11-20T00:00:00Z\", \"sessions\": [}", "line 1, column"),
            (
                "{\"schema\": \"knotwork.journal/1\",\n \"exportedAt\": \"2026-11-20T00:00:00Z\"} trailing",
                "line 2, column 40: unexpected text"
            ),
        ])
    func grammar(_ text: String, _ expected: String) {
        do {
            _ = try RecordValidator(catalog: catalog, now: november(20)).readBackup(Data(text.utf8))
            Issue.record("expected an error for \(text)")
        } catch {
            #expect(error.description.hasPrefix(expected) || error.description.contains(expected), "\(error)")
        }
    }
}
