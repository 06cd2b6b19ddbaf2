import ArgumentParser
import Foundation
import KnotworkCore
import KnotworkJournal
import KnotworkSession

/// An option's value, read by the same function every surface (command line and API) uses. A
/// bad value becomes argument-parser's usage error (exit 64), naming the option, the value and
/// what is valid: `The value '1' is invalid for '--minutes <minutes>': 1 is outside 3–120 minutes`.
///
/// Options declare `transform: T.checked` so the reason reaches the message; ``init(argument:)``
/// (which cannot say why) is there for everything else argument-parser does with a type.
protocol CheckedArgument: ExpressibleByArgument, Sendable {
    /// Reads a value as typed.
    /// - Throws: ``InputError`` saying what is wrong and what would be valid.
    static func parse(_ text: String) throws(InputError) -> Self
}

extension CheckedArgument {
    init?(argument: String) {
        guard let value = try? Self.parse(argument) else { return nil }
        self = value
    }

    /// ``parse(_:)`` for `@Option(transform:)`: its problem is the usage error's reason.
    @Sendable static func checked(_ text: String) throws -> Self {
        do {
            return try parse(text)
        } catch {
            throw ArgumentProblem(description: error.problem)
        }
    }
}

/// Why a value is invalid, as argument-parser appends it to its usage error.
struct ArgumentProblem: Error, CustomStringConvertible {
    let description: String
}

extension InputError {
    /// A cross-option rule broken, found in `validate()`: `--option: problem`, exit 64.
    var usage: ValidationError { ValidationError("--\(Knotwork.option(for: field)): \(problem)") }
}

/// The shipped catalog, read once per process: by the options that name its ids and by the
/// command that runs (reading it twice made `knotwork plan` take half as long again).
enum BundledCatalog {
    private static let loaded: Result<Catalog, CatalogError> = Result { () throws(CatalogError) in try Catalog.bundled() }
    static var shared: Catalog? { try? loaded.get() }

    /// The catalog, or the error that names the file and field that broke it.
    static func load() throws(CatalogError) -> Catalog { try loaded.get() }

    /// Checks ids against the catalog. When the catalog itself cannot be read, the ids are
    /// taken as they are: the command then stops on the catalog (exit 65), not on them.
    static func check<T>(_ ids: [String], _ parse: (Catalog) throws(InputError) -> T, unchecked: T) throws(InputError) -> T {
        guard let shared else { return unchecked }
        return try parse(shared)
    }
}

/// Splits a comma-separated option value: `a,b` → `[a, b]`.
func commaSeparated(_ text: String) -> [String] {
    text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
}

/// `--where low-back,outer-hip`: region ids, each one the catalog has, with a "did you mean".
struct RegionList: CheckedArgument, Equatable {
    let ids: [RegionID]

    static func parse(_ text: String) throws(InputError) -> RegionList {
        let values = commaSeparated(text)
        return RegionList(
            ids: try BundledCatalog.check(values, { catalog throws(InputError) in try catalog.parseRegions(values) }, unchecked: values))
    }
}

extension [RegionList] {
    /// Every region of a repeated option, in order, without repeats.
    var ids: [RegionID] { flatMap(\.ids).reduce(into: []) { kept, id in if !kept.contains(id) { kept.append(id) } } }
}

/// `--tools foam-roller,tennis-ball`: tool ids, each one the catalog has.
struct ToolList: CheckedArgument, Equatable {
    let ids: [ToolID]

    static func parse(_ text: String) throws(InputError) -> ToolList {
        let values = commaSeparated(text).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return ToolList(
            ids: try BundledCatalog.check(values, { catalog throws(InputError) in try catalog.parseTools(values) }, unchecked: values))
    }
}

/// `--minutes 10`: the length of a session, in ``PlanRequest/minutesRange``.
struct Minutes: CheckedArgument, Equatable {
    let value: Int
    static func parse(_ text: String) throws(InputError) -> Minutes { Minutes(value: try PlanRequest.parseMinutes(text)) }
}

/// `--speed 10`: the clock run faster, in ``ScaledClock/speedRange``.
struct Speed: CheckedArgument, Equatable {
    let value: Double
    static func parse(_ text: String) throws(InputError) -> Speed { Speed(value: try ScaledClock.parseSpeed(text)) }
}

/// `--pain 4`: a pain score, 0–10.
struct Pain: CheckedArgument, Equatable {
    let value: Int
    static func parse(_ text: String) throws(InputError) -> Pain { Pain(value: try PainScore.parse(text, field: "pain")) }
}

/// `--answer rf-fever=no`: a screening answer to a question the catalog asks.
struct Answer: CheckedArgument, Equatable {
    let id: QuestionID
    let yes: Bool

    static func parse(_ text: String) throws(InputError) -> Answer {
        guard let catalog = BundledCatalog.shared else { return Answer(id: text, yes: false) }
        let (id, yes) = try catalog.screening.parseAnswer(text)
        return Answer(id: id, yes: yes)
    }
}

extension [Answer] {
    /// The answers by question; a question answered twice keeps its last answer.
    var byQuestion: [QuestionID: Bool] { reduce(into: [:]) { answers, answer in answers[answer.id] = answer.yes } }
}

/// `--at 2026-11-20T07:30`, `--from 2026-09-01`: a time, read in the local time zone.
struct LocalDate: CheckedArgument, Equatable {
    let date: Date
    /// As typed, for messages.
    let text: String

    static func parse(_ text: String) throws(InputError) -> LocalDate {
        LocalDate(date: try LocalTime.current.parse(text, field: "at"), text: text)
    }
}

/// `--since 30d`: how far back, by ``HistorySpan``'s rule; case and spaces forgiven.
struct Span: CheckedArgument, Equatable {
    /// Seconds back; nil for all.
    let seconds: TimeInterval?
    static func parse(_ text: String) throws(InputError) -> Span {
        Span(seconds: try HistorySpan.seconds(text.trimmingCharacters(in: .whitespaces).lowercased()))
    }
}

extension Side: CheckedArgument {
    public init?(argument: String) {
        guard let side = try? Side.parse(argument) else { return nil }
        self = side
    }
}

extension ExportFormat: CheckedArgument {
    public init?(argument: String) {
        guard let format = try? ExportFormat.named(argument) else { return nil }
        self = format
    }

    static func parse(_ text: String) throws(InputError) -> ExportFormat { try named(text) }
}
