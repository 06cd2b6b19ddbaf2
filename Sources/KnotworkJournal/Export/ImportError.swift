import Foundation
import KnotworkCore

/// Why an import file was refused as a whole, naming where in the file and which field.
public struct ImportError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Where: `row 4` for CSV, `sessions[3]` for JSON, `line 12, column 5` for JSON syntax.
    public let location: String
    public let field: String?
    public let problem: String

    public init(location: String, field: String?, problem: String) {
        self.location = location
        self.field = field
        self.problem = problem
    }

    public var description: String {
        "\(location)\(field.map { ", field '\($0)'" } ?? ""): \(problem)"
    }
}

/// Checks imported records against the catalog and the journal's rules before anything is written.
public struct RecordValidator: Sendable {
    public let catalog: Catalog
    /// Records from after this instant are refused by ``RecordTime``'s rule, as the API does.
    public let now: Date
    /// The longest note kept, as the API keeps it.
    public static let noteLimit = 2000

    public init(catalog: Catalog, now: Date = Date()) {
        self.catalog = catalog
        self.now = now
    }

    private func checkTime(_ date: Date, field: String, location: @autoclosure () -> String) throws(ImportError) {
        do {
            try RecordTime.check(date, now: now, field: field, as: Timestamp.utc(date))
        } catch {
            throw ImportError(location: location(), field: field, problem: error.problem)
        }
    }

    private func checkNote(_ note: String?, location: @autoclosure () -> String) throws(ImportError) {
        if let problem = NoteText.problem(note) {
            throw ImportError(location: location(), field: "note", problem: problem)
        }
        if let note, note.count > Self.noteLimit {
            throw ImportError(
                location: location(), field: "note", problem: "is \(note.count) characters; at most \(Self.noteLimit) are kept")
        }
    }

    func check(_ session: SessionRecord, location: @autoclosure () -> String) throws(ImportError) {
        try checkZone(session.timeZone, location: location())
        for pain in [("painBefore", session.painBefore), ("painAfter", session.painAfter)] {
            if let value = pain.1, !(0...10).contains(value) {
                throw ImportError(location: location(), field: pain.0, problem: "\(value) is outside 0–10")
            }
        }
        for region in session.regions where catalog.region(region) == nil {
            throw ImportError(
                location: location(), field: "regions",
                problem: "unknown region '\(region)'; \(Suggestion.hint(for: region, in: catalog.regions.map(\.id)))")
        }
        guard session.pressureSeconds >= 0 else {
            throw ImportError(location: location(), field: "pressureSeconds", problem: "must not be negative")
        }
        if let ended = session.endedAt, ended < session.startedAt {
            throw ImportError(location: location(), field: "endedAt", problem: "is before startedAt")
        }
        try checkNote(session.note, location: location())
        try checkTime(session.startedAt, field: "startedAt", location: location())
    }

    func check(_ rating: PainRating, location: @autoclosure () -> String) throws(ImportError) {
        try checkZone(rating.timeZone, location: location())
        guard (0...10).contains(rating.pain) else {
            throw ImportError(location: location(), field: "pain", problem: "\(rating.pain) is outside 0–10")
        }
        try checkNote(rating.note, location: location())
        try checkTime(rating.at, field: "at", location: location())
        if let region = rating.region, catalog.region(region) == nil {
            throw ImportError(location: location(), field: "region", problem: "unknown region '\(region)'")
        }
    }

    func check(_ screening: ScreeningRecord, location: @autoclosure () -> String) throws(ImportError) {
        try checkZone(screening.timeZone, location: location())
        let known = catalog.screening.questionIDs + catalog.screening.retiredQuestions
        for id in screening.answers.keys.sorted() where !known.contains(id) {
            throw ImportError(location: location(), field: "answers", problem: "unknown question '\(id)'")
        }
    }

    /// The zone database's names, looked up once: asking Foundation for each record's zone
    /// would dominate a large import.
    private static let knownZones = Set(TimeZone.knownTimeZoneIdentifiers)

    private func checkZone(_ zone: String, location: @autoclosure () -> String) throws(ImportError) {
        guard Self.knownZones.contains(zone) || TimeZone(identifier: zone) != nil else {
            throw ImportError(location: location(), field: "timeZone", problem: "'\(zone)' is not a known time zone")
        }
    }

    /// Reads and checks a JSON backup held in memory.
    /// - Throws: ``ImportError`` naming the record and field (`sessions[3]`, `painBefore`), or
    ///   the line and column of a syntax error.
    public func readBackup(_ data: Data) throws(ImportError) -> JournalBackup {
        var backup = JournalBackup(exportedAt: Date(), sessions: [])
        let exportedAt = try Self.importing {
            try BackupReader(validator: self).read(MemoryChunks(data: data)) { entry in
                switch entry {
                case .session(let session): backup.sessions.append(session)
                case .painRating(let rating): backup.painRatings.append(rating)
                case .screening(let screening): backup.screenings.append(screening)
                }
            }
        }
        backup.exportedAt = exportedAt
        return backup
    }

    /// What an import file is: a JSON backup or a CSV export.
    public enum FileFormat: Sendable {
        case json, csv
    }

    /// Whether a file is a JSON backup or a CSV export, told by its first byte that is not
    /// space or a byte order mark.
    public static func format(ofFile path: String) throws(ImportError) -> FileFormat {
        let handle = try open(path)
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 4096)) ?? Data()
        let lead = head.first { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 || $0 == 0xEF || $0 == 0xBB || $0 == 0xBF) }
        return lead == UInt8(ascii: "{") ? .json : .csv
    }

    /// Reads and checks an import file a record at a time, in a fixed amount of memory whatever
    /// its size, handing each record to `each` in file order. The file is read and checked on a
    /// thread of its own, a few hundred records ahead of `each`. `each` may throw to stop the
    /// reading.
    /// - Throws: ``ImportError`` for the first bad record, naming it and its field, once every
    ///   record before it has been handed over.
    public func readFile(_ path: String, as format: FileFormat, each: (JournalEntry) throws -> Void) throws {
        let handle = try Self.open(path)
        defer { try? handle.close() }
        try ReadAhead.run(
            produce: { [self] yield in
                let chunks = FileChunks(handle: handle, path: path)
                switch format {
                case .json: _ = try BackupReader(validator: self).read(chunks, each: yield)
                case .csv: try CSVFormat.read(chunks, validator: self) { try yield(.session($0)) }
                }
            }, consume: each)
    }

    private static func open(_ path: String) throws(ImportError) -> FileHandle {
        do {
            return try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        } catch {
            throw ImportError(location: "file", field: nil, problem: "cannot be read (\((error as NSError).localizedDescription))")
        }
    }

    /// Runs a read whose only errors are import errors.
    private static func importing<T>(_ body: () throws -> T) throws(ImportError) -> T {
        do {
            return try body()
        } catch let error as ImportError {
            throw error
        } catch {
            throw ImportError(location: "file", field: nil, problem: "\(error)")
        }
    }
}
