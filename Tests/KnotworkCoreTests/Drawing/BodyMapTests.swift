import Foundation
import KnotworkCore
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

@Suite("Body map")
struct BodyMapTests {
    let catalog = bundledCatalog

    // MARK: - What the map offers

    /// Every region can be chosen; a region with sides has a target on each side, and one on the
    /// middle line has one target; each target is a named, focusable toggle.
    @Test func everyRegionHasItsTargetsEachNamedAndFocusable() throws {
        let targets = try #require(MapTargets(BodyMapRenderer(catalog: catalog).html()))
        for region in catalog.regions {
            let drawn = targets.all.filter { $0["data-region"] == region.id }
            #expect(!drawn.isEmpty, "\(region.id) cannot be chosen")
            let sides = Set(drawn.compactMap { $0["data-side"] })
            if catalog.drawings.bodyMap.isSided(region.id) {
                #expect(sides == ["left", "right"], "\(region.id)")
            } else {
                #expect(sides.isEmpty && drawn.count == 1, "\(region.id)")
            }
        }
        for target in targets.all {
            #expect(target["role"] == "button" && target["tabindex"] == "0" && target["aria-pressed"] == "false")
            #expect((target["aria-label"] ?? "").count > 3)
        }
        // The midline regions are one each; the buttock is a left and a right target.
        #expect(catalog.drawings.bodyMap.isSided("buttock"))
        #expect(!catalog.drawings.bodyMap.isSided("sacrum"))
        let names = Set(targets.all.compactMap { $0["aria-label"] })
        #expect(names.isSuperset(of: ["Left buttock", "Right buttock", "Left outer hip", "Right side of thigh", "Low back"]))
        // Each view is a labelled group with its caption.
        #expect(targets.groups == catalog.drawings.bodyMap.views.count)
        #expect(targets.captions == ["From behind", "Left side", "Right side"])
    }

    /// The right side's view is the left one seen from the other side: same shapes flipped,
    /// sides swapped.
    @Test func theRightSideIsTheLeftMirrored() throws {
        let views = catalog.drawings.bodyMap.views
        let left = try #require(views.first { $0.id == "left-side" })
        let right = try #require(views.first { $0.id == "right-side" })
        #expect(left.targets.allSatisfy { $0.side == .left })
        #expect(right.targets.allSatisfy { $0.side == .right })
        #expect(
            zip(left.targets, right.targets).allSatisfy { a, b in
                a.region == b.region && zip(a.points, b.points).allSatisfy { $0.x == left.width - $1.x && $0.y == $1.y }
            })
    }

    /// The words come from the data: a region's short name is written on the map, a target's
    /// name is built from the phrases, and markup in either stays text.
    @Test func wordsComeFromTheDataAndAreEscaped() throws {
        var edited = try files(editing: "regions.json") { object in
            editEntry(&object, "regions", id: "buttock") { $0["label"] = "Seat <&>" }
        }
        edited["phrases.en.json"] = try files(editing: "phrases.en.json") { object in
            var phrases = object["phrases"] as! [String: Any]
            phrases["ui.map.target"] = "{region} ({side})"
            object["phrases"] = phrases
        }["phrases.en.json"]
        let html = BodyMapRenderer(catalog: try Catalog.decode(files: edited)).html()
        #expect(html.contains(">Seat &lt;&amp;&gt;</text>"))
        #expect(html.contains("aria-label=\"seat &lt;&amp;&gt; (left)\""))
        #expect(!html.contains("Buttock"))
    }

    // MARK: - Validation

    @Test func aTargetOutsideTheBodyIsAnError() throws {
        let error = catalogError(
            try editingView("left-side") { view in
                var targets = view["targets"] as! [[String: Any]]
                targets[0]["points"] = [[32, 56], [100, 56], [84, 98], [30, 98]]
                view["targets"] = targets
            })
        #expect(error?.file == "drawings.json")
        #expect(error?.entry == "outer-hip")
        #expect(error?.field == "points")
        #expect(error?.problem.contains("outside the body") == true)
    }

    @Test func overlappingTargetsAreAnError() throws {
        let error = catalogError(
            try editingView("back") { view in
                var targets = view["targets"] as! [[String: Any]]
                targets[1]["points"] = [[78, 30], [122, 30], [114, 78], [86, 78]]
                view["targets"] = targets
            })
        #expect(error?.entry == "sacrum")
        #expect(error?.problem.contains("overlap the target of 'low-back'") == true)
    }

    @Test func everyRegionMustBeDrawnOnBothSidesOrOnTheMiddleLine() throws {
        // The outer hip drawn on the left only: the right-side view mirrors nothing.
        let oneSide = catalogError(
            try files(editing: "drawings.json") { object in
                var map = object["bodyMap"] as! [String: Any]
                map["views"] = (map["views"] as! [[String: Any]]).filter { $0["id"] as? String != "right-side" }
                object["bodyMap"] = map
            })
        #expect(oneSide?.problem == "draws region 'outer-hip' on one side only: each side needs its target")
        let missing = catalogError(
            try editingView("back") { view in
                view["targets"] = (view["targets"] as! [[String: Any]]).filter { $0["region"] as? String != "tailbone" }
            })
        #expect(missing?.problem == "draws no target for region 'tailbone'")
        let unknown = catalogError(
            try editingView("back") { view in
                var targets = view["targets"] as! [[String: Any]]
                targets[0]["region"] = "lowback"
                view["targets"] = targets
            })
        #expect(unknown?.problem.contains("unknown region 'lowback'; did you mean 'low-back'") == true)
    }

    @Test func aLabelOutsideItsTargetOrAMirrorOfNothingIsAnError() throws {
        let label = catalogError(
            try editingView("back") { view in
                var targets = view["targets"] as! [[String: Any]]
                targets[0]["label"] = [100, 60]
                view["targets"] = targets
            })
        #expect(label?.field == "label")
        let mirror = catalogError(try editingView("right-side") { $0["mirrorOf"] = "left" })
        #expect(mirror?.entry == "right-side")
        #expect(mirror?.problem.contains("'left' is not a view given before this one; did you mean 'left-side'") == true)
    }

    private func editingView(_ id: String, _ edit: @escaping (inout [String: Any]) -> Void) throws -> [String: Data] {
        try files(editing: "drawings.json") { object in
            var map = object["bodyMap"] as! [String: Any]
            editEntry(&map, "views", id: id, edit)
            object["bodyMap"] = map
        }
    }
}

/// The targets, groups and captions of the map's markup, read as XML.
private final class MapTargets: NSObject, XMLParserDelegate {
    private(set) var all: [[String: String]] = []
    private(set) var groups = 0
    private(set) var captions: [String] = []
    private var inCaption = false

    init?(_ html: String) {
        super.init()
        let parser = XMLParser(data: Data("<div>\(html)</div>".utf8))
        parser.delegate = self
        guard parser.parse() else { return nil }
    }

    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        if attributes["data-region"] != nil { all.append(attributes) }
        if name == "svg", attributes["role"] == "group", attributes["aria-labelledby"] != nil { groups += 1 }
        if name == "figcaption" {
            inCaption = true
            captions.append("")
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inCaption { captions[captions.count - 1] += string }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "figcaption" { inCaption = false }
    }
}
