import Foundation

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
