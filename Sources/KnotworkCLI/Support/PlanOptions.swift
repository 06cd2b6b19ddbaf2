import ArgumentParser
import KnotworkCore

/// Where it hurts, which side, the tools and the time: the options `plan` and `start` share.
struct PlanOptions: ParsableArguments {
    @Option(
        name: .customLong("where"),
        help: ArgumentHelp(
            "Where it hurts, comma-separated or repeated: low-back, sacrum, tailbone, buttock, outer-hip, side-of-thigh, back-of-thigh, lower-leg.",
            valueName: "regions"),
        transform: RegionList.checked)
    var regions: [RegionList] = []

    @Option(help: ArgumentHelp("Which side: left, right or both (default both).", valueName: "side"), transform: Side.checked)
    var side: Side?

    @Option(
        name: .customLong("tools"),
        help: ArgumentHelp(
            "Tools at hand, comma-separated: foam-roller, lacrosse-ball, tennis-ball (default foam-roller,lacrosse-ball).",
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
