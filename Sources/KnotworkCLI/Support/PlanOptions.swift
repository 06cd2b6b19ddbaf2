import ArgumentParser
import KnotworkCore

/// Where it hurts, which side, the tools and the time: the options `plan` and `start` share.
struct PlanOptions: ParsableArguments {
    @Option(
        name: .customLong("where"),
        help: ArgumentHelp(
            "Where it hurts, comma-separated or repeated: low-back, sacrum, tailbone, buttock, outer-hip, side-of-thigh, back-of-thigh, lower-leg.",
            valueName: "regions"))
    var regions: [String] = []

    @Option(help: ArgumentHelp("Which side: left, right or both (default both).", valueName: "side"))
    var side: String?

    @Option(
        name: .customLong("tools"),
        help: ArgumentHelp(
            "Tools at hand, comma-separated: foam-roller, lacrosse-ball, tennis-ball (default foam-roller,lacrosse-ball).",
            valueName: "tools"))
    var tools: [String] = []

    @Option(help: ArgumentHelp("Minutes you have for the whole session, 3–120 (default 10).", valueName: "minutes"))
    var minutes: String?

    /// The request these options describe, with the given screening answers.
    /// - Throws: ``InputError`` naming the first bad value.
    func request(catalog: Catalog, answers: [String] = []) throws -> PlanRequest {
        try PlanRequest.parse(
            regions: commaSeparated(regions), side: side, tools: tools.isEmpty ? nil : commaSeparated(tools),
            minutes: try minutes.map(PlanRequest.parseMinutes), answers: answers, catalog: catalog)
    }
}
