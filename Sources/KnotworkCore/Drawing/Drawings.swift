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
            let move =
                moves.first { $0.technique == technique && $0.gentle == gentle }
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
