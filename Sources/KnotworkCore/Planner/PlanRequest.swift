/// What a person asks a plan for: where it hurts, which side, the tools at hand, the time they
/// have and their screening answers.
public struct PlanRequest: Codable, Sendable, Equatable, Hashable {
    /// Tools assumed when none are named: the seed's two main tools.
    public static let defaultTools: [ToolID] = ["foam-roller", "lacrosse-ball"]
    /// Minutes assumed when none are given.
    public static let defaultMinutes = 10
    /// Minutes a plan may be asked for.
    public static let minutesRange = 3...120

    /// Regions where it hurts, in the order given, without repeats.
    public var regions: [RegionID]
    public var side: Side
    /// Tools at hand, in the order given, without repeats.
    public var tools: [ToolID]
    /// Minutes available for the whole session, warm-up included.
    public var minutes: Int
    /// Screening answers by question id; yes is `true`.
    public var answers: [QuestionID: Bool]
    /// Muscles that had deep pressure (ball holds, pin and stretch) within the last 24 hours:
    /// they get rolling only, or rest (the journal knows; see ``Planner/restHours``).
    public var recentDeepPressure: [MuscleID]

    public init(
        regions: [RegionID], side: Side = .both, tools: [ToolID] = PlanRequest.defaultTools,
        minutes: Int = PlanRequest.defaultMinutes, answers: [QuestionID: Bool] = [:], recentDeepPressure: [MuscleID] = []
    ) {
        self.regions = regions
        self.side = side
        self.tools = tools
        self.minutes = minutes
        self.answers = answers
        self.recentDeepPressure = recentDeepPressure
    }

    private enum CodingKeys: String, CodingKey {
        case regions, side, tools, minutes, answers, recentDeepPressure
    }

    /// Plans saved before `recentDeepPressure` existed read as having none.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        regions = try container.decode([RegionID].self, forKey: .regions)
        side = try container.decode(Side.self, forKey: .side)
        tools = try container.decode([ToolID].self, forKey: .tools)
        minutes = try container.decode(Int.self, forKey: .minutes)
        answers = try container.decode([QuestionID: Bool].self, forKey: .answers)
        recentDeepPressure = try container.decodeIfPresent([MuscleID].self, forKey: .recentDeepPressure) ?? []
    }

    /// Builds a request from values as typed, checking each against the catalog.
    /// - Parameters:
    ///   - regions: region ids; at least one.
    ///   - side: `left`, `right` or `both`; nil for both.
    ///   - tools: tool ids; nil for ``defaultTools``.
    ///   - minutes: nil for ``defaultMinutes``.
    ///   - answers: `ID=yes|no` strings.
    /// - Throws: ``InputError`` naming the first bad value, the valid ones and the closest match.
    public static func parse(
        regions: [String], side: String?, tools: [String]?, minutes: Int?, answers: [String], catalog: Catalog
    ) throws(InputError) -> PlanRequest {
        let cleanRegions = try catalog.parseRegions(regions)
        guard !cleanRegions.isEmpty else {
            throw InputError(
                field: "regions", value: regions.joined(separator: ","),
                problem: "name at least one region where it hurts (valid: \(catalog.regions.map(\.id).joined(separator: ", ")))")
        }
        let parsedSide = try side.map(Side.parse) ?? .both

        var toolIDs = defaultTools
        if let tools {
            toolIDs = try catalog.parseTools(tools)
            guard !toolIDs.isEmpty else {
                throw InputError(
                    field: "tools", value: "",
                    problem: "name at least one tool (valid: \(catalog.tools.map(\.id).joined(separator: ", ")))")
            }
        }

        let minutes = minutes ?? defaultMinutes
        try checkMinutes(minutes)

        return PlanRequest(
            regions: cleanRegions, side: parsedSide, tools: toolIDs, minutes: minutes,
            answers: try catalog.screening.parseAnswers(answers))
    }

    /// ``minutesRange`` in words: `3–120`.
    public static var minutesRangeText: String { "\(minutesRange.lowerBound)–\(minutesRange.upperBound)" }

    /// Checks a number of minutes against ``minutesRange``: the one rule and wording the command
    /// line, ``parse(regions:side:tools:minutes:answers:catalog:)``, the planner and the API share.
    /// - Throws: ``InputError`` (field `minutes`): "200 is outside 3–120 minutes".
    public static func checkMinutes(_ minutes: Int) throws(InputError) {
        guard minutesRange.contains(minutes) else {
            throw InputError(field: "minutes", value: String(minutes), problem: "\(minutes) is outside \(minutesRangeText) minutes")
        }
    }

    /// Reads a number of minutes as typed.
    /// - Throws: ``InputError`` (field `minutes`) when it is not a whole number in ``minutesRange``.
    public static func parseMinutes(_ text: String) throws(InputError) -> Int {
        guard let minutes = Int(text.trimmingSpaces()) else {
            throw InputError(
                field: "minutes", value: text, problem: "'\(text)' is not a whole number of minutes (valid: \(minutesRangeText))")
        }
        try checkMinutes(minutes)
        return minutes
    }
}
