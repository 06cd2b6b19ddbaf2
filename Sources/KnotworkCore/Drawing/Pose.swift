import Foundation

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
