/// The body map as inline SVG, one `<figure>` per view, for the web app to put in its page:
/// each target is a toggle button (`role="button"`, `aria-pressed`, focusable, named in words
/// such as "Left buttock") carrying `data-region` and, when it has one, `data-side`. Pure: the
/// same catalog always gives the same bytes.
public struct BodyMapRenderer: Sendable {
    public let catalog: Catalog

    public init(catalog: Catalog) {
        self.catalog = catalog
    }

    /// The label's font size in the views' units (the page's style sets the same).
    static let fontSize = 8.5

    /// Every view of the map, in the order of the data.
    public func html() -> String {
        catalog.drawings.bodyMap.views.map(figure).joined(separator: "\n")
    }

    /// What a target is called: "Left buttock", or the region's name for one on the middle line.
    public func name(region: RegionID, side: BodySide?) -> String {
        guard let found = catalog.region(region) else { return region }
        guard let side else { return found.name }
        let word = catalog.phrases.render(PhraseKey.side(side))
        return catalog.phrases.render("ui.map.target", ["side": word, "region": found.label.lowercasingFirst()])
    }

    private func figure(_ view: BodyMap.View) -> String {
        let f = Markup.number
        let caption = "map-\(view.id)-name"
        var svg = "<figure class=\"map map-\(view.id)\">"
        svg += "<svg viewBox=\"0 0 \(f(view.width)) \(f(view.height))\" role=\"group\" aria-labelledby=\"\(caption)\">"
        // The body fades out at the waist: it goes on above what the map shows.
        svg +=
            "<defs><linearGradient id=\"fade-\(view.id)\" x1=\"0\" y1=\"0\" x2=\"0\" y2=\"1\">"
            + "<stop offset=\"0\" stop-color=\"#fff\" stop-opacity=\"0\"/><stop offset=\".1\" stop-color=\"#fff\"/></linearGradient>"
            + "<mask id=\"mask-\(view.id)\"><rect width=\"\(f(view.width))\" height=\"\(f(view.height))\" fill=\"url(#fade-\(view.id))\"/></mask></defs>"
        svg += "<path class=\"body-outline\" mask=\"url(#mask-\(view.id))\" d=\"\(Outline.smoothPath(view.outline, format: f))\"/>"
        if view.targets.contains(where: { $0.side == .left }) && view.targets.contains(where: { $0.side == .right }) {
            svg += sideWords(view)
        }
        for target in view.targets {
            let side = target.side.map { " data-side=\"\($0.rawValue)\"" } ?? ""
            svg +=
                "<g class=\"region\" role=\"button\" tabindex=\"0\" aria-pressed=\"false\""
                + " aria-label=\"\(Markup.escaped(name(region: target.region, side: target.side)))\""
                + " data-region=\"\(target.region)\"\(side)>"
            svg += "<path d=\"M" + target.points.map { "\(f($0.x)) \(f($0.y))" }.joined(separator: "L") + "Z\"/>"
            svg += label(target)
            svg += "</g>"
        }
        svg += "</svg><figcaption id=\"\(caption)\">\(Markup.escaped(view.name))</figcaption></figure>"
        return svg
    }

    /// "Left" and "Right" over a view that shows both sides, above the side each is on.
    private func sideWords(_ view: BodyMap.View) -> String {
        let leftX = view.targets.filter { $0.side == .left }.map(\.label.x).min() ?? 0
        let leftOnLeft = leftX < view.width / 2
        let inset = Self.fontSize * 1.6
        let y = Markup.number(Self.fontSize * 1.2)
        let left = Markup.number(leftOnLeft ? inset : view.width - inset)
        let right = Markup.number(leftOnLeft ? view.width - inset : inset)
        return
            "<text class=\"map-side\" aria-hidden=\"true\" x=\"\(left)\" y=\"\(y)\">\(Markup.escaped(catalog.phrases.render("ui.map.left")))</text>"
            + "<text class=\"map-side\" aria-hidden=\"true\" x=\"\(right)\" y=\"\(y)\">\(Markup.escaped(catalog.phrases.render("ui.map.right")))</text>"
    }

    /// The region's short name on the target, on two lines when it is wider than the target.
    private func label(_ target: BodyMap.Target) -> String {
        let text = catalog.region(target.region)?.label ?? target.region
        let xs = target.points.map(\.x)
        let room = (xs.max() ?? 0) - (xs.min() ?? 0) - 4
        var lines = [text]
        if Double(text.count) * Self.fontSize * 0.55 > room, let split = Self.middleSpace(text) {
            lines = [String(text[..<split]), String(text[text.index(after: split)...])]
        }
        let lineHeight = Self.fontSize * 1.15
        let first = target.label.y + Self.fontSize * 0.35 - lineHeight * Double(lines.count - 1) / 2
        return lines.enumerated().map { index, line in
            "<text x=\"\(Markup.number(target.label.x))\" y=\"\(Markup.number(first + lineHeight * Double(index)))\" aria-hidden=\"true\">\(Markup.escaped(line))</text>"
        }.joined()
    }

    /// The space nearest the middle of a text.
    private static func middleSpace(_ text: String) -> String.Index? {
        let middle = text.count / 2
        return text.indices.filter { text[$0] == " " }.min {
            abs(text.distance(from: text.startIndex, to: $0) - middle) < abs(text.distance(from: text.startIndex, to: $1) - middle)
        }
    }
}
