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
