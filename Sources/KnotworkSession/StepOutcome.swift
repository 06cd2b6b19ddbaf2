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
    /// Why it was skipped or stopped, as an id: a ``SkipReason`` or a stop signal's id
    /// (`ss-sharp`). Journals written before reasons were ids may hold the old English
    /// words (``SkipReason/init(recorded:)`` reads both).
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

    /// What happened to a step of the plan, as far as it went.
    init(_ step: Step, actualSeconds: Int, outcome: Outcome, reason: String?) {
        self.init(
            number: step.number, technique: step.technique, muscle: step.muscle, side: step.side, plannedSeconds: step.seconds,
            actualSeconds: actualSeconds, outcome: outcome, reason: reason)
    }
}

extension StepOutcome {
    /// Why the engine passed a step over or cut it short, as the journal keeps it: an id, never
    /// words, so that a journal reads the same in any language.
    public enum SkipReason: String, Codable, Sendable, CaseIterable {
        /// The person skipped it.
        case skipped
        /// The session was ended before it (or while it was under way).
        case endedEarly = "ended-early"
        /// Pressure on a muscle whose pressure work was stopped for safety earlier.
        case afterSafetyStop = "after-safety-stop"
        /// Pressure work after the session's limit was reached.
        case pressureLimit = "pressure-limit"

        /// The reason a journal recorded: the id, or the English older journals kept.
        public init?(recorded: String) {
            switch recorded {
            case "session ended early": self = .endedEarly
            case "stopped earlier for safety": self = .afterSafetyStop
            case "pressure limit reached": self = .pressureLimit
            default: self.init(rawValue: recorded)
            }
        }
    }
}
