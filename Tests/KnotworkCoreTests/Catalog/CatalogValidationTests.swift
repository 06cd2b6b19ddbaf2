import Foundation
import KnotworkCore
import Testing

/// One broken edit of a bundled file and the error it must produce.
struct BrokenData: Sendable, CustomTestStringConvertible {
    let rule: String
    let file: String
    let entry: String?
    let field: String?
    let problem: String
    let edit: @Sendable (inout [String: Any]) -> Void

    var testDescription: String { rule }

    init(
        _ rule: String, _ file: String, entry: String?, field: String?, problem: String,
        edit: @escaping @Sendable (inout [String: Any]) -> Void
    ) {
        self.rule = rule
        self.file = file
        self.entry = entry
        self.field = field
        self.problem = problem
        self.edit = edit
    }
}

@Suite("Catalog validation")
struct CatalogValidationTests {
    static let cases: [BrokenData] = [
        BrokenData("missing field", "muscles.json", entry: "piriformis", field: "name", problem: "is missing") {
            editEntry(&$0, "muscles", id: "piriformis") { $0["name"] = nil }
        },
        BrokenData("empty string", "muscles.json", entry: "piriformis", field: "name", problem: "must not be empty") {
            editEntry(&$0, "muscles", id: "piriformis") { $0["name"] = "  " }
        },
        BrokenData("wrong type", "techniques.json", entry: "foam-roll", field: "seconds.min", problem: "whole number") {
            editEntry(&$0, "techniques", id: "foam-roll") { $0["seconds"] = ["min": "60", "default": 90, "max": 120] }
        },
        BrokenData("unknown field", "muscles.json", entry: "gluteus-medius", field: "refersToo", problem: "did you mean 'refersTo'") {
            editEntry(&$0, "muscles", id: "gluteus-medius") { $0["refersToo"] = ["low-back"] }
        },
        BrokenData("unknown top-level field", "tools.json", entry: nil, field: "tool", problem: "is not a known field") {
            $0["tool"] = []
        },
        BrokenData("duplicate id", "muscles.json", entry: "piriformis", field: "id", problem: "duplicate muscle id 'piriformis'") {
            var list = $0["muscles"] as! [[String: Any]]
            list.append(list[3])
            $0["muscles"] = list
        },
        BrokenData("id not kebab-case", "tools.json", entry: "Foam_Roller", field: "id", problem: "kebab-case") {
            editEntry(&$0, "tools", id: "foam-roller") { $0["id"] = "Foam_Roller" }
        },
        BrokenData("unknown enum value", "muscles.json", entry: "piriformis", field: "depth", problem: "did you mean 'deep'") {
            editEntry(&$0, "muscles", id: "piriformis") { $0["depth"] = "deeep" }
        },
        BrokenData(
            "unknown region in a referral", "muscles.json", entry: "gluteus-medius", field: "refersTo[0]",
            problem: "unknown region 'low-bak'; did you mean 'low-back'"
        ) {
            editEntry(&$0, "muscles", id: "gluteus-medius") {
                $0["refersTo"] = ["low-bak", "sacrum", "buttock", "outer-hip", "side-of-thigh"]
            }
        },
        BrokenData(
            "muscle lists a region that does not list it", "muscles.json", entry: "gluteus-maximus", field: "refersTo[3]",
            problem: "does not list this muscle"
        ) {
            editEntry(&$0, "muscles", id: "gluteus-maximus") {
                $0["refersTo"] = ["buttock", "sacrum", "tailbone", "low-back", "lower-leg"]
            }
        },
        BrokenData(
            "region lists a muscle that does not list it", "regions.json", entry: "tailbone", field: "referredFrom[1]",
            problem: "does not list 'tailbone'"
        ) {
            editEntry(&$0, "regions", id: "tailbone") { $0["referredFrom"] = ["gluteus-maximus", "piriformis"] }
        },
        BrokenData(
            "unknown muscle in a region", "regions.json", entry: "tailbone", field: "referredFrom[0]",
            problem: "unknown muscle 'gluteus-maximum'"
        ) {
            editEntry(&$0, "regions", id: "tailbone") { $0["referredFrom"] = ["gluteus-maximum"] }
        },
        BrokenData("repeated value in a list", "regions.json", entry: "tailbone", field: "referredFrom[1]", problem: "listed twice") {
            editEntry(&$0, "regions", id: "tailbone") { $0["referredFrom"] = ["gluteus-maximus", "gluteus-maximus"] }
        },
        BrokenData(
            "region label too long for the map", "regions.json", entry: "sacrum", field: "label", problem: "must be 1 to 16 characters"
        ) {
            editEntry(&$0, "regions", id: "sacrum") { $0["label"] = "Flat bone at the base of the spine" }
        },
        BrokenData("unknown tool for a muscle", "muscles.json", entry: "piriformis", field: "tools[0]", problem: "unknown tool 'lacrosse'")
        {
            editEntry(&$0, "muscles", id: "piriformis") { $0["tools"] = ["lacrosse", "tennis-ball"] }
        },
        BrokenData("no position for a tool kind", "muscles.json", entry: "piriformis", field: "positions.roller", problem: "is missing") {
            editEntry(&$0, "muscles", id: "piriformis") { $0["tools"] = ["foam-roller", "tennis-ball"] }
        },
        BrokenData(
            "position for a kind the muscle has no tool of", "muscles.json", entry: "gluteus-medius", field: "gentlePositions.roller",
            problem: "is not a known field"
        ) {
            editEntry(&$0, "muscles", id: "gluteus-medius") { $0["gentlePositions"] = ["ball": "At a wall.", "roller": "At a wall."] }
        },
        BrokenData(
            "hold outside the protocol's limits", "techniques.json", entry: "sustained-pressure", field: "seconds",
            problem: "outside the protocol's 30–60 s"
        ) {
            editEntry(&$0, "techniques", id: "sustained-pressure") { $0["seconds"] = ["min": 30, "default": 60, "max": 90] }
        },
        BrokenData(
            "rolling outside the protocol's limits", "techniques.json", entry: "foam-roll", field: "seconds",
            problem: "outside the protocol's 60–120 s"
        ) {
            editEntry(&$0, "techniques", id: "foam-roll") { $0["seconds"] = ["min": 20, "default": 60, "max": 120] }
        },
        BrokenData(
            "default outside min and max", "techniques.json", entry: "warm-up", field: "seconds.default", problem: "must lie within min–max"
        ) {
            editEntry(&$0, "techniques", id: "warm-up") { $0["seconds"] = ["min": 60, "default": 400, "max": 300] }
        },
        BrokenData("zero seconds", "techniques.json", entry: "hydrate", field: "seconds.min", problem: "more than 0") {
            editEntry(&$0, "techniques", id: "hydrate") { $0["seconds"] = ["min": 0, "default": 20, "max": 60] }
        },
        BrokenData("unknown technique", "techniques.json", entry: "cupping", field: "id", problem: "unknown technique 'cupping'") {
            editEntry(&$0, "techniques", id: "hydrate") { $0["id"] = "cupping" }
        },
        BrokenData(
            "missing technique", "techniques.json", entry: nil, field: "techniques", problem: "no entry for technique 'pin-and-stretch'"
        ) {
            var list = $0["techniques"] as! [[String: Any]]
            list.removeAll { $0["id"] as? String == "pin-and-stretch" }
            $0["techniques"] = list
        },
        BrokenData(
            "pressure technique without tools", "techniques.json", entry: "foam-roll", field: "toolKinds",
            problem: "must list the tool kinds"
        ) {
            editEntry(&$0, "techniques", id: "foam-roll") { $0["toolKinds"] = [] }
        },
        BrokenData(
            "session pressure limit above 10 minutes", "techniques.json", entry: nil, field: "limits.maxPressureSecondsPerSession",
            problem: "outside 1–600"
        ) {
            $0["limits"] = ["maxPressureSecondsPerSession": 900, "maxSpotsPerMusclePerSide": 2]
        },
        BrokenData("care level missing", "screening.json", entry: nil, field: "careLevels", problem: "no entry for level 'soon'") {
            var list = $0["careLevels"] as! [[String: Any]]
            list.removeLast()
            $0["careLevels"] = list
        },
        BrokenData("unknown red-flag level", "screening.json", entry: "rf-fever", field: "level", problem: "did you mean 'same-day'") {
            editEntry(&$0, "redFlags", id: "rf-fever") { $0["level"] = "sameday" }
        },
        BrokenData("question without a question mark", "screening.json", entry: "rf-fever", field: "question", problem: "ending in '?'") {
            editEntry(&$0, "redFlags", id: "rf-fever") { $0["question"] = "Fever" }
        },
        BrokenData("red flag without its prefix", "screening.json", entry: "fever", field: "id", problem: "must start with 'rf-'") {
            editEntry(&$0, "redFlags", id: "rf-fever") { $0["id"] = "fever" }
        },
        BrokenData("question id used twice", "screening.json", entry: "pc-pregnancy", field: "id", problem: "duplicate question id") {
            editEntry(&$0, "precautions", id: "pc-osteoporosis") { $0["id"] = "pc-pregnancy" }
        },
        BrokenData(
            "precaution hold limit outside the hold's range", "screening.json", entry: "pc-pregnancy", field: "effects.maxHoldSeconds",
            problem: "outside the hold's 30–60 s"
        ) {
            editEntry(&$0, "precautions", id: "pc-pregnancy") { $0["effects"] = ["maxHoldSeconds": 10] }
        },
        BrokenData(
            "precaution avoids an unknown tool kind", "screening.json", entry: "pc-bleeding-risk", field: "effects.avoidToolKinds[0]",
            problem: "unknown value 'balls'"
        ) {
            editEntry(&$0, "precautions", id: "pc-bleeding-risk") { $0["effects"] = ["avoidToolKinds": ["balls"]] }
        },
        BrokenData(
            "precaution avoids a technique that is not pressure", "screening.json", entry: "pc-bleeding-risk",
            field: "effects.avoidTechniques[0]", problem: "not pressure work"
        ) {
            editEntry(&$0, "precautions", id: "pc-bleeding-risk") { $0["effects"] = ["avoidTechniques": ["warm-up"]] }
        },
        BrokenData(
            "misspelt precaution effect", "screening.json", entry: "pc-pregnancy", field: "effects.maxHoldSecond",
            problem: "did you mean 'maxHoldSeconds'"
        ) {
            editEntry(&$0, "precautions", id: "pc-pregnancy") { $0["effects"] = ["maxHoldSecond": 30] }
        },
        BrokenData(
            "combination naming an unknown question", "screening.json", entry: "fracture-risk", field: "allOf[1]",
            problem: "did you mean 'sg-minor-strain'"
        ) {
            editEntry(&$0, "escalations", id: "fracture-risk") { $0["allOf"] = ["pc-osteoporosis", "sg-minor-strian"] }
        },
        BrokenData("combination of one answer", "screening.json", entry: "fracture-risk", field: "allOf", problem: "at least two answers") {
            editEntry(&$0, "escalations", id: "fracture-risk") { $0["allOf"] = ["pc-osteoporosis"] }
        },
        BrokenData("sign without its prefix", "screening.json", entry: "leg-nerve", field: "id", problem: "must start with 'sg-'") {
            editEntry(&$0, "signs", id: "sg-leg-nerve") { $0["id"] = "leg-nerve" }
        },
        BrokenData("retired question still asked", "screening.json", entry: nil, field: "retiredQuestions[0]", problem: "is still asked") {
            $0["retiredQuestions"] = ["rf-fever"]
        },
        BrokenData(
            "no pressure work without saying what is still fine", "screening.json", entry: "pc-recent-surgery", field: "stillAllowed",
            problem: "says what is still allowed"
        ) {
            editEntry(&$0, "precautions", id: "pc-recent-surgery") { $0["stillAllowed"] = nil }
        },
        BrokenData(
            "caution for a tool kind the muscle is not worked with", "muscles.json", entry: "piriformis", field: "cautions.roller",
            problem: "not a kind of tool this muscle is worked with"
        ) {
            editEntry(&$0, "muscles", id: "piriformis") { $0["cautions"] = ["roller": "Careful."] }
        },
        BrokenData("empty list of entries", "screening.json", entry: nil, field: "stopSignals", problem: "at least one entry") {
            $0["stopSignals"] = []
        },
        BrokenData("entry that is not an object", "tools.json", entry: "#2", field: nil, problem: "must be an object") {
            var list = $0["tools"] as! [Any]
            list[1] = "lacrosse-ball"
            $0["tools"] = list
        },
        BrokenData("missing phrase", "phrases.en.json", entry: nil, field: "phrases.cue.halfway", problem: "is missing") {
            var phrases = $0["phrases"] as! [String: Any]
            phrases["cue.halfway"] = nil
            $0["phrases"] = phrases
        },
        BrokenData("unknown phrase", "phrases.en.json", entry: nil, field: "phrases.cue.halfwy", problem: "did you mean 'cue.halfway'") {
            var phrases = $0["phrases"] as! [String: Any]
            phrases["cue.halfwy"] = "Half way."
            $0["phrases"] = phrases
        },
        BrokenData(
            "unknown placeholder", "phrases.en.json", entry: nil, field: "phrases.cue.switch-sides",
            problem: "unknown placeholder '{sid}'; did you mean 'side'"
        ) {
            var phrases = $0["phrases"] as! [String: Any]
            phrases["cue.switch-sides"] = "Switch to your {sid} side."
            $0["phrases"] = phrases
        },
        BrokenData(
            "malformed placeholder", "phrases.en.json", entry: nil, field: "phrases.cue.switch-sides", problem: "malformed {placeholder}"
        ) {
            var phrases = $0["phrases"] as! [String: Any]
            phrases["cue.switch-sides"] = "Switch to your {side side."
            $0["phrases"] = phrases
        },
    ]

    @Test("names the file, entry and field", arguments: cases)
    func rejects(_ broken: BrokenData) throws {
        let error = try #require(catalogError(try files(editing: broken.file, broken.edit)))
        #expect(error.file == broken.file)
        #expect(error.entry == broken.entry)
        #expect(error.field == broken.field)
        #expect(error.problem.contains(broken.problem), "\(error)")
    }

    @Test("rejects a file that is not JSON, naming it")
    func malformedJSON() throws {
        var files = Catalog.bundledFiles()
        files["regions.json"] = Data("{ \"regions\": [".utf8)
        let error = try #require(catalogError(files))
        #expect(error.file == "regions.json")
        #expect(error.problem.hasPrefix("is not valid JSON"))
    }

    @Test("rejects a missing file")
    func missingFile() throws {
        var files = Catalog.bundledFiles()
        files["tools.json"] = nil
        #expect(catalogError(files) == CatalogError(file: "tools.json", problem: "is missing"))
    }

    @Test("reads the bundled files unchanged")
    func bundledFilesLoad() throws {
        #expect(catalogError(Catalog.bundledFiles()) == nil)
    }

    @Test("says it all in one readable line")
    func description() {
        let error = CatalogError(file: "muscles.json", entry: "piriformis", field: "depth", problem: "unknown value 'x'")
        #expect(error.description == "muscles.json: entry 'piriformis', field 'depth': unknown value 'x'")
    }
}
