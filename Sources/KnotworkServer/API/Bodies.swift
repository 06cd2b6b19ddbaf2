import Foundation
import KnotworkCore
import KnotworkJournal
import KnotworkSession

/// The API takes identifiers exactly as openapi.yaml lists them; the command line, typed by
/// hand, forgives case and stray spaces.
enum APIInput {
    /// Throws a 422 naming the field and the first value that is not one of `valid`.
    static func exact(_ values: [String], in valid: [String], noun: String, field: String) throws(InputError) {
        for value in values where !valid.contains(value) {
            throw InputError(field: field, value: value, problem: "unknown \(noun) '\(value)'; \(Suggestion.hint(for: value, in: valid))")
        }
    }

    /// Region ids, each exactly one of the catalog's, repeats dropped.
    static func regions(_ values: [String], in catalog: Catalog, field: String = "regions") throws(InputError) -> [RegionID] {
        try exact(values, in: catalog.regions.map(\.id), noun: "region", field: field)
        return values.reduce(into: []) { kept, value in if !kept.contains(value) { kept.append(value) } }
    }

    /// A note as kept: nil when empty, at most ``RecordValidator/noteLimit`` characters, and
    /// refused (422) when it holds what the journal cannot keep.
    static func note(_ text: String?) throws(InputError) -> String? {
        try NoteText.checked(text, field: "note").flatMap { $0.isEmpty ? nil : String($0.prefix(RecordValidator.noteLimit)) }
    }

    /// `left`, `right` or `both`, exactly.
    static func side(_ value: String) throws(InputError) -> Side {
        try exact([value], in: Side.allCases.map(\.rawValue), noun: "side", field: "side")
        return Side(rawValue: value)!
    }
}

/// `POST /api/v1/screening`: every question (`kind` full, the default) or the check-in's.
struct ScreeningBody: Decodable {
    let answers: [String: Bool]
    let kind: String?
}

/// What a screening leads to: the verdict, and whether a session may now start.
struct ScreeningAnswer: Encodable {
    let result: ScreeningResult
    let clearance: Clearance

    private enum CodingKeys: String, CodingKey { case clearance }

    /// The verdict's own fields at the top level, as before, with the clearance beside them.
    func encode(to encoder: any Encoder) throws {
        try result.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(clearance, forKey: .clearance)
    }
}

/// A plan request as the API takes it: the same fields as `knotwork plan`.
struct PlanBody: Decodable {
    let regions: [String]
    let side: String?
    let tools: [String]?
    let minutes: Int?
    let answers: [String: Bool]?

    func request(_ catalog: Catalog) throws -> PlanRequest {
        // Checked exactly here; parsing then fills in the defaults.
        _ = try APIInput.regions(regions, in: catalog)
        _ = try side.map(APIInput.side)
        try APIInput.exact(tools ?? [], in: catalog.tools.map(\.id), noun: "tool", field: "tools")
        var request = try PlanRequest.parse(regions: regions, side: side, tools: tools, minutes: minutes, answers: [], catalog: catalog)
        let answers = answers ?? [:]
        try catalog.screening.checkIDs(answers, field: "answers")
        request.answers = answers
        return request
    }
}

/// `POST /api/v1/sessions`: a session done without the coach.
struct SessionBody: Decodable {
    /// Chosen by the client, so that sending the same session again keeps it once.
    let id: UUID?
    let painBefore: Int
    let painAfter: Int
    let regions: [String]?
    let side: String?
    let note: String?
    let at: Date?
}

/// `POST /api/v1/pain-ratings`.
struct RatingBody: Decodable {
    /// Chosen by the client, so that sending the same rating again keeps it once.
    let id: UUID?
    let pain: Int
    let region: String?
    let side: String?
    let note: String?
    let at: Date?
}

/// `POST /api/v1/live`: a live session from a plan request (or a plan), with the pain before.
struct LiveBody: Decodable {
    let request: PlanBody?
    let plan: Plan?
    let painBefore: Int?
}

/// `POST /api/v1/live/{id}/events`: `stop` takes the stop signal's id.
struct EventBody: Decodable {
    let event: String
    let signal: String?
    /// The step the person saw when they sent it: a second tap, arriving once that step has
    /// ended, changes nothing.
    let step: Int?
}

/// `POST /api/v1/live/{id}/finish`.
struct FinishBody: Decodable {
    let painAfter: Int?
    let note: String?
}

/// What the plan endpoint answers: a plan (saying whether it was screened), where to get care,
/// or why no pressure work is planned.
struct PlanAnswer: Encodable {
    var plan: Plan?
    var stop: ScreeningResult?
    var withheld: [Precaution]?
    /// Whether every screening question was answered for this plan.
    var screened: Bool?
    /// What the person must know before following it, in words.
    var notice: String?
    /// Each step's heading in plain words, in step order.
    var titles: [String]?
    /// What a person may wonder: a tool at hand left unused, a plan shorter than asked.
    var notes: [String]?

    init(plan: Plan, catalog: Catalog) {
        self.plan = plan
        titles = plan.steps.map(catalog.title)
        notes = catalog.notes(on: plan)
        screened = plan.isScreened
        notice = PlanSheet(plan: plan, catalog: catalog).notScreened
    }

    init(stop: ScreeningResult) { self.stop = stop }

    init(withheld: [Precaution]) { self.withheld = withheld }
}

/// A list of sessions.
struct SessionList: Encodable {
    let sessions: [SessionRecord]
}

/// The history of a period with its verdict.
struct HistoryAnswer: Encodable {
    /// A page of the span's sessions, newest first.
    let sessions: [SessionRecord]
    /// The whole span's.
    let summary: HistorySummary
    /// The `before` of the next (older) page; absent on the last.
    let next: String?
}

/// Everything the catalog holds.
struct CatalogAnswer: Encodable {
    let muscles: [Muscle]
    let regions: [Region]
    let tools: [Tool]
    let techniques: [Technique]
    let limits: Limits
    let screening: ScreeningContent
    /// The screening questions in the groups a phone shows them in.
    let screeningGroups: [QuestionGroup]
    /// The text alternative of every step's drawing, by id: the web app's `alt` words.
    let drawings: [String: String]
}

func checkPain(_ value: Int?, field: String) throws {
    if let value { try PainScore.check(value, field: field) }
}
