/// One step of a plan.
public struct Step: Codable, Sendable, Equatable {
    /// Position in the plan, from 1.
    public let number: Int
    public let technique: TechniqueID
    public let muscle: MuscleID?
    public let tool: ToolID?
    public let side: BodySide?
    /// Planned length.
    public let seconds: Int
    /// The range the step may run to: a hold ends early on "eased" after `min`, never past `max`.
    public let range: Dosage
    /// Whether the step counts as pressure work.
    public let pressure: Bool
    /// Which tender spot of this muscle and side, from 1; nil outside ball work.
    public let spot: Int?
    /// What the coach says as the step begins.
    public let cue: String
    /// Why the step is in the plan.
    public let why: String
    /// The drawing that shows the step (see ``Drawings/ids``): written by the planner with the
    /// cue, so every surface shows the same picture; absent in plans saved before drawings.
    public let drawing: String?

    public init(
        number: Int, technique: TechniqueID, muscle: MuscleID? = nil, tool: ToolID? = nil, side: BodySide? = nil,
        seconds: Int, range: Dosage, pressure: Bool? = nil, spot: Int? = nil, cue: String, why: String = "",
        drawing: String? = nil
    ) {
        self.number = number
        self.technique = technique
        self.muscle = muscle
        self.tool = tool
        self.side = side
        self.seconds = seconds
        self.range = range
        self.pressure = pressure ?? technique.isPressure
        self.spot = spot
        self.cue = cue
        self.why = why
        self.drawing = drawing
    }
}
