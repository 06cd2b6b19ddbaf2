import Foundation
import KnotworkCore
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

@Suite("Drawings")
struct DrawingTests {
    let catalog = bundledCatalog
    var renderer: DrawingRenderer { DrawingRenderer(catalog: catalog) }

    // MARK: - Every step has a drawing

    /// Every technique done with every kind of tool each muscle is worked with, usual and
    /// gentle, and the moves without a tool: what a plan can hold, from the catalog itself.
    @Test func everyCombinationTheCatalogAllowsHasADrawing() {
        var missing: [String] = []
        for muscle in catalog.muscles {
            for kind in ToolKind.allCases where muscle.positions[kind] != nil {
                for technique in catalog.techniques where technique.toolKinds.contains(kind) {
                    for gentle in [false, true] {
                        let id = catalog.drawings.id(technique: technique.id, muscle: muscle.id, toolKind: kind, gentle: gentle)
                        if id.flatMap(renderer.svg) == nil {
                            missing.append("\(technique.id.rawValue) \(muscle.id) \(kind.rawValue)\(gentle ? " gentle" : "")")
                        }
                    }
                }
            }
        }
        for technique in catalog.techniques where technique.toolKinds.isEmpty {
            for gentle in [false, true] {
                let id = catalog.drawings.id(technique: technique.id, muscle: nil, toolKind: nil, gentle: gentle)
                if id.flatMap(renderer.svg) == nil { missing.append("\(technique.id.rawValue)\(gentle ? " gentle" : "")") }
            }
        }
        #expect(missing == [])
        // A gentle position draws the gentle figure, not the usual one.
        let usual = catalog.drawings.id(technique: .pinAndStretch, muscle: "piriformis", toolKind: .ball, gentle: false)
        let gentle = catalog.drawings.id(technique: .pinAndStretch, muscle: "piriformis", toolKind: .ball, gentle: true)
        #expect(usual == "pin-and-stretch-piriformis-ball")
        #expect(gentle == "pin-and-stretch-piriformis-ball-gentle")
    }

    /// Plans made by the real planner across regions, tools, precautions, sides and lengths:
    /// every step names a drawing that renders, and the gentle one under a precaution that asks
    /// for gentle positions.
    @Test func everyPlannedStepHasItsDrawing() throws {
        let planner = Planner(catalog: catalog)
        let regionSets = catalog.regions.map { [$0.id] } + [catalog.regions.map(\.id)]
        let toolIDs = catalog.tools.map(\.id)
        let toolSets = (1..<(1 << toolIDs.count)).map { mask in toolIDs.indices.filter { mask & (1 << $0) != 0 }.map { toolIDs[$0] } }
        let answerSets: [[QuestionID: Bool]] = [[:]] + catalog.screening.precautions.map { [$0.id: true] }
        var seen: Set<String> = []
        var plans = 0
        for regions in regionSets {
            for tools in toolSets {
                for answers in answerSets {
                    for (minutes, rested) in [(10, false), (30, false), (30, true)] {
                        let request = PlanRequest(
                            regions: regions, tools: tools, minutes: minutes, answers: answers,
                            recentDeepPressure: rested ? ["gluteus-maximus"] : [])
                        guard case .plan(let plan) = try? planner.plan(request) else { continue }
                        plans += 1
                        let gentle = catalog.screening.precautions.contains { answers[$0.id] == true && $0.effects.gentlePositions }
                        for step in plan.steps {
                            let id = try #require(step.drawing, "step \(step.number) of \(regions) \(tools) \(answers) has no drawing")
                            #expect(renderer.svg(id) != nil, "\(id) does not render")
                            #expect(!gentle || step.technique == .hydrate || id.hasSuffix("-gentle"), "\(id) under \(answers)")
                            seen.insert(id)
                        }
                    }
                }
            }
        }
        #expect(plans > 100)
        // The planner reaches the drawings that matter most, usual and gentle.
        for id in [
            "warm-up", "warm-up-gentle", "hydrate", "foam-roll-gluteus-maximus-roller", "foam-roll-gluteus-maximus-roller-gentle",
            "sustained-pressure-piriformis-ball", "pin-and-stretch-gluteus-medius-ball-gentle", "release-and-search-gluteus-minimus-ball",
        ] {
            #expect(seen.contains(id), "no plan used \(id)")
        }
    }

    /// A plan given back (from a file or a client) is coached with Knotwork's own drawings,
    /// whatever drawing its steps named.
    @Test func anAdoptedPlanGetsItsDrawingsAnew() throws {
        let planner = Planner(catalog: catalog)
        let made = try plan(PlanRequest(regions: ["buttock"], minutes: 20))
        let data = try JSONEncoder().encode(made)
        var object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        var steps = try #require(object["steps"] as? [[String: Any]])
        for index in steps.indices { steps[index]["drawing"] = index == 0 ? "not-a-drawing" : nil }
        object["steps"] = steps
        let given = try JSONDecoder().decode(Plan.self, from: try JSONSerialization.data(withJSONObject: object))
        #expect(given.steps.first?.drawing == "not-a-drawing")
        #expect(given.steps.dropFirst().allSatisfy { $0.drawing == nil })
        let (outcome, _) = try planner.adopt(given, answers: [:], recentDeepPressure: [])
        guard case .plan(let adopted) = outcome else {
            Issue.record("expected a plan")
            return
        }
        #expect(adopted.steps.map(\.drawing) == made.steps.map(\.drawing))
    }

    // MARK: - The SVG

    /// Every drawing, and the anatomy with and without regions lit, is well-formed XML: an
    /// `<svg role="img">` with a viewBox whose title is its text alternative.
    @Test func everyDrawingIsSVGWithItsTextAlternative() throws {
        var documents: [(String, String, String)] = catalog.drawings.ids.map { id in
            (id, renderer.svg(id) ?? "", renderer.text(id) ?? "")
        }
        for regions in [[]] + catalog.regions.map({ [$0.id] }) + [catalog.regions.map(\.id)] {
            documents.append(("anatomy \(regions)", renderer.anatomy(lit: regions), renderer.anatomyText(lit: regions)))
        }
        #expect(documents.count == catalog.drawings.ids.count + catalog.regions.count + 2)
        for (id, svg, text) in documents {
            let parsed = try #require(ParsedSVG(svg), "\(id) is not well-formed XML")
            #expect(parsed.root == "svg", "\(id)")
            #expect(parsed.rootAttributes["role"] == "img", "\(id)")
            #expect(parsed.rootAttributes["viewBox"]?.hasPrefix("0 0 ") == true, "\(id)")
            #expect(parsed.rootAttributes["aria-labelledby"] == parsed.titleID, "\(id)")
            #expect(text.count > 30, "\(id) has too short a text alternative")
            #expect(parsed.title == text, "\(id)")
            #expect(parsed.shapes >= 4, "\(id) draws too little")
            // Small enough to load a dozen on a phone at once: a step's drawing within 3.5 KB.
            #expect(svg.utf8.count < (id.hasPrefix("anatomy") ? 6144 : 3584), "\(id) is \(svg.utf8.count) bytes")
            if svg.contains("animation:") {
                #expect(
                    svg.contains("@media(prefers-reduced-motion:reduce){*{animation:none!important}}"), "\(id) moves under reduced motion")
            }
        }
    }

    @Test func motionFollowsTheTechnique() throws {
        let roll = try #require(renderer.svg("foam-roll-gluteus-maximus-roller"))
        let pin = try #require(renderer.svg("pin-and-stretch-piriformis-ball"))
        let hold = try #require(renderer.svg("sustained-pressure-piriformis-ball"))
        #expect(roll.contains("@keyframes m") && roll.contains("class=\"m\""))
        #expect(pin.contains("@keyframes k") && pin.contains("rotate(12deg)") && pin.contains("class=\"k\""))
        #expect(!hold.contains("@keyframes"))
        #expect(renderer.svg("sustained-pressure-nothing-ball") == nil)
        #expect(renderer.svg("foam-roll-piriformis-ball") == nil)
    }

    @Test func theAnatomyLightsTheReferral() throws {
        let text = renderer.anatomyText(lit: ["outer-hip"])
        #expect(text.contains("outer hip"))
        #expect(text.contains("gluteus medius and gluteus minimus"))
        #expect(!text.contains("piriformis ("))
        let lit = renderer.anatomy(lit: ["outer-hip"])
        let plain = renderer.anatomy(lit: [])
        #expect(lit.contains("#f2a65a") && !plain.contains("#f2a65a"))
        // The piriformis does not refer to the outer hip: grey, without its spots.
        #expect(!lit.contains("fill=\"#2f6fb3\""))
        #expect(plain.contains("fill=\"#2f6fb3\""))
    }

    /// Words from the data are escaped: a text alternative with markup stays text.
    @Test func textIsEscaped() throws {
        let files = try files(editing: "drawings.json") { object in
            editEntry(&object, "moves", id: "hydrate") { $0["text"] = "Drink <water> & \"rest\" 'now'" }
        }
        let edited = try Catalog.decode(files: files)
        let svg = try #require(DrawingRenderer(catalog: edited).svg("hydrate"))
        #expect(svg.contains("Drink &lt;water&gt; &amp; &quot;rest&quot; &#39;now&#39;"))
        #expect(ParsedSVG(svg)?.title == "Drink <water> & \"rest\" 'now'")
    }
}

/// What an XML parser makes of a drawing: the root element, its attributes, the title, and how
/// many shapes it draws.
private final class ParsedSVG: NSObject, XMLParserDelegate {
    private(set) var root = ""
    private(set) var rootAttributes: [String: String] = [:]
    private(set) var title = ""
    private(set) var titleID: String?
    private(set) var shapes = 0
    private var inTitle = false

    init?(_ svg: String) {
        super.init()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = self
        guard parser.parse() else { return nil }
    }

    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        if root.isEmpty {
            root = name
            rootAttributes = attributes
        }
        if name == "title" {
            inTitle = true
            titleID = attributes["id"]
        }
        if ["path", "circle", "rect"].contains(name) { shapes += 1 }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "title" { inTitle = false }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inTitle { title += string }
    }
}
