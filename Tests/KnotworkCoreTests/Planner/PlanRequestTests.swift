import KnotworkCore
import Testing

@Suite("Plan requests as typed")
struct PlanRequestTests {
    func parse(
        regions: [String] = ["outer-hip"], side: String? = nil, tools: [String]? = nil, minutes: Int? = nil,
        answers: [String] = []
    ) throws(InputError) -> PlanRequest {
        try PlanRequest.parse(
            regions: regions, side: side, tools: tools, minutes: minutes, answers: answers, catalog: bundledCatalog)
    }

    @Test("defaults: both sides, roller and lacrosse ball, 10 minutes")
    func defaults() throws {
        let request = try parse()
        #expect(request == PlanRequest(regions: ["outer-hip"], side: .both, tools: ["foam-roller", "lacrosse-ball"], minutes: 10))
    }

    @Test("repeats are dropped and spaces trimmed")
    func cleans() throws {
        let request = try parse(regions: [" low-back", "outer-hip", "low-back"], side: "LEFT", tools: ["tennis-ball", "tennis-ball"])
        #expect(request.regions == ["low-back", "outer-hip"])
        #expect(request.side == .left)
        #expect(request.tools == ["tennis-ball"])
    }

    struct Bad: Sendable, CustomTestStringConvertible {
        let regions: [String]
        var side: String? = nil
        var tools: [String]? = nil
        var minutes: Int? = nil
        var answers: [String] = []
        let field: String
        let needle: String
        var testDescription: String { "\(field): \(needle)" }
    }

    static let bad: [Bad] = [
        Bad(regions: ["outer-hp"], field: "regions", needle: "unknown region 'outer-hp'; did you mean 'outer-hip'?"),
        Bad(regions: [], field: "regions", needle: "at least one region"),
        Bad(regions: ["neck"], field: "regions", needle: "valid: low-back, sacrum"),
        Bad(regions: ["buttock"], side: "lft", field: "side", needle: "did you mean 'left'"),
        Bad(regions: ["buttock"], tools: ["lacrose-ball"], field: "tools", needle: "did you mean 'lacrosse-ball'"),
        Bad(regions: ["buttock"], tools: [""], field: "tools", needle: "at least one tool"),
        Bad(regions: ["buttock"], minutes: 2, field: "minutes", needle: "2 is outside 3–120"),
        Bad(regions: ["buttock"], minutes: 500, field: "minutes", needle: "outside 3–120"),
        Bad(regions: ["buttock"], answers: ["pc-pregnant=yes"], field: "answer", needle: "did you mean 'pc-pregnancy'"),
    ]

    @Test("bad values name the field, the value and what is valid", arguments: bad)
    func rejects(_ bad: Bad) {
        do {
            _ = try parse(regions: bad.regions, side: bad.side, tools: bad.tools, minutes: bad.minutes, answers: bad.answers)
            Issue.record("expected an error")
        } catch {
            #expect(error.field == bad.field)
            #expect(error.problem.contains(bad.needle), "\(error.problem)")
        }
    }

    @Test("minutes as typed", arguments: [("12", 12), (" 5 ", 5)])
    func minutes(_ text: String, _ value: Int) throws {
        #expect(try PlanRequest.parseMinutes(text) == value)
    }

    @Test("minutes that are not a number say what is valid")
    func badMinutes() {
        #expect(throws: InputError(field: "minutes", value: "ten", problem: "'ten' is not a whole number of minutes (valid: 3–120)")) {
            try PlanRequest.parseMinutes("ten")
        }
    }
}
