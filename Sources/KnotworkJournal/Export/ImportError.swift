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

    public init(catalog: Catalog) {
        self.catalog = catalog
    }

    func check(_ session: SessionRecord, location: String) throws(ImportError) {
        try checkZone(session.timeZone, location: location)
        for pain in [("painBefore", session.painBefore), ("painAfter", session.painAfter)] {
            if let value = pain.1, !(0...10).contains(value) {
                throw ImportError(location: location, field: pain.0, problem: "\(value) is outside 0–10")
            }
        }
        for region in session.regions where catalog.region(region) == nil {
            throw ImportError(
                location: location, field: "regions",
                problem: "unknown region '\(region)'; \(Suggestion.hint(for: region, in: catalog.regions.map(\.id)))")
        }
        guard session.pressureSeconds >= 0 else {
            throw ImportError(location: location, field: "pressureSeconds", problem: "must not be negative")
        }
        if let ended = session.endedAt, ended < session.startedAt {
            throw ImportError(location: location, field: "endedAt", problem: "is before startedAt")
        }
    }

    func check(_ rating: PainRating, location: String) throws(ImportError) {
        try checkZone(rating.timeZone, location: location)
        guard (0...10).contains(rating.pain) else {
            throw ImportError(location: location, field: "pain", problem: "\(rating.pain) is outside 0–10")
        }
        if let region = rating.region, catalog.region(region) == nil {
            throw ImportError(location: location, field: "region", problem: "unknown region '\(region)'")
        }
    }

    func check(_ screening: ScreeningRecord, location: String) throws(ImportError) {
        try checkZone(screening.timeZone, location: location)
        for id in screening.answers.keys.sorted() where !catalog.screening.questionIDs.contains(id) {
            throw ImportError(location: location, field: "answers", problem: "unknown question '\(id)'")
        }
    }

    private func checkZone(_ zone: String, location: String) throws(ImportError) {
        guard TimeZone(identifier: zone) != nil else {
            throw ImportError(location: location, field: "timeZone", problem: "'\(zone)' is not a known time zone")
        }
    }

    /// Reads and checks a JSON backup.
    /// - Throws: ``ImportError`` with the path into the document (`sessions[3].painBefore`).
    public func readBackup(_ data: Data) throws(ImportError) -> JournalBackup {
        let backup: JournalBackup
        do {
            backup = try JournalBackup.decoder().decode(JournalBackup.self, from: data)
        } catch let error as DecodingError {
            throw Self.describe(error)
        } catch {
            throw ImportError(location: "file", field: nil, problem: "\(error)")
        }
        guard backup.schema == JournalBackup.currentSchema else {
            throw ImportError(
                location: "file", field: "schema",
                problem: "'\(backup.schema)' is not a format this version reads (\(JournalBackup.currentSchema))")
        }
        for (index, session) in backup.sessions.enumerated() {
            try check(session, location: "sessions[\(index)]")
        }
        for (index, rating) in backup.painRatings.enumerated() {
            try check(rating, location: "painRatings[\(index)]")
        }
        for (index, screening) in backup.screenings.enumerated() {
            try check(screening, location: "screenings[\(index)]")
        }
        return backup
    }

    static func describe(_ error: DecodingError) -> ImportError {
        func path(_ codingPath: [any CodingKey]) -> (String, String?) {
            var location = ""
            for key in codingPath.dropLast() {
                if let index = key.intValue { location += "[\(index)]" } else { location += (location.isEmpty ? "" : ".") + key.stringValue }
            }
            guard let last = codingPath.last else { return ("file", nil) }
            if let index = last.intValue { return (location + "[\(index)]", nil) }
            return (location.isEmpty ? "file" : location, last.stringValue)
        }
        switch error {
        case .keyNotFound(let key, let context):
            let (location, _) = path(context.codingPath + [key])
            return ImportError(location: location, field: key.stringValue, problem: "is missing")
        case .typeMismatch(let type, let context):
            let (location, field) = path(context.codingPath)
            return ImportError(location: location, field: field, problem: "expected \(Self.name(of: type))")
        case .valueNotFound(let type, let context):
            let (location, field) = path(context.codingPath)
            return ImportError(location: location, field: field, problem: "expected \(Self.name(of: type)), found null")
        case .dataCorrupted(let context):
            let (location, field) = path(context.codingPath)
            let underlying = context.underlyingError.map { " (\($0))" } ?? ""
            return ImportError(location: location, field: field, problem: context.debugDescription + underlying)
        @unknown default:
            return ImportError(location: "file", field: nil, problem: "\(error)")
        }
    }

    private static func name(of type: Any.Type) -> String {
        switch type {
        case is Int.Type: "a whole number"
        case is String.Type: "a string"
        case is Bool.Type: "true or false"
        case is Double.Type: "a number"
        default: "\(type)".lowercased()
        }
    }
}
