extension Catalog {
    // MARK: - Drawings

    /// Reads `drawings.json` against the rest of the catalog: every muscle, region and technique
    /// it names must exist, every shape must lie inside its drawing, every drawing must have its
    /// words, and every step a plan can hold must have a drawing.
    static func readDrawings(
        _ root: JSONReader, muscles: [Muscle], regions: [Region], techniques: [Technique]
    ) throws(CatalogError) -> Drawings {
        let figureReader = try root.object("figure")
        let canvas = (width: try positive(figureReader, "width"), height: try positive(figureReader, "height"))
        let bonesReader = try figureReader.object("bones")
        var bones: [Pose.Bone: Double] = [:]
        for bone in Pose.Bone.allCases { bones[bone] = try positive(bonesReader, bone.rawValue) }
        try bonesReader.finish()
        try figureReader.finish()
        let figure = FigureSpec(width: canvas.width, height: canvas.height, bones: bones)

        let poses = try readPoses(root, figure: figure)
        let looks = try readLooks(root, techniques: techniques)
        let anatomy = try readAnatomy(try root.object("anatomy"), muscles: muscles, regions: regions)
        let positions = try readPositions(
            root, canvas: canvas, map: (anatomy.width, anatomy.height), poses: poses, muscles: muscles)
        let moves = try readMoves(root, canvas: canvas, poses: poses, techniques: techniques)
        try checkBallSpots(positions, anatomy: anatomy, root: root)
        let bodyMap = try readBodyMap(try root.object("bodyMap"), regions: regions)
        try root.finish()

        var ids = moves.map(\.id)
        for look in TechniqueID.allCases.compactMap({ looks[$0] }) {
            for setup in positions where look.toolKinds.contains(setup.toolKind) {
                ids.append(Drawings.positionID(technique: look.technique, setup: setup))
            }
        }
        var seen: Set<String> = []
        for id in ids where !seen.insert(id).inserted {
            throw root.fail("moves", "drawing id '\(id)' is given twice (a move's id and a technique with a position's id)")
        }
        return Drawings(
            figure: figure, poses: poses, looks: looks, positions: positions, moves: moves, anatomy: anatomy, bodyMap: bodyMap, ids: ids)
    }

    static func positive(_ reader: JSONReader, _ key: String) throws(CatalogError) -> Double {
        let value = try reader.number(key)
        guard value > 0, value <= 1000 else { throw reader.fail(key, "must be a number above 0 and at most 1000") }
        return value
    }

    private static func readPoses(_ root: JSONReader, figure: FigureSpec) throws(CatalogError) -> [String: Pose] {
        let canvas = (width: figure.width, height: figure.height)
        var ids = IDSet(noun: "pose")
        var poses: [String: Pose] = [:]
        for entry in try root.entries("poses") {
            let id = try ids.claim(entry)
            let view = try entry.enumValue("view", as: Pose.View.self)
            let hip = try entry.point("hip", in: canvas)
            let floor = try entry.number("floor")
            guard (0...figure.height).contains(floor) else { throw entry.fail("floor", "\(floor) is outside 0–\(figure.height)") }
            let wall = try entry.optionalNumber("wall")
            if let wall, !(0...figure.width).contains(wall) { throw entry.fail("wall", "\(wall) is outside 0–\(figure.width)") }
            let anglesReader = try entry.object("angles")
            var angles: [Pose.Angle: Double] = [:]
            for angle in Pose.Angle.allCases {
                let degrees = try anglesReader.number(angle.rawValue)
                guard (-360...360).contains(degrees) else { throw anglesReader.fail(angle.rawValue, "\(degrees)° is outside -360–360") }
                angles[angle] = degrees
            }
            try anglesReader.finish()
            let pose = Pose(id: id, view: view, hip: hip, floor: floor, wall: wall, angles: angles)
            // The figure must fit its canvas, head included, whatever the angles.
            let joints = pose.joints(figure.bones)
            let r = joints.headRadius
            let inside =
                joints.all.allSatisfy { (0...figure.width).contains($0.x) && (0...figure.height).contains($0.y) }
                && (r...(figure.width - r)).contains(joints.head.x) && (r...(figure.height - r)).contains(joints.head.y)
            guard inside else {
                throw entry.fail("angles", "put part of the figure outside the drawing (0–\(figure.width) × 0–\(figure.height))")
            }
            poses[id] = pose
            try entry.finish()
        }
        return poses
    }

    private static func readLooks(_ root: JSONReader, techniques: [Technique]) throws(CatalogError) -> [TechniqueID: TechniqueLook] {
        var looks: [TechniqueID: TechniqueLook] = [:]
        let withTools = techniques.filter { !$0.toolKinds.isEmpty }
        for entry in try root.entries("techniques", labelKey: "technique") {
            let technique = try entry.enumValue("technique", as: TechniqueID.self)
            guard let known = withTools.first(where: { $0.id == technique }) else {
                throw entry.fail("technique", "'\(technique.rawValue)' is done without a tool: draw it under moves")
            }
            guard looks[technique] == nil else { throw entry.fail("technique", "'\(technique.rawValue)' is given twice") }
            looks[technique] = TechniqueLook(
                technique: technique, motion: try entry.enumValue("motion", as: Motion.self), toolKinds: known.toolKinds,
                text: try entry.string("text"))
            try entry.finish()
        }
        for technique in withTools where looks[technique.id] == nil {
            throw root.fail("techniques", "has no entry for technique '\(technique.id.rawValue)'")
        }
        return looks
    }

    private static func readPositions(
        _ root: JSONReader, canvas: (width: Double, height: Double), map: (width: Double, height: Double),
        poses: [String: Pose], muscles: [Muscle]
    ) throws(CatalogError) -> [PositionSetup] {
        let muscleIDs = muscles.map(\.id)
        var ids = IDSet(noun: "position")
        var positions: [PositionSetup] = []
        for entry in try root.entries("positions") {
            let id = try ids.claim(entry)
            let muscleID = try entry.string("muscle")
            guard let muscle = muscles.first(where: { $0.id == muscleID }) else {
                throw entry.fail("muscle", "unknown muscle '\(muscleID)'; \(Suggestion.hint(for: muscleID, in: muscleIDs))")
            }
            let kind = try entry.enumValue("toolKind", as: ToolKind.self)
            guard muscle.positions[kind] != nil else {
                throw entry.fail("toolKind", "'\(kind.rawValue)' is not a kind of tool \(muscleID) is worked with (muscles.json)")
            }
            let gentle = try entry.bool("gentle")
            if positions.contains(where: { $0.muscle == muscleID && $0.toolKind == kind && $0.gentle == gentle }) {
                throw entry.fail("muscle", "\(muscleID) with a \(kind.rawValue)\(gentle ? ", gentle," : "") is drawn twice")
            }
            let pose = try poseID(entry, poses: poses)
            let along = try alongVector(entry)
            positions.append(
                PositionSetup(
                    id: id, muscle: muscleID, toolKind: kind, gentle: gentle, pose: pose, tool: try entry.point("tool", in: canvas),
                    spot: try entry.point("spot", in: canvas), along: along,
                    mapSpot: try entry.point("mapSpot", in: map), text: try entry.string("text")))
            try entry.finish()
        }
        for muscle in muscles {
            for kind in ToolKind.allCases where muscle.positions[kind] != nil {
                for gentle in [false, true]
                where !positions.contains(where: { $0.muscle == muscle.id && $0.toolKind == kind && $0.gentle == gentle }) {
                    throw root.fail(
                        "positions", "has no \(gentle ? "gentle " : "")drawing of \(muscle.id) with a \(kind.rawValue)")
                }
            }
        }
        return positions
    }

    private static func poseID(_ entry: JSONReader, poses: [String: Pose]) throws(CatalogError) -> String {
        let pose = try entry.string("pose")
        guard poses[pose] != nil else {
            throw entry.fail("pose", "unknown pose '\(pose)'; \(Suggestion.hint(for: pose, in: poses.keys.sorted()))")
        }
        return pose
    }

    private static func alongVector(_ entry: JSONReader) throws(CatalogError) -> Point {
        let values = try entry.numbers("along")
        guard values.count == 2 else { throw entry.fail("along", "must be a move [dx, dy]") }
        let along = Point(values[0], values[1])
        let length = (along.x * along.x + along.y * along.y).squareRoot()
        guard (1...10).contains(length) else { throw entry.fail("along", "must be a move of 1 to 10 units") }
        return along
    }

    private static func readMoves(
        _ root: JSONReader, canvas: (width: Double, height: Double), poses: [String: Pose], techniques: [Technique]
    ) throws(CatalogError) -> [MoveSetup] {
        let toolless = techniques.filter(\.toolKinds.isEmpty)
        var ids = IDSet(noun: "move")
        var moves: [MoveSetup] = []
        for entry in try root.entries("moves") {
            let id = try ids.claim(entry)
            let technique = try entry.enumValue("technique", as: TechniqueID.self)
            guard toolless.contains(where: { $0.id == technique }) else {
                throw entry.fail("technique", "'\(technique.rawValue)' is done with a tool: draw it under positions")
            }
            let gentle = try entry.bool("gentle")
            if moves.contains(where: { $0.technique == technique && $0.gentle == gentle }) {
                throw entry.fail("technique", "'\(technique.rawValue)'\(gentle ? " (gentle)" : "") is drawn twice")
            }
            let motion = try entry.enumValue("motion", as: Motion.self)
            guard [.march, .none].contains(motion) else { throw entry.fail("motion", "a move is 'march' or 'none'") }
            moves.append(
                MoveSetup(
                    id: id, technique: technique, gentle: gentle, pose: try poseID(entry, poses: poses), motion: motion,
                    cup: try entry.optionalPoint("cup", in: canvas), text: try entry.string("text")))
            try entry.finish()
        }
        for technique in toolless {
            // A gentle drawing wherever the words change under gentle positions.
            for gentle in technique.gentleInstruction == nil ? [false] : [false, true]
            where !moves.contains(where: { $0.technique == technique.id && $0.gentle == gentle }) {
                throw root.fail("moves", "has no \(gentle ? "gentle " : "")drawing of '\(technique.id.rawValue)'")
            }
        }
        return moves
    }

    // MARK: - Anatomy

    private static func readAnatomy(_ reader: JSONReader, muscles: [Muscle], regions: [Region]) throws(CatalogError) -> Anatomy {
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
    private static func checkBallSpots(_ positions: [PositionSetup], anatomy: Anatomy, root: JSONReader) throws(CatalogError) {
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
