/// A session plan: ordered steps with their reasons. Its JSON shape is versioned by ``schema``
/// and documented in `docs/plan-json.md`; the coach and the API use this same type.
public struct Plan: Codable, Sendable, Equatable {
    /// The current version of the JSON shape.
    public static let currentSchema = "knotwork.plan/1"

    public let schema: String
    /// The request the plan answers.
    public let request: PlanRequest
    public let steps: [Step]
    /// Every muscle that may refer pain to a named region, ranked, with whether it is worked and why.
    public let muscles: [MuscleChoice]
    /// Precautions answered yes and how each changed the plan.
    public let precautions: [Precaution]
    /// Screening questions left unanswered.
    public let unansweredScreening: [QuestionID]
    /// Seconds of the whole plan.
    public let totalSeconds: Int
    /// Seconds of pressure work (rolling, holds, pin and stretch); never over the session limit.
    public let pressureSeconds: Int

    public init(
        schema: String = Plan.currentSchema, request: PlanRequest, steps: [Step], muscles: [MuscleChoice] = [],
        precautions: [Precaution] = [], unansweredScreening: [QuestionID] = [], totalSeconds: Int? = nil,
        pressureSeconds: Int? = nil
    ) {
        self.schema = schema
        self.request = request
        self.steps = steps
        self.muscles = muscles
        self.precautions = precautions
        self.unansweredScreening = unansweredScreening
        self.totalSeconds = totalSeconds ?? steps.reduce(0) { $0 + $1.seconds }
        self.pressureSeconds = pressureSeconds ?? steps.filter(\.pressure).reduce(0) { $0 + $1.seconds }
    }
}

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

/// A muscle considered for a plan.
public struct MuscleChoice: Codable, Sendable, Equatable {
    /// A named region this muscle may refer pain to, and its place in that region's list (1 = most typical).
    public struct Referral: Codable, Sendable, Equatable {
        public let region: RegionID
        public let rank: Int

        public init(region: RegionID, rank: Int) {
            self.region = region
            self.rank = rank
        }
    }

    public let muscle: MuscleID
    public let name: String
    public let referrals: [Referral]
    /// Higher is more typical for the named regions; the sum of 1/rank over them.
    public let score: Double
    /// Whether the plan works this muscle.
    public let included: Bool
    public let technique: TechniqueID?
    public let tool: ToolID?
    /// Why it is in, or why it is left out.
    public let reason: String
}

extension Plan {
    /// Whether every screening question was answered when the plan was made. A plan that was
    /// not screened says so wherever it is shown; no session starts without a screening.
    public var isScreened: Bool { unansweredScreening.isEmpty }
}

/// What a plan request leads to.
public enum PlanOutcome: Sendable, Equatable {
    /// A plan to follow.
    case plan(Plan)
    /// A red flag was answered yes: no plan; the result says where to get care.
    case stop(ScreeningResult)
    /// A precaution rules out all pressure work (recent surgery): no plan; each precaution says
    /// why and what is still allowed.
    case withheld([Precaution])
}

/// Why no plan could be made for a valid request, or why a plan may not be coached.
public struct PlanError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The protocol rule a plan breaks, when the error is about a plan.
    public let rule: PlanRule?
    public let problem: String

    public init(problem: String, rule: PlanRule? = nil) {
        self.problem = problem
        self.rule = rule
    }

    public var description: String { problem }
}
