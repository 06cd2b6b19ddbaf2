import KnotworkCore

/// What happened to one step of a coached session.
public struct StepOutcome: Codable, Sendable, Equatable {
    public enum Outcome: String, Codable, Sendable, CaseIterable {
        /// Ran its planned time.
        case done
        /// Ended early because the tenderness eased.
        case eased
        /// Skipped by the person.
        case skipped
        /// Stopped for safety (sharp pain, numbness…).
        case stopped
    }

    public var number: Int
    public var technique: TechniqueID
    public var muscle: MuscleID?
    public var side: BodySide?
    public var plannedSeconds: Int
    public var actualSeconds: Int
    public var outcome: Outcome
    /// Why it was skipped or stopped, in words or as a stop-signal id.
    public var reason: String?

    public init(
        number: Int, technique: TechniqueID, muscle: MuscleID? = nil, side: BodySide? = nil, plannedSeconds: Int,
        actualSeconds: Int, outcome: Outcome, reason: String? = nil
    ) {
        self.number = number
        self.technique = technique
        self.muscle = muscle
        self.side = side
        self.plannedSeconds = plannedSeconds
        self.actualSeconds = actualSeconds
        self.outcome = outcome
        self.reason = reason
    }
}
