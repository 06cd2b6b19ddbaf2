import Foundation

/// The pictures of the catalog (`drawings.json`): the back view of the pelvis and legs with the
/// muscles, their tender spots and where pain is felt, and a posed figure for every step a plan
/// can hold. Described as data (a small skeleton of joint angles, the tool and the spot) and
/// turned into SVG by ``DrawingRenderer``; every drawing has a text alternative.
public struct Drawings: Sendable, Equatable {
    /// The posed figures' canvas and the skeleton's proportions.
    public let figure: FigureSpec
    /// Named poses, by id.
    public let poses: [String: Pose]
    /// How each technique done with a tool shows: its motion and its words.
    public let looks: [TechniqueID: TechniqueLook]
    /// Where the tool goes for each muscle and kind of tool, usual and gentle.
    public let positions: [PositionSetup]
    /// Warm-up and water.
    public let moves: [MoveSetup]
    public let anatomy: Anatomy
    /// The silhouettes a person taps to say where it hurts.
    public let bodyMap: BodyMap

    /// Every drawing id of a step, in the order of the file: moves, then each position for each
    /// technique done with its kind of tool.
    public let ids: [String]

    /// The drawing that shows a step, or nil for a technique, muscle or tool kind it does not know.
    /// - Parameters:
    ///   - technique: the step's technique.
    ///   - muscle: the muscle worked, for pressure work.
    ///   - toolKind: the kind of tool, for pressure work.
    ///   - gentle: whether a precaution asks for gentle positions (standing at a wall).
    public func id(technique: TechniqueID, muscle: MuscleID?, toolKind: ToolKind?, gentle: Bool) -> String? {
        if looks[technique] == nil {
            let move = moves.first { $0.technique == technique && $0.gentle == gentle }
                ?? moves.first { $0.technique == technique && !$0.gentle }
            return move?.id
        }
        guard let muscle, let toolKind,
            let setup = positions.first(where: { $0.muscle == muscle && $0.toolKind == toolKind && $0.gentle == gentle })
        else { return nil }
        return Self.positionID(technique: technique, setup: setup)
    }

    static func positionID(technique: TechniqueID, setup: PositionSetup) -> String { "\(technique.rawValue)-\(setup.id)" }

    /// What a drawing shows, by id.
    enum Subject {
        case position(PositionSetup, TechniqueID, TechniqueLook)
        case move(MoveSetup)
    }

    func subject(_ id: String) -> Subject? {
        if let move = moves.first(where: { $0.id == id }) { return .move(move) }
        for (technique, look) in looks {
            let prefix = technique.rawValue + "-"
            guard id.hasPrefix(prefix), let setup = positions.first(where: { $0.id == id.dropFirst(prefix.count) }),
                look.toolKinds.contains(setup.toolKind)
            else { continue }
            return .position(setup, technique, look)
        }
        return nil
    }
}

/// A point in a drawing's own units.
public struct Point: Sendable, Equatable {
    public var x: Double
    public var y: Double

    public init(_ x: Double, _ y: Double) {
        self.x = x
        self.y = y
    }

    func moved(_ length: Double, degrees: Double) -> Point {
        let radians = degrees * .pi / 180
        return Point(x + length * cos(radians), y + length * sin(radians))
    }

    /// The distance to the segment from `a` to `b`.
    func distance(toSegment a: Point, _ b: Point) -> Double {
        let dx = b.x - a.x, dy = b.y - a.y
        let lengthSquared = dx * dx + dy * dy
        let t = lengthSquared == 0 ? 0 : max(0, min(1, ((x - a.x) * dx + (y - a.y) * dy) / lengthSquared))
        let px = a.x + t * dx - x, py = a.y + t * dy - y
        return (px * px + py * py).squareRoot()
    }
}

/// The canvas of the posed figures and the lengths of the skeleton's bones.
public struct FigureSpec: Sendable, Equatable {
    public let width: Double
    public let height: Double
    /// Bone lengths by name (see ``Pose/Bone``), and the head's radius.
    public let bones: [Pose.Bone: Double]
}

/// A figure's posture: where the hip is and the angle of every bone, in degrees clockwise from
/// pointing right (90 is straight down). The second limb of a pair (`thigh2`) is the far one.
public struct Pose: Sendable, Equatable {
    public enum View: String, Sendable, CaseIterable {
        /// In profile, facing right.
        case side
        /// Facing the viewer: the limbs start a shoulder's and a hip's width apart.
        case front
    }

    public enum Bone: String, Sendable, CaseIterable {
        case torso, head, upperArm, forearm, thigh, shin, foot, shoulders, hips
    }

    /// The bones whose angles a pose gives.
    public enum Angle: String, Sendable, CaseIterable {
        case torso, upperArm, forearm, upperArm2, forearm2, thigh, shin, foot, thigh2, shin2, foot2
    }

    public let id: String
    public let view: View
    public let hip: Point
    public let floor: Double
    /// Where a wall stands, for poses at a wall.
    public let wall: Double?
    public let angles: [Angle: Double]

    /// The joints of this pose with these proportions.
    func joints(_ bones: [Bone: Double]) -> Joints {
        func bone(_ name: Bone) -> Double { bones[name] ?? 0 }
        func angle(_ name: Angle) -> Double { angles[name] ?? 0 }
        let neck = hip.moved(bone(.torso), degrees: angle(.torso))
        let head = neck.moved(bone(.head) + 1.5, degrees: angle(.torso))
        let wide = view == .front
        let shoulder = wide ? Point(neck.x - bone(.shoulders), neck.y) : neck
        let shoulder2 = wide ? Point(neck.x + bone(.shoulders), neck.y) : neck
        let hipNear = wide ? Point(hip.x - bone(.hips), hip.y) : hip
        let hipFar = wide ? Point(hip.x + bone(.hips), hip.y) : hip
        func limb(_ start: Point, _ a: Angle, _ b: Angle, _ lengthA: Bone, _ lengthB: Bone) -> [Point] {
            let middle = start.moved(bone(lengthA), degrees: angle(a))
            return [start, middle, middle.moved(bone(lengthB), degrees: angle(b))]
        }
        var leg = limb(hipNear, .thigh, .shin, .thigh, .shin)
        leg.append(leg[2].moved(bone(.foot), degrees: angle(.foot)))
        var leg2 = limb(hipFar, .thigh2, .shin2, .thigh, .shin)
        leg2.append(leg2[2].moved(bone(.foot), degrees: angle(.foot2)))
        return Joints(
            hip: hip, neck: neck, head: head, headRadius: bone(.head),
            arm: limb(shoulder, .upperArm, .forearm, .upperArm, .forearm),
            arm2: limb(shoulder2, .upperArm2, .forearm2, .upperArm, .forearm),
            leg: leg, leg2: leg2, hipNear: hipNear)
    }

    /// Where every joint of a posed figure is.
    struct Joints {
        let hip, neck, head: Point
        let headRadius: Double
        /// Shoulder, elbow, hand.
        let arm, arm2: [Point]
        /// Hip, knee, ankle, toe.
        let leg, leg2: [Point]
        /// The hip joint the near leg turns about.
        let hipNear: Point

        var all: [Point] { [hip, neck] + arm + arm2 + leg + leg2 }
    }
}

/// How a technique done with a tool shows in its drawings.
public struct TechniqueLook: Sendable, Equatable {
    public let technique: TechniqueID
    public let motion: Motion
    /// The tool kinds it is done with (from `techniques.json`).
    public let toolKinds: [ToolKind]
    /// What the motion is, in words: the second half of the drawing's text alternative.
    public let text: String
}

/// The motion a drawing shows: as a short animation that stays still when the reader asks for
/// reduced motion, and as arrows that show it either way.
public enum Motion: String, Sendable, CaseIterable {
    /// The body rolls back and forth over the roller.
    case roll
    /// Still.
    case hold
    /// The near knee turns in and out about the hip while the ball stays.
    case pin
    /// The ball moves a little to a spot nearby.
    case search
    /// The near knee lifts and lowers.
    case march
    /// Nothing moves.
    case none
}

/// Where the tool goes and what it presses on, for one muscle, kind of tool, and usual or
/// gentle position; each technique done with that kind of tool draws it with its own motion.
public struct PositionSetup: Sendable, Equatable {
    public let id: String
    public let muscle: MuscleID
    public let toolKind: ToolKind
    public let gentle: Bool
    public let pose: String
    /// The tool's centre, on the figure's canvas.
    public let tool: Point
    /// The spot pressed, on the figure's canvas.
    public let spot: Point
    /// Which way the body rolls, or the ball moves in a search.
    public let along: Point
    /// The spot on the back view of the anatomy (its left half; drawn on both sides).
    public let mapSpot: Point
    /// The position in words: the first half of the drawing's text alternative.
    public let text: String
}

/// A drawing of a step without a tool: the warm-up, or a drink of water.
public struct MoveSetup: Sendable, Equatable {
    public let id: String
    public let technique: TechniqueID
    public let gentle: Bool
    public let pose: String
    public let motion: Motion
    /// Where a glass of water is held, if one is.
    public let cup: Point?
    public let text: String
}

/// A shape of the anatomy: a polygon, a line, or a circle, drawn once or on both sides.
public struct Shape: Sendable, Equatable {
    public let points: [Point]
    /// For a circle: its radius, with its centre as the only point.
    public let radius: Double?
    /// Drawn on both sides: the points are the left half, mirrored about the middle.
    public let mirror: Bool
    /// A line rather than a closed shape.
    public let open: Bool
}

/// The back view of the pelvis and legs.
public struct Anatomy: Sendable, Equatable {
    public struct MuscleShape: Sendable, Equatable {
        public let muscle: MuscleID
        /// A colour as `#rrggbb`.
        public let color: String
        /// The left half's outline; drawn on both sides.
        public let shape: Shape
        /// Its usual tender spots, one for each of the muscle's `triggerPoints`, left half.
        public let spots: [Point]
    }

    public struct RegionShape: Sendable, Equatable {
        public let region: RegionID
        public let shape: Shape
    }

    public let width: Double
    public let height: Double
    public let text: String
    /// Added to ``text`` when regions are lit: `{regions}` and `{muscles}` are their names.
    public let litText: Template
    /// The body's outline: its left half, mirrored.
    public let outline: Shape
    public let bones: [Shape]
    /// The sciatic nerve, left half: ball spots keep clear of it.
    public let nerve: [Point]
    /// Deepest first, so that the shallower ones are drawn over them.
    public let muscles: [MuscleShape]
    public let regions: [RegionShape]

    /// How far a ball's spot keeps from the sciatic nerve, in the anatomy's units.
    public static let nerveClearance = 6.0
}
