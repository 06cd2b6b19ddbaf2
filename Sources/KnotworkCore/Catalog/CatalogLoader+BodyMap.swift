extension Catalog {
    // MARK: - Body map

    /// How far inside the body's outline every target keeps, in the view's units.
    static let bodyMapMargin = 1.5

    /// Reads the body map: its views, each target inside the body and clear of the others, every
    /// region of `regions.json` drawn, and a region with sides drawn for both.
    static func readBodyMap(_ reader: JSONReader, regions: [Region]) throws(CatalogError) -> BodyMap {
        var ids = IDSet(noun: "body map view")
        var views: [BodyMap.View] = []
        for entry in try reader.entries("views") {
            let id = try ids.claim(entry)
            let name = try entry.string("name")
            if let original = try entry.optionalString("mirrorOf") {
                guard let view = views.first(where: { $0.id == original }) else {
                    throw entry.fail(
                        "mirrorOf",
                        "'\(original)' is not a view given before this one; \(Suggestion.hint(for: original, in: views.map(\.id)))")
                }
                views.append(mirrored(view, id: id, name: name))
            } else {
                views.append(try readView(entry, id: id, name: name, regions: regions))
            }
            try entry.finish()
        }
        try reader.finish()
        let targets = views.flatMap(\.targets)
        for region in regions {
            let drawn = targets.filter { $0.region == region.id }
            guard !drawn.isEmpty else { throw reader.fail("views", "draws no target for region '\(region.id)'") }
            let sides = Set(drawn.compactMap(\.side))
            if drawn.contains(where: { $0.side == nil }), !sides.isEmpty {
                throw reader.fail("views", "draws region '\(region.id)' both with and without a side")
            }
            if !sides.isEmpty, sides.count < BodySide.allCases.count {
                throw reader.fail("views", "draws region '\(region.id)' on one side only: each side needs its target")
            }
        }
        return BodyMap(views: views)
    }

    private static func readView(_ entry: JSONReader, id: String, name: String, regions: [Region]) throws(CatalogError) -> BodyMap.View {
        let bounds = (width: try positive(entry, "width"), height: try positive(entry, "height"))
        let mirror = try entry.bool("mirror", default: false)
        var outline = try entry.points("outline", in: bounds, minimum: 3)
        if mirror {
            // The left half, from the middle line down and back to it.
            guard outline.first?.x == bounds.width / 2, outline.last?.x == bounds.width / 2 else {
                throw entry.fail("outline", "of a mirrored view must start and end on the middle line (x = \(bounds.width / 2))")
            }
            outline += outline.dropFirst().dropLast().reversed().map { Point(bounds.width - $0.x, $0.y) }
        }
        let body = Outline.sampled(outline)
        let regionIDs = regions.map(\.id)
        var targets: [BodyMap.Target] = []
        for item in try entry.entries("targets", labelKey: "region") {
            let region = try item.string("region")
            guard regionIDs.contains(region) else {
                throw item.fail("region", "unknown region '\(region)'; \(Suggestion.hint(for: region, in: regionIDs))")
            }
            let side = item.has("side") ? try item.enumValue("side", as: BodySide.self) : nil
            let points = try item.points("points", in: bounds, minimum: 3)
            let label = try item.point("label", in: bounds)
            guard Outline.contains(points, label) else { throw item.fail("label", "is outside the target's shape") }
            for point in Outline.alongEdges(points) {
                guard Outline.contains(body, point), Outline.clearance(body, point) >= bodyMapMargin else {
                    throw item.fail(
                        "points", "reach outside the body near [\(Int(point.x)), \(Int(point.y))]: keep \(bodyMapMargin) inside its outline"
                    )
                }
            }
            var target = BodyMap.Target(region: region, side: side, points: points, label: label)
            var drawn = [target]
            if mirror, let side {
                // Drawn again on the other side.
                target = BodyMap.Target(
                    region: region, side: side == .left ? .right : .left, points: points.map { Point(bounds.width - $0.x, $0.y) },
                    label: Point(bounds.width - label.x, label.y))
                drawn.append(target)
            }
            for new in drawn {
                if targets.contains(where: { $0.region == new.region && $0.side == new.side }) {
                    throw item.fail("region", "'\(region)'\(new.side.map { " on the \($0.rawValue)" } ?? "") is drawn twice in this view")
                }
                for other in targets {
                    let overlap =
                        Outline.alongEdges(new.points).contains { Outline.contains(other.points, $0) }
                        || Outline.alongEdges(other.points).contains { Outline.contains(new.points, $0) }
                    if overlap {
                        throw item.fail(
                            "points",
                            "overlap the target of '\(other.region)'\(other.side.map { " (\($0.rawValue))" } ?? ""): a tap must choose one region"
                        )
                    }
                }
                targets.append(new)
            }
            try item.finish()
        }
        guard !targets.isEmpty else { throw entry.fail("targets", "must list at least one target") }
        return BodyMap.View(id: id, name: name, width: bounds.width, height: bounds.height, outline: outline, targets: targets)
    }

    /// A view seen from the other side: flipped left to right, each target's side swapped.
    private static func mirrored(_ view: BodyMap.View, id: String, name: String) -> BodyMap.View {
        let flip = { (p: Point) in Point(view.width - p.x, p.y) }
        return BodyMap.View(
            id: id, name: name, width: view.width, height: view.height, outline: view.outline.map(flip),
            targets: view.targets.map { target in
                BodyMap.Target(
                    region: target.region, side: target.side.map { $0 == .left ? .right : .left },
                    points: target.points.map(flip), label: flip(target.label))
            })
    }
}
