/// A muscle Knotwork can work on.
public struct Muscle: Codable, Sendable, Equatable {
    public let id: MuscleID
    public let name: String
    public let depth: Depth
    public let actions: [String]
    /// Where its trigger points usually are, in plain words.
    public let triggerPoints: [String]
    /// Regions it may send pain to (the set; the order of typicality lives in ``Region/referredFrom``).
    public let refersTo: [RegionID]
    public let referralSummary: String
    /// Tools that suit it.
    public let tools: [ToolID]
    /// The usual position for each kind of tool it can be worked with.
    public let positions: [ToolKind: String]
    /// A gentler position (standing at a wall, no crossing of the legs) for each kind of tool.
    public let gentlePositions: [ToolKind: String]
    /// A safety note spoken with every step on this muscle done with a tool of that kind
    /// (the sciatic-nerve caution of ball work near it).
    public let cautions: [ToolKind: String]
}
