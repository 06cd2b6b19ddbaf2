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
}
