import Foundation
import GRDB

/// How the journal's columns hold Swift values, and the checks that turn a stored value back
/// into one. Every check names the table, the row's id and the column when it fails: nothing
/// unknown is ever read as a default.
///
/// On disk (frozen by the shipped migrations): ids are lower-case UUID text; times are whole
/// seconds since 1970 in UTC, as integers; lists, plans and answers are JSON text.

/// A time column as stored: written as whole seconds since 1970 (rounded down), and read as
/// whatever the file holds, so that a bad value is reported with its row's id (by
/// ``StoredRow/date(_:_:)``) rather than failing inside GRDB without it.
struct StoredSeconds: DatabaseValueConvertible, Codable, Sendable, Equatable {
    let stored: DatabaseValue

    init(_ date: Date) {
        stored = Int64(date.timeIntervalSince1970.rounded(.down)).databaseValue
    }

    private init(stored: DatabaseValue) { self.stored = stored }

    /// Seconds as another database handed them over (NULL when nil).
    init(seconds: Int64?) { stored = seconds?.databaseValue ?? .null }

    /// The seconds stored, when they are a whole number (what a write binds).
    var seconds: Int64? {
        if case .int64(let seconds) = stored.storage { seconds } else { nil }
    }

    var databaseValue: DatabaseValue { stored }

    /// Any stored value, NULL included: what it means is decided when the row is read.
    static func fromDatabaseValue(_ dbValue: DatabaseValue) -> StoredSeconds? { StoredSeconds(stored: dbValue) }

    /// The date, or what is wrong with the value.
    var date: Result<Date, StoredValueProblem> {
        switch stored.storage {
        case .int64(let seconds) where seconds >= 0: .success(Date(timeIntervalSince1970: Double(seconds)))
        case .int64(let seconds): .failure(StoredValueProblem("\(seconds) is before 1970; times are whole seconds since 1970"))
        case .null: .failure(StoredValueProblem("the time is missing"))
        case .double(let value): .failure(StoredValueProblem("\(value) is not a whole number of seconds since 1970"))
        case .string(let text): .failure(StoredValueProblem("'\(text)' is not a whole number of seconds since 1970"))
        case .blob: .failure(StoredValueProblem("a blob is not a whole number of seconds since 1970"))
        }
    }

    // Codable only so that the row types can synthesize theirs: GRDB reads and writes a
    // DatabaseValueConvertible column through `databaseValue`, never through these.
    init(from decoder: any Decoder) throws {
        stored = try decoder.singleValueContainer().decode(Int64.self).databaseValue
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        guard case .int64(let seconds) = stored.storage else {
            throw EncodingError.invalidValue(stored, .init(codingPath: encoder.codingPath, debugDescription: "not seconds"))
        }
        try container.encode(seconds)
    }
}

/// Why a stored value cannot be read, without its place (``StoredRow`` adds that).
struct StoredValueProblem: Error {
    let problem: String
    init(_ problem: String) { self.problem = problem }
}

/// One stored row being turned into a record: every check names this table, this row's id (as
/// stored, even when it is not a UUID) and the column.
struct StoredRow {
    let table: String
    let id: String

    func unreadable(_ column: String, _ problem: String) -> JournalError {
        .unreadable(table: table, id: id, column: column, problem: problem)
    }

    /// The row's id as a UUID.
    func uuid() throws(JournalError) -> UUID {
        guard let uuid = UUID(text: id) else { throw unreadable("id", "'\(id)' is not a UUID") }
        return uuid
    }

    func date(_ column: String, _ value: StoredSeconds) throws(JournalError) -> Date {
        switch value.date {
        case .success(let date): return date
        case .failure(let failure): throw unreadable(column, failure.problem)
        }
    }

    /// A time that may be missing: NULL is nil (GRDB hands a NULL to ``StoredSeconds`` too).
    func dateIfAny(_ column: String, _ value: StoredSeconds?) throws(JournalError) -> Date? {
        guard let value, !value.stored.isNull else { return nil }
        return try date(column, value)
    }

    /// One of an enumeration's raw values: `'middle' is not left, right or both`.
    func choice<T: RawRepresentable & CaseIterable>(_ column: String, _ text: String) throws(JournalError) -> T where T.RawValue == String {
        guard let value = T(rawValue: text) else {
            throw unreadable(column, "'\(text)' is not \(T.allCases.map(\.rawValue).spelledAlternatives)")
        }
        return value
    }

    func choice<T: RawRepresentable & CaseIterable>(_ column: String, _ text: String?) throws(JournalError) -> T?
    where T.RawValue == String {
        try text.map { text throws(JournalError) in try choice(column, text) }
    }

    /// A JSON column, decoded as `T`; `what` names what it should hold.
    func json<T: Decodable>(_ column: String, _ text: String, as type: T.Type, _ what: String) throws(JournalError) -> T {
        try json(column, Data(text.utf8), as: type, what)
    }

    /// A JSON value as bytes, decoded as `T`; `what` names what it should hold.
    func json<T: Decodable>(_ column: String, _ data: Data, as type: T.Type, _ what: String) throws(JournalError) -> T {
        do {
            return try StoredJSON.decoder.decode(type, from: data)
        } catch {
            throw unreadable(column, "is not \(what) as JSON (\(StoredJSON.summary(error)))")
        }
    }
}

/// The JSON of the JSON columns: sorted keys and ISO 8601 dates, as every shipped version wrote it.
enum StoredJSON {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()

    static func text<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// Region ids are kebab-case, so their JSON array needs no escaping; anything else goes
    /// through the encoder. (An import writes a hundred thousand of these.)
    static func regions(_ regions: [String]) throws -> String {
        guard
            regions.allSatisfy({
                $0.utf8.allSatisfy { $0 == UInt8(ascii: "-") || (0x30...0x39).contains($0) || (0x61...0x7A).contains($0) }
            })
        else { return try text(regions) }
        return "[" + regions.map { "\"" + $0 + "\"" }.joined(separator: ",") + "]"
    }

    /// A decoding error in a few words, with where in the value it happened.
    static func summary(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        func place(_ path: [any CodingKey]) -> String {
            path.isEmpty ? "" : " at " + path.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        }
        switch error {
        case .keyNotFound(let key, let context): return "'\(key.stringValue)' is missing\(place(context.codingPath))"
        case .typeMismatch(let type, let context): return "expected \(type)\(place(context.codingPath))"
        case .valueNotFound(let type, let context): return "expected \(type), found null\(place(context.codingPath))"
        case .dataCorrupted(let context): return context.debugDescription + place(context.codingPath)
        @unknown default: return "\(error)"
        }
    }
}

extension [String] {
    /// `left, right or both`.
    var spelledAlternatives: String {
        count <= 1 ? joined() : dropLast().joined(separator: ", ") + " or " + last!
    }
}
