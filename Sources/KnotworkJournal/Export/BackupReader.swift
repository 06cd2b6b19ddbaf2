import Foundation
import KnotworkCore
import KnotworkSession

/// Reads a JSON backup (`knotwork.journal/1`) a record at a time: the top-level object is
/// walked byte by byte, and each record of its lists is parsed (by the strict JSON reader that
/// refuses a key given twice) and checked on its own, so a file of any size is read in a fixed
/// amount of memory. Every problem names the record and field (`sessions[3], field
/// 'painBefore'`), or the line and column of a syntax error. Keys it does not know are ignored,
/// as the format promises.
///
/// Kept hand-written (`Fields`) because `JSONDecoder` missed the import's aim on this machine:
/// decoding each record cut out by the scanner with `JSONDecoder` into the records' `Codable`
/// types gave 0.22× and 0.36× (37,289 and 40,713 sessions/s, against 59,663 and 56,867 for the
/// same build with this reader) in `swift run -c release knotwork-bench import` (aim ≥ 0.5×);
/// the whole file through `JSONDecoder` gave 0.36× before. `JSONDecoder` also keeps one of two
/// values given for the same key, which the strict reader refuses.
struct BackupReader {
    let validator: RecordValidator

    /// Reads the file's records in file order, handing each to `each`; the file's schema and
    /// export time are checked where they stand in it and at its end.
    /// - Returns: the file's `exportedAt`.
    func read(_ chunks: some ByteChunks, each: (JournalEntry) throws -> Void) throws -> Date {
        var scanner = TopLevelScanner(chunks: chunks)
        var exportedAt: Date?
        var schemaSeen = false
        try scanner.readObject { key, scanner in
            switch key {
            case "sessions", "painRatings", "screenings":
                try scanner.readList(key) { index, value in
                    let fields = try Fields(value, list: key, index: index)
                    switch key {
                    case "sessions":
                        let session = try session(fields)
                        try validator.check(session, location: fields.location)
                        try each(.session(session))
                    case "painRatings": try each(.painRating(try rating(fields)))
                    default: try each(.screening(try screening(fields)))
                    }
                }
            default:
                let value = try scanner.readValue()
                let file = try Fields(.object([key: value]))
                if key == "schema" {
                    let schema = try file.string("schema")
                    guard schema == JournalBackup.currentSchema else {
                        throw ImportError(
                            location: "file", field: "schema",
                            problem: "'\(schema)' is not a format this version reads (\(JournalBackup.currentSchema))")
                    }
                    schemaSeen = true
                } else if key == "exportedAt" {
                    exportedAt = try file.date("exportedAt")
                }
            }
        }
        guard schemaSeen else { throw ImportError(location: "file", field: "schema", problem: "is missing") }
        guard let exportedAt else { throw ImportError(location: "file", field: "exportedAt", problem: "is missing") }
        return exportedAt
    }

    private func rating(_ fields: Fields) throws(ImportError) -> PainRating {
        let rating = PainRating(
            id: try fields.uuid("id"), at: try fields.date("at"), timeZone: try fields.string("timeZone"),
            pain: try fields.int("pain"), region: try fields.optionalString("region"),
            side: try fields.optionalEnum("side", Side.self), note: try fields.optionalString("note"))
        try validator.check(rating, location: fields.location)
        return rating
    }

    private func screening(_ fields: Fields) throws(ImportError) -> ScreeningRecord {
        var answers: [QuestionID: Bool] = [:]
        for (id, value) in try fields.object("answers") {
            guard case .bool(let yes) = value else {
                throw ImportError(location: fields.location, field: "answers.\(id)", problem: "expected true or false")
            }
            answers[id] = yes
        }
        let screening = ScreeningRecord(
            id: try fields.uuid("id"), at: try fields.date("at"), timeZone: try fields.string("timeZone"),
            kind: try fields.optionalEnum("kind", PastScreening.Kind.self) ?? .full,
            verdict: try fields.enumValue("verdict", ScreeningResult.Verdict.self), answers: answers,
            usedAt: try fields.optionalDate("usedAt"))
        try validator.check(screening, location: fields.location)
        return screening
    }

    private func session(_ fields: Fields) throws(ImportError) -> SessionRecord {
        let steps = try fields.list("steps") { (step: Fields) throws(ImportError) in
            StepOutcome(
                number: try step.int("number"), technique: try step.enumValue("technique", TechniqueID.self),
                muscle: try step.optionalString("muscle"), side: try step.optionalEnum("side", BodySide.self),
                plannedSeconds: try step.int("plannedSeconds"), actualSeconds: try step.int("actualSeconds"),
                outcome: try step.enumValue("outcome", StepOutcome.Outcome.self), reason: try step.optionalString("reason"))
        }
        var plan: Plan?
        if let value = fields.members["plan"], !value.isNull {
            do {
                plan = try JSONDecoder().decode(Plan.self, from: Data(value.serialized.utf8))
            } catch {
                throw ImportError(location: fields.location, field: "plan", problem: "is not a knotwork.plan/1 plan (\(error))")
            }
        }
        return SessionRecord(
            id: try fields.uuid("id"), startedAt: try fields.date("startedAt"), timeZone: try fields.string("timeZone"),
            endedAt: try fields.optionalDate("endedAt"), regions: try fields.strings("regions"),
            side: try fields.optionalEnum("side", Side.self), painBefore: try fields.optionalInt("painBefore"),
            painAfter: try fields.optionalInt("painAfter"), pressureSeconds: try fields.int("pressureSeconds"), steps: steps,
            plan: plan, note: try fields.optionalString("note"), source: try fields.enumValue("source", SessionRecord.Source.self))
    }
}

/// The members of one JSON object, read with errors that name the object and field.
private struct Fields {
    let members: [String: JSONValue]
    /// Where the object is, kept in parts and made into text (`sessions[3].steps[1]`) only for an
    /// error: an import reads hundreds of thousands of objects that have none.
    private let parent: String?
    private let key: String
    private let index: Int

    /// The file's top-level object.
    init(_ value: JSONValue) throws(ImportError) {
        try self.init(value, parent: nil, key: "", index: 0)
    }

    /// A record of one of the file's lists.
    init(_ value: JSONValue, list: String, index: Int) throws(ImportError) {
        try self.init(value, parent: "", key: list, index: index)
    }

    private init(_ value: JSONValue, parent: String?, key: String, index: Int) throws(ImportError) {
        self.parent = parent
        self.key = key
        self.index = index
        guard case .object(let members) = value else {
            throw ImportError(location: Self.location(parent, key, index), field: nil, problem: "expected an object")
        }
        self.members = members
    }

    var location: String { Self.location(parent, key, index) }

    private static func location(_ parent: String?, _ key: String, _ index: Int) -> String {
        guard let parent else { return "file" }
        return parent.isEmpty ? "\(key)[\(index)]" : "\(parent).\(key)[\(index)]"
    }

    func fail(_ field: String, _ problem: String) -> ImportError {
        ImportError(location: location, field: field, problem: problem)
    }

    func required(_ key: String) throws(ImportError) -> JSONValue {
        guard let value = members[key], !value.isNull else { throw fail(key, "is missing") }
        return value
    }

    func string(_ key: String) throws(ImportError) -> String {
        guard case .string(let text) = try required(key) else { throw fail(key, "expected a string") }
        return text
    }

    func optionalString(_ key: String) throws(ImportError) -> String? {
        guard let value = members[key], !value.isNull else { return nil }
        guard case .string(let text) = value else { throw fail(key, "expected a string") }
        return text
    }

    func int(_ key: String) throws(ImportError) -> Int {
        guard case .number(let number) = try required(key), let value = Int(exactly: number) else {
            throw fail(key, "expected a whole number")
        }
        return value
    }

    func optionalInt(_ key: String) throws(ImportError) -> Int? {
        guard let value = members[key], !value.isNull else { return nil }
        return try int(key)
    }

    func date(_ key: String) throws(ImportError) -> Date {
        let text = try string(key)
        guard let date = Timestamp.parseUTC(text) else {
            throw fail(key, "'\(text)' is not an ISO 8601 time like 2026-11-20T07:30:00Z")
        }
        return date
    }

    func optionalDate(_ key: String) throws(ImportError) -> Date? {
        guard let value = members[key], !value.isNull else { return nil }
        return try date(key)
    }

    func uuid(_ key: String) throws(ImportError) -> UUID {
        let text = try string(key)
        guard let id = UUID(text: text) else { throw fail(key, "'\(text)' is not a UUID") }
        return id
    }

    func strings(_ key: String) throws(ImportError) -> [String] {
        guard case .array(let items) = try required(key) else { throw fail(key, "expected a list of strings") }
        var strings: [String] = []
        strings.reserveCapacity(items.count)
        for item in items {
            guard case .string(let text) = item else { throw fail(key, "expected a list of strings") }
            strings.append(text)
        }
        return strings
    }

    func enumValue<E: RawRepresentable & CaseIterable>(_ key: String, _ type: E.Type) throws(ImportError) -> E
    where E.RawValue == String {
        let text = try string(key)
        guard let value = E(rawValue: text) else {
            throw fail(key, "'\(text)' is not one of \(E.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return value
    }

    func optionalEnum<E: RawRepresentable & CaseIterable>(_ key: String, _ type: E.Type) throws(ImportError) -> E?
    where E.RawValue == String {
        guard let value = members[key], !value.isNull else { return nil }
        return try enumValue(key, type)
    }

    func object(_ key: String) throws(ImportError) -> [String: JSONValue] {
        guard case .object(let members) = try required(key) else { throw fail(key, "expected an object") }
        return members
    }

    /// Each object of a list, read by `body`, located as `key[index]` under this object.
    func list<T>(_ key: String, _ body: (Fields) throws(ImportError) -> T) throws(ImportError) -> [T] {
        guard case .array(let items) = try required(key) else { throw fail(key, "expected a list") }
        return try read(items[...], key: key, body)
    }

    private func read<T>(_ items: ArraySlice<JSONValue>, key: String, _ body: (Fields) throws(ImportError) -> T) throws(ImportError) -> [T]
    {
        var results: [T] = []
        guard !items.isEmpty else { return results }
        results.reserveCapacity(items.count)
        let within = parent == nil ? "" : location
        for (index, item) in zip(items.indices, items) {
            results.append(try body(try Fields(item, parent: within, key: key, index: index)))
        }
        return results
    }
}
