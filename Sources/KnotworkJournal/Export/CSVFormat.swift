import Foundation
import KnotworkCore
import KnotworkSession
import SwiftCSV

/// Sessions as CSV (RFC 4180): a header row, one row per session, CRLF line ends. Columns are
/// documented in `docs/journal-formats.md`. Reading uses SwiftCSV; writing is the few lines of
/// quoting RFC 4180 asks for.
public enum CSVFormat {
    /// The columns, in order. `pain_change` and the `steps_*` counts are derived and ignored on import.
    public static let columns = [
        "id", "started_at", "time_zone", "ended_at", "regions", "side", "pain_before", "pain_after", "pain_change",
        "pressure_seconds", "steps_done", "steps_eased", "steps_skipped", "steps_stopped", "source", "note",
    ]

    /// The CSV text for these sessions.
    public static func write(_ sessions: [SessionRecord]) -> String {
        headerRow + sessions.map(row).joined()
    }

    /// The header row, CRLF included.
    static var headerRow: String { row(columns) }

    /// One session's row, CRLF included.
    static func row(_ session: SessionRecord) -> String {
        func count(_ outcome: StepOutcome.Outcome) -> String { String(session.steps.filter { $0.outcome == outcome }.count) }
        return row([
            session.id.lowercased, Timestamp.utc(session.startedAt), session.timeZone,
            session.endedAt.map(Timestamp.utc) ?? "", session.regions.joined(separator: ";"), session.side?.rawValue ?? "",
            session.painBefore.map(String.init) ?? "", session.painAfter.map(String.init) ?? "",
            session.painDrop.map { String(-$0) } ?? "", String(session.pressureSeconds), count(.done), count(.eased),
            count(.skipped), count(.stopped), session.source.rawValue, session.note.map(guardedNote) ?? "",
        ])
    }

    /// A note as a spreadsheet will not run it (OWASP's CSV-injection rule): one that begins
    /// with `=`, `+`, `-`, `@`, a tab or a carriage return, or with the guard `'` itself, gets a
    /// leading `'`, which ``unguardedNote(_:)`` takes off again on import.
    static func guardedNote(_ note: String) -> String {
        guard let first = note.unicodeScalars.first, "=+-@\t\r'".unicodeScalars.contains(first) else { return note }
        return "'" + note
    }

    /// A note as it was before ``guardedNote(_:)``.
    static func unguardedNote(_ field: String) -> String {
        field.hasPrefix("'") ? String(field.dropFirst()) : field
    }

    private static func row(_ fields: [String]) -> String {
        fields.map(quoted).joined(separator: ",") + "\r\n"
    }

    private static func quoted(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" }) else {
            return field
        }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Reads sessions back from CSV written by ``write(_:)``.
    /// - Throws: ``ImportError`` naming the row and column at fault.
    public static func read(_ text: String, validator: RecordValidator) throws(ImportError) -> [SessionRecord] {
        var sessions: [SessionRecord] = []
        do {
            try read(MemoryChunks(data: Data(text.utf8)), validator: validator) { sessions.append($0) }
        } catch let error as ImportError {
            throw error
        } catch {
            throw ImportError(location: "file", field: nil, problem: "\(error)")
        }
        return sessions
    }

    /// Records parsed at a time.
    static let batchSize = 2_000

    /// Reads sessions a batch of rows at a time, handing each to `each` in file order: a file
    /// of any size is read in a fixed amount of memory. Rows are cut where a line ends outside
    /// quotes, and each batch is parsed by SwiftCSV under the header.
    static func read(_ chunks: some ByteChunks, validator: RecordValidator, each: (SessionRecord) throws -> Void) throws {
        var chunks = chunks
        var header: String?
        var pending: [UInt8] = []
        var rows = 0
        var pendingRows = 0
        var line = 1
        var openedAt = 0
        var quoted = false

        func flush() throws {
            guard let header, !pending.isEmpty else { return }
            guard let text = String(validating: pending, as: UTF8.self) else {
                throw ImportError(location: "row \(rows + 2)", field: nil, problem: "is not UTF-8 text")
            }
            let csv: EnumeratedCSV
            do {
                csv = try EnumeratedCSV(string: header + text, delimiter: .comma, loadColumns: false)
            } catch {
                throw ImportError(location: "row \(rows + 2)", field: nil, problem: "is not valid CSV: \(error)")
            }
            for fields in csv.rows {
                try each(try session(fields, location: "row \(rows + 2)", validator: validator))
                rows += 1
            }
            pending.removeAll(keepingCapacity: true)
            pendingRows = 0
        }

        func endOfRecord() throws {
            guard header != nil else {
                guard let text = String(validating: pending, as: UTF8.self) else {
                    throw ImportError(location: "header row", field: nil, problem: "is not UTF-8 text")
                }
                try checkHeader(text)
                header = text
                pending.removeAll(keepingCapacity: true)
                return
            }
            pendingRows += 1
            if pendingRows >= batchSize { try flush() }
        }

        while let chunk = try chunks.next() {
            for byte in chunk {
                pending.append(byte)
                if byte == UInt8(ascii: "\"") {
                    quoted.toggle()
                    if quoted { openedAt = line }
                } else if byte == UInt8(ascii: "\n") {
                    line += 1
                    if !quoted { try endOfRecord() }
                }
            }
        }
        if quoted {
            throw ImportError(location: "line \(openedAt)", field: nil, problem: "a quoted field opened here is never closed")
        }
        if header == nil {
            try endOfRecord()
        } else {
            try flush()
        }
    }

    private static func checkHeader(_ line: String) throws(ImportError) {
        let header: [String]
        do {
            header = try EnumeratedCSV(string: line, delimiter: .comma, loadColumns: false).header
        } catch {
            throw ImportError(location: "header row", field: nil, problem: "is not valid CSV: \(error)")
        }
        guard header == columns else {
            let missing = columns.filter { !header.contains($0) }
            throw ImportError(
                location: "header row", field: nil,
                problem: missing.isEmpty
                    ? "columns must be, in order: \(columns.joined(separator: ","))"
                    : "missing column\(missing.count == 1 ? "" : "s") \(missing.joined(separator: ", "))")
        }
    }

    /// One row's session, checked.
    private static func session(_ fields: [String], location: String, validator: RecordValidator) throws(ImportError) -> SessionRecord {
        guard fields.count == columns.count else {
            throw ImportError(location: location, field: nil, problem: "has \(fields.count) fields; \(columns.count) expected")
        }
        var field: [String: String] = [:]
        for (name, value) in zip(columns, fields) { field[name] = value }
        func value(_ name: String) -> String? {
            let raw = field[name] ?? ""
            return raw.isEmpty ? nil : raw
        }
        func required(_ name: String) throws(ImportError) -> String {
            guard let raw = value(name) else { throw ImportError(location: location, field: name, problem: "is empty") }
            return raw
        }
        func date(_ name: String, _ raw: String) throws(ImportError) -> Date {
            guard let date = Timestamp.parseUTC(raw) else {
                throw ImportError(location: location, field: name, problem: "'\(raw)' is not a UTC time like 2026-11-20T07:30:00Z")
            }
            return date
        }
        func int(_ name: String) throws(ImportError) -> Int? {
            guard let raw = value(name) else { return nil }
            guard let number = Int(raw) else {
                throw ImportError(location: location, field: name, problem: "'\(raw)' is not a whole number")
            }
            return number
        }
        let idText = try required("id")
        guard let id = UUID(text: idText) else {
            throw ImportError(location: location, field: "id", problem: "'\(idText)' is not a UUID")
        }
        var side: Side?
        if let raw = value("side") {
            guard let parsed = Side(rawValue: raw) else {
                throw ImportError(location: location, field: "side", problem: "'\(raw)' is not one of left, right, both")
            }
            side = parsed
        }
        let sourceText = try required("source")
        guard let source = SessionRecord.Source(rawValue: sourceText) else {
            throw ImportError(location: location, field: "source", problem: "'\(sourceText)' is not one of log, coach")
        }
        let session = SessionRecord(
            id: id, startedAt: try date("started_at", try required("started_at")), timeZone: try required("time_zone"),
            endedAt: try value("ended_at").map { raw throws(ImportError) in try date("ended_at", raw) },
            regions: value("regions")?.split(separator: ";").map(String.init) ?? [], side: side,
            painBefore: try int("pain_before"), painAfter: try int("pain_after"),
            pressureSeconds: try int("pressure_seconds") ?? 0, note: value("note").map(unguardedNote), source: source)
        try validator.check(session, location: location)
        return session
    }
}
