extension Catalog {
    // MARK: - Anatomy

    static func readAnatomy(_ reader: JSONReader, muscles: [Muscle], regions: [Region]) throws(CatalogError) -> Anatomy {
        let width = try positive(reader, "width")
        let height = try positive(reader, "height")
        let bounds = (width: width, height: height)
        let outline = try shape(try reader.object("outline"), bounds: bounds)
        var bones: [Shape] = []
        for entry in try reader.entries("bones") {
            bones.append(try shape(entry, bounds: bounds))
            try entry.finish()
        }
        let nerve = try reader.points("nerve", in: bounds, minimum: 2)

        let muscleIDs = muscles.map(\.id)
        var drawn: [Anatomy.MuscleShape] = []
        var depth = Depth.deep
        for entry in try reader.entries("muscles", labelKey: "muscle") {
            let id = try entry.string("muscle")
            guard let muscle = muscles.first(where: { $0.id == id }) else {
                throw entry.fail("muscle", "unknown muscle '\(id)'; \(Suggestion.hint(for: id, in: muscleIDs))")
            }
            guard !drawn.contains(where: { $0.muscle == id }) else { throw entry.fail("muscle", "'\(id)' is drawn twice") }
            // Layers: a deeper muscle is drawn first, so that the shallower ones lie over it.
            guard rank(muscle.depth) <= rank(depth) else {
                throw entry.fail("muscle", "'\(id)' (\(muscle.depth.rawValue)) must come before the \(depth.rawValue) muscles above it")
            }
            depth = muscle.depth
            let color = try entry.string("color")
            guard color.count == 7, color.first == "#", color.dropFirst().allSatisfy({ $0.isHexDigit && !$0.isUppercase }) else {
                throw entry.fail("color", "'\(color)' is not a colour like #c0392b")
            }
            let points = try entry.points("points", in: bounds, minimum: 3)
            let spots = try entry.points("spots", in: bounds, minimum: 1)
            guard spots.count == muscle.triggerPoints.count else {
                throw entry.fail(
                    "spots", "marks \(spots.count) tender spots; muscles.json lists \(muscle.triggerPoints.count) trigger points for \(id)")
            }
            drawn.append(
                Anatomy.MuscleShape(
                    muscle: id, color: color, shape: Shape(points: points, radius: nil, mirror: true, open: false), spots: spots))
            try entry.finish()
        }
        for muscle in muscles where !drawn.contains(where: { $0.muscle == muscle.id }) {
            throw reader.fail("muscles", "has no shape for muscle '\(muscle.id)'")
        }

        let regionIDs = regions.map(\.id)
        var areas: [Anatomy.RegionShape] = []
        for entry in try reader.entries("regions", labelKey: "region") {
            let id = try entry.string("region")
            guard regionIDs.contains(id) else {
                throw entry.fail("region", "unknown region '\(id)'; \(Suggestion.hint(for: id, in: regionIDs))")
            }
            guard !areas.contains(where: { $0.region == id }) else { throw entry.fail("region", "'\(id)' is drawn twice") }
            areas.append(Anatomy.RegionShape(region: id, shape: try shape(entry, bounds: bounds)))
            try entry.finish()
        }
        for region in regionIDs where !areas.contains(where: { $0.region == region }) {
            throw reader.fail("regions", "has no shape for region '\(region)'")
        }
        let text = try reader.string("text")
        let litText = Template(try reader.string("litText"))
        guard litText.isWellFormed else { throw reader.fail("litText", "has an unclosed or malformed {placeholder}") }
        for name in litText.placeholders where !["regions", "muscles"].contains(name) {
            throw reader.fail("litText", "unknown placeholder '{\(name)}'; \(Suggestion.hint(for: name, in: ["muscles", "regions"]))")
        }
        try reader.finish()
        return Anatomy(
            width: width, height: height, text: text, litText: litText, outline: outline, bones: bones, nerve: nerve, muscles: drawn,
            regions: areas)
    }

    private static func rank(_ depth: Depth) -> Int {
        switch depth {
        case .superficial: 0
        case .intermediate: 1
        case .deep: 2
        }
    }

    /// `{"points": […], "mirror": …, "open": …}` or `{"circle": [x, y, r], "mirror": …}`.
    private static func shape(_ reader: JSONReader, bounds: (width: Double, height: Double)) throws(CatalogError) -> Shape {
        let mirror = try reader.bool("mirror", default: false)
        if reader.has("circle") { return try circleShape(reader, bounds: bounds, mirror: mirror) }
        let open = try reader.bool("open", default: false)
        let points = try reader.points("points", in: bounds, minimum: open ? 2 : 3)
        return Shape(points: points, radius: nil, mirror: mirror, open: open)
    }

    private static func circleShape(
        _ reader: JSONReader, bounds: (width: Double, height: Double), mirror: Bool
    ) throws(CatalogError) -> Shape {
        let values = try reader.numbers("circle")
        guard values.count == 3, values[2] > 0, (0...bounds.width).contains(values[0]), (0...bounds.height).contains(values[1])
        else { throw reader.fail("circle", "must be [x, y, radius] with the centre inside the drawing and a radius above 0") }
        return Shape(points: [Point(values[0], values[1])], radius: values[2], mirror: mirror, open: false)
    }

    /// Knotwork never shows a ball pressing on the sciatic nerve: every ball spot keeps its
    /// distance from the nerve's line on the anatomy.
    static func checkBallSpots(_ positions: [PositionSetup], anatomy: Anatomy, root: JSONReader) throws(CatalogError) {
        for setup in positions where setup.toolKind == .ball {
            let nerve = anatomy.nerve
            let distance = zip(nerve, nerve.dropFirst()).map { setup.mapSpot.distance(toSegment: $0, $1) }.min() ?? .infinity
            if distance < Anatomy.nerveClearance {
                throw CatalogError(
                    file: "drawings.json", entry: setup.id, field: "mapSpot",
                    problem:
                        "lies on the sciatic nerve (\((distance * 10).rounded() / 10) units from it; keep at least \(Anatomy.nerveClearance)): a ball goes to the upper, outer buttock or beside the sacrum, never the lower middle"
                )
            }
        }
    }
}
