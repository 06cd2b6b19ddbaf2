import Foundation
import KnotworkCore

/// The formats the journal exports to: the one list the command line and the API share.
public enum ExportFormat: String, CaseIterable, Sendable {
    case csv, json, fhir, ics

    /// One line of help for each.
    public var summary: String {
        switch self {
        case .csv: "one row per session, RFC 4180, columns in docs/journal-formats.md"
        case .json: "everything, lossless and versioned: the backup that 'knotwork import' reads"
        case .fhir: "a FHIR R4 Bundle of pain-severity Observations (LOINC 72514-3) for clinical systems"
        case .ics: "your sessions as calendar events (for reminders, see 'knotwork remind')"
        }
    }

    public var mediaType: String {
        switch self {
        case .csv: "text/csv; charset=utf-8"
        case .json: "application/json"
        case .fhir: "application/fhir+json"
        case .ics: "text/calendar; charset=utf-8"
        }
    }

    public var fileExtension: String { self == .fhir ? "fhir.json" : rawValue }

    /// The format a person named, or an error naming the ones there are.
    public static func named(_ name: String) throws(InputError) -> ExportFormat {
        guard let format = ExportFormat(rawValue: name) else {
            let names = allCases.map(\.rawValue)
            throw InputError(field: "format", value: name, problem: "unknown format '\(name)'; \(Suggestion.hint(for: name, in: names))")
        }
        return format
    }
}

/// An export written a page of records at a time, so that a journal of any size is exported in
/// a fixed amount of memory. The text is the same, byte for byte, as the whole-journal writers
/// (``CSVFormat/write(_:)``, the backup encoder, ``FHIRExport/bundle(_:)``,
/// ``ICalendar/sessions(_:now:)``) give for the same records. It holds one owner's records.
public struct JournalExport: Sendable {
    public let store: any JournalStore
    /// Whose records it holds.
    public let owner: AccountID
    public let format: ExportFormat
    public let now: Date
    /// Records read at a time.
    public var pageSize = 500

    public init(store: any JournalStore, owner: AccountID, format: ExportFormat, now: Date) {
        self.store = store
        self.owner = owner
        self.format = format
        self.now = now
    }

    /// Writes the export to `write`, piece by piece.
    /// - Returns: how many sessions it holds.
    @discardableResult
    public func write(_ write: (String) async throws -> Void) async throws -> Int {
        let json = PrettyJSON()
        switch format {
        case .csv:
            try await write(CSVFormat.headerRow)
            return try await eachSessionPage { page in try await write(page.map(CSVFormat.row).joined()) }
        case .ics:
            try await write(ICalendar.documentStart)
            let count = try await eachSessionPage { page in try await write(page.map { ICalendar.event($0, now: now) }.joined()) }
            try await write(ICalendar.documentEnd)
            return count
        case .json:
            let exportedAt = now.wholeSeconds
            try await write("{\n" + json.member("exportedAt", exportedAt) + ",\n")
            var list = json.list("painRatings")
            try await eachPage({ try await store.painRatings(after: $0, limit: pageSize, owner: owner) }, key: \.key) { page in
                try await write(try list.add(page))
            }
            try await write(list.close() + ",\n" + json.member("schema", JournalBackup.currentSchema) + ",\n")
            list = json.list("screenings")
            try await eachPage({ try await store.screenings(after: $0, limit: pageSize, owner: owner) }, key: \.key) { page in
                try await write(try list.add(page))
            }
            try await write(list.close() + ",\n")
            list = json.list("sessions")
            let count = try await eachSessionPage { page in try await write(try list.add(page)) }
            try await write(list.close() + "\n}")
            return count
        case .fhir:
            try await write("{\n")
            var list = json.list("entry")
            let count = try await eachSessionPage { page in try await write(try list.add(page.flatMap(FHIRExport.entries))) }
            try await eachPage({ try await store.painRatings(after: $0, limit: pageSize, owner: owner) }, key: \.key) { page in
                try await write(try list.add(page.map(FHIRExport.entry)))
            }
            let members = try FHIRExport.closingMembers(exportedAt: now).map { try json.member($0.0, $0.1) }
            try await write(list.close() + ",\n" + members.joined(separator: ",\n") + "\n}")
            return count
        }
    }

    /// Every session, oldest first, a page at a time; the count.
    private func eachSessionPage(_ body: ([SessionRecord]) async throws -> Void) async throws -> Int {
        var count = 0
        try await eachPage(
            { try await store.sessions(SessionQuery(limit: pageSize, newestFirst: false, after: $0), owner: owner) }, key: \.key
        ) { page in
            count += page.count
            try await body(page)
        }
        return count
    }

    private func eachPage<Record>(
        _ fetch: (RecordKey?) async throws -> [Record], key: (Record) -> RecordKey, _ body: ([Record]) async throws -> Void
    ) async throws {
        var after: RecordKey?
        while true {
            let page = try await fetch(after)
            guard let last = page.last else { return }
            try await body(page)
            after = key(last)
            if page.count < pageSize { return }
        }
    }
}

/// Pretty-printed JSON written in pieces, laid out as the backup encoder lays out a whole
/// document: two spaces a level, `"key" : value`, sorted keys.
private struct PrettyJSON {
    let encoder = JournalBackup.encoder()

    /// A member of the top-level object, indented one level, without its comma.
    func member(_ name: String, _ value: some Encodable) throws -> String {
        "  " + (try quoted(name)) + " : " + (try encoded(value, indent: "  "))
    }

    func quoted(_ name: String) throws -> String { try encoded(name, indent: "") }

    /// A value encoded pretty, its lines after the first indented (a blank line, as the
    /// encoder leaves inside an empty list, stays blank).
    func encoded(_ value: some Encodable, indent: String) throws -> String {
        let data = try encoder.encode(value)
        return indent.isEmpty ? String(decoding: data, as: UTF8.self) : indented(data[...], by: indent, first: false)
    }

    /// The items of a page, as they stand inside a list that is itself a member of the
    /// top-level object, joined by commas: the page is encoded in one call (much faster than
    /// one call an item), and its brackets are taken off.
    func items(_ page: [some Encodable]) throws -> String {
        let data = try encoder.encode(page)
        // "[\n  {…},\n  {…}\n]": the items lie between the first and the last line.
        return indented(data.dropFirst(2).dropLast(2), by: "  ", first: true)
    }

    private func indented(_ bytes: Data.SubSequence, by indent: String, first: Bool) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 4)
        if first { out.append(contentsOf: indent.utf8) }
        let newline = UInt8(ascii: "\n")
        var previous: UInt8 = 0
        for byte in bytes {
            if previous == newline, byte != newline { out.append(contentsOf: indent.utf8) }
            out.append(byte)
            previous = byte
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A list member of the top-level object whose items come a page at a time.
    func list(_ name: String) -> List { List(json: self, name: name) }

    struct List {
        let json: PrettyJSON
        let name: String
        private var opened = false
        private var items = 0

        init(json: PrettyJSON, name: String) {
            self.json = json
            self.name = name
        }

        /// The text of the next items, the list's opening included before the first.
        mutating func add(_ page: [some Encodable]) throws -> String {
            var out = ""
            if !opened {
                out = "  " + (try json.quoted(name)) + " : ["
                opened = true
            }
            guard !page.isEmpty else { return out }
            out += (items == 0 ? "\n" : ",\n") + (try json.items(page))
            items += page.count
            return out
        }

        /// The rest of the list, its opening too when no item came.
        func close() throws -> String {
            if items > 0 { return "\n  ]" }
            return "  " + (try json.quoted(name)) + " : " + (try json.encoded([Int](), indent: "  "))
        }
    }
}
