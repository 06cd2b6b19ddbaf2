/// A plan in the words a person follows it by, in the order a physiotherapist's handout gives
/// them: the heading and a summary, what the precautions change, what a person may wonder
/// about, each step with its heading, side, time and set-up, and the signs that stop a step.
/// Every word comes from the catalog (its phrases, names and screening); ``PlanHandout`` lays
/// it out as a printed page and `knotwork plan` as text, so both say the same.
public struct PlanSheet: Sendable, Equatable {
    /// One step in words.
    public struct Item: Sendable, Equatable {
        public let step: Step
        /// What the step asks, with its side: "Hold the ball on a sore spot in the gluteus
        /// minimus · left side".
        public let heading: String
        /// The planned time, as a clock shows it: "0:45".
        public let time: String
        /// How to set up and what to do: what the coach says as the step begins.
        public let setUp: String
    }

    public let title: String
    /// Where, which side, how long in all and how much of it is pressure work.
    public let summary: String
    /// What a plan made without every screening answer must say first; nil when screened.
    public let notScreened: String?
    /// How each precaution answered yes changed the plan.
    public let precautions: [String]
    /// A tool at hand the plan does not use and why, a plan shorter than asked and why.
    public let notes: [String]
    public let items: [Item]
    /// "Stop at once if you feel any of these:"
    public let stopHeading: String
    /// The sensations that stop a step, in the catalog's order.
    public let stopSignals: [String]
    /// What to do when one happens.
    public let stopMessage: String
    public let disclaimer: String

    public init(plan: Plan, catalog: Catalog) {
        let phrases = catalog.phrases
        title = phrases.render("handout.title")
        let regions = plan.request.regions.map { catalog.region($0)?.name.lowercased() ?? $0 }
        summary = phrases.render(
            "handout.summary",
            [
                "regions": phrases.list(regions), "side": catalog.name(of: plan.request.side),
                "total": TimeText.spoken(plan.totalSeconds), "pressure": TimeText.spoken(plan.pressureSeconds),
            ])
        notScreened =
            plan.isScreened
            ? nil
            : phrases.render(
                "plan.not-screened",
                ["unanswered": String(plan.unansweredScreening.count), "questions": String(catalog.screening.questionIDs.count)])
        precautions = plan.precautions.map(\.planChange)
        notes = catalog.notes(on: plan)
        items = plan.steps.map { step in
            Item(step: step, heading: catalog.heading(of: step), time: TimeText.clock(step.seconds), setUp: step.cue)
        }
        stopHeading = phrases.render("handout.stop")
        stopSignals = catalog.screening.stopSignals.map(\.signal)
        stopMessage = catalog.screening.stopMessage
        disclaimer = phrases.render("handout.disclaimer")
    }
}

extension Catalog {
    /// A body side in words: "left".
    public func name(of side: BodySide) -> String { phrases.render(PhraseKey.side(side)) }

    /// The sides a plan works, in words: "both sides", "the left side".
    public func name(of side: Side) -> String {
        switch side {
        case .both: phrases.render("side.both")
        case .left: phrases.render("side.one", ["side": name(of: BodySide.left)])
        case .right: phrases.render("side.one", ["side": name(of: BodySide.right)])
        }
    }

    /// A step's heading with its side, as every list of steps shows it: "Hold the ball on a
    /// sore spot in the gluteus minimus · left side".
    public func heading(of step: Step) -> String {
        guard let side = step.side else { return title(of: step) }
        return phrases.render("plan.heading-side", ["title": title(of: step), "side": name(of: side)])
    }
}
