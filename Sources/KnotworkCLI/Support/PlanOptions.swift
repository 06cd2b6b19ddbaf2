import ArgumentParser
import KnotworkCore

/// The screening answers given on the command line: `plan`, `screen` and `start` take them alike.
struct AnswerOptions: ParsableArguments {
    @Option(
        name: .customLong("answer"), help: ArgumentHelp("A screening answer, repeatable.", valueName: "ID=yes|no"),
        transform: Answer.checked)
    var answers: [Answer] = []
}

/// Where it hurts, which side, the tools and the time: the options `plan` and `start` share.
struct PlanOptions: ParsableArguments {
    @Option(
        name: .customLong("where"),
        help: ArgumentHelp(
            "Where it hurts, comma-separated or repeated: \(HelpText.ids { $0.regions.map(\.id) }).",
            valueName: "regions"),
        transform: RegionList.checked)
    var regions: [RegionList] = []

    @Option(
        help: ArgumentHelp("Which side: \(Side.allCases.map(\.rawValue).joined(separator: ", ")) (default both).", valueName: "side"),
        transform: Side.checked)
    var side: Side?

    @Option(
        name: .customLong("tools"),
        help: ArgumentHelp(
            "Tools at hand, comma-separated: \(HelpText.ids { $0.tools.map(\.id) }) (default \(PlanRequest.defaultTools.joined(separator: ","))).",
            valueName: "tools"),
        transform: ToolList.checked)
    var tools: [ToolList] = []

    @Option(
        help: ArgumentHelp("Minutes you have for the whole session, \(PlanRequest.minutesRangeText) (default 10).", valueName: "minutes"),
        transform: Minutes.checked)
    var minutes: Minutes?

    /// Whether any of these options was given.
    var isEmpty: Bool { regions.isEmpty && side == nil && tools.isEmpty && minutes == nil }

    /// The request these options describe, with the given screening answers, by the rules the
    /// API's plan requests keep too (at least one region and one tool; the defaults).
    /// - Throws: ``InputError`` naming the first rule broken.
    func request(catalog: Catalog, answers: [Answer] = []) throws(InputError) -> PlanRequest {
        var request = try PlanRequest.parse(
            regions: regions.ids, side: side?.rawValue, tools: tools.isEmpty ? nil : tools.flatMap(\.ids),
            minutes: minutes?.value, answers: [], catalog: catalog)
        request.answers = answers.byQuestion
        return request
    }
}
