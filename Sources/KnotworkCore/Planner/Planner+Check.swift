/// A rule of the protocol that every coached plan keeps, wherever it was made.
public enum PlanRule: String, Codable, Sendable, CaseIterable {
    /// The JSON shape is `knotwork.plan/1`.
    case schema
    /// Steps are numbered 1, 2, 3…, with known muscles and tools and the fields their technique needs.
    case steps
    /// No red flag or combination is answered yes in the plan's request.
    case redFlag = "red-flag"
    /// No pressure work under a precaution that rules it out (recent surgery).
    case noPressureWork = "no-pressure-work"
    /// No tool kind or firmness, and no technique, that a precaution rules out.
    case precaution
    /// Each tool suits its technique and its muscle.
    case toolSuitsMuscle = "tool-suits-muscle"
    /// Only tools at hand.
    case toolAtHand = "tool-at-hand"
    /// Only the sides asked for.
    case side
    /// Each step within its technique's range of seconds; rolling 1–2 minutes per muscle and side.
    case dosage
    /// One hold per spot, then at most one pin and stretch; a "shorter holds" precaution caps
    /// the two together.
    case continuousPressure = "continuous-pressure"
    /// At most the catalog's tender spots per muscle and side.
    case spots
    /// Warm-up first, then water.
    case warmUpFirst = "warm-up-first"
    /// Water at the end.
    case waterAtEnd = "water-at-end"
    /// Pressure work within 10 minutes a session.
    case pressureLimit = "pressure-limit"
    /// The whole plan within the minutes asked for.
    case sessionLength = "session-length"
    /// No deep pressure on a muscle that had it within 24 hours.
    case restBetween = "rest-between"
}

/// One way a plan breaks a rule.
public struct PlanViolation: Sendable, Equatable, CustomStringConvertible {
    public let rule: PlanRule
    /// The step at fault (its number), if one is.
    public let step: Int?
    public let problem: String

    public var description: String { "\(step.map { "step \($0)" } ?? "plan") breaks rule '\(rule.rawValue)': \(problem)" }
}

extension Planner {
    /// Checks a plan made anywhere (the planner, a saved file, an API client) against the
    /// protocol under its own request: the one validator every surface uses before coaching.
    /// - Throws: ``PlanError`` naming the first rule broken and the step at fault.
    public func check(_ plan: Plan) throws(PlanError) {
        if let first = violations(of: plan).first {
            throw PlanError(problem: first.description, rule: first.rule)
        }
    }

    /// Every rule a plan breaks, in the order of ``PlanRule``; empty for a plan that may be coached.
    public func violations(of plan: Plan) -> [PlanViolation] {
        var found: [PlanViolation] = []
        func fail(_ rule: PlanRule, _ step: Step?, _ problem: String) {
            found.append(PlanViolation(rule: rule, step: step?.number, problem: problem))
        }
        let request = plan.request
        let screening = catalog.screening.evaluate(request.answers)
        let constraints = Constraints(screening.verdict == .stop ? [] : screening.precautions)
        let withheld = screening.precautions.filter(\.effects.skipPressureWork).map(\.id)
        let hold = catalog.technique(.sustainedPressure).seconds
        let pin = catalog.technique(.pinAndStretch).seconds

        if plan.schema != Plan.currentSchema {
            fail(.schema, nil, "'\(plan.schema)' is not \(Plan.currentSchema)")
        }
        if plan.steps.isEmpty { fail(.steps, nil, "there are no steps") }
        if screening.verdict == .stop {
            let ids = screening.redFlags.map(\.id) + screening.escalations.map(\.id)
            fail(.redFlag, nil, "the request answers yes to \(ids.joined(separator: ", ")): no self-treatment")
        }

        var pressure = 0
        var total = 0
        var rolled: [String: Int] = [:]
        var spots: [String: Int] = [:]
        // The spot under continuous pressure: consecutive ball pressure on one muscle and side.
        var period: (key: String, holds: Int, pins: Int, seconds: Int)?
        for (index, step) in plan.steps.enumerated() {
            let technique = catalog.technique(step.technique)
            total += step.seconds
            if step.number != index + 1 {
                fail(.steps, step, "field 'number' is \(step.number); steps are numbered 1, 2, 3…")
            }
            if step.pressure != step.technique.isPressure {
                fail(.steps, step, "field 'pressure' must be \(step.technique.isPressure) for \(step.technique.rawValue)")
            }
            let needsTool = !technique.toolKinds.isEmpty
            let muscle = step.muscle.flatMap { catalog.muscle($0) }
            let tool = step.tool.flatMap { catalog.tool($0) }
            if let id = step.muscle, muscle == nil {
                fail(.steps, step, "field 'muscle': unknown muscle '\(id)'; \(Suggestion.hint(for: id, in: catalog.muscles.map(\.id)))")
            }
            if let id = step.tool, tool == nil {
                fail(.steps, step, "field 'tool': unknown tool '\(id)'; \(Suggestion.hint(for: id, in: catalog.tools.map(\.id)))")
            }
            if needsTool, step.muscle == nil || step.tool == nil || step.side == nil {
                fail(.steps, step, "\(step.technique.rawValue) needs a muscle, a tool and a side")
            }
            if !needsTool, step.muscle != nil || step.tool != nil {
                fail(.steps, step, "\(step.technique.rawValue) is done without a muscle or a tool")
            }

            // Dosage.
            let range = technique.seconds
            if !(range.min...range.max).contains(step.seconds) {
                fail(.dosage, step, "field 'seconds': \(step.seconds) is outside \(step.technique.rawValue)'s \(range.min)–\(range.max) s")
            }
            if step.range.min < range.min || step.range.max > range.max
                || !(step.range.min...max(step.range.min, step.range.max)).contains(step.seconds)
            {
                fail(
                    .dosage, step,
                    "field 'range': \(step.range.min)–\(step.range.max) s must hold the step's \(step.seconds) s within \(range.min)–\(range.max) s"
                )
            }

            if let side = step.side, !request.side.bodySides.contains(side) {
                fail(.side, step, "the \(side.rawValue) side was not asked for (side: \(request.side.rawValue))")
            }
            if let tool {
                if !technique.toolKinds.contains(tool.kind) {
                    fail(.toolSuitsMuscle, step, "the \(tool.id) is not used for \(step.technique.rawValue)")
                }
                if let muscle, !muscle.tools.contains(tool.id) {
                    fail(
                        .toolSuitsMuscle, step,
                        "the \(tool.id) does not suit the \(muscle.id) (it is worked with \(muscle.tools.joined(separator: ", ")))")
                }
                if !request.tools.contains(tool.id) {
                    fail(.toolAtHand, step, "the \(tool.id) is not among the tools at hand (\(request.tools.joined(separator: ", ")))")
                }
                if !constraints.allows(tool) {
                    fail(.precaution, step, "the \(tool.id) is ruled out by \(constraints.sources.joined(separator: ", "))")
                }
            }
            if constraints.avoidTechniques.contains(step.technique) {
                fail(.precaution, step, "\(step.technique.rawValue) is ruled out by \(constraints.sources.joined(separator: ", "))")
            }
            if step.pressure, !withheld.isEmpty {
                fail(.noPressureWork, step, "\(withheld.joined(separator: ", ")) rules out all pressure work")
            }
            if step.technique.isDeepPressure, let id = step.muscle,
                request.recentDeepPressure.contains(id)
            {
                fail(.restBetween, step, "the \(id) had deep pressure in the last \(Self.restHours) hours: rolling only today")
            }

            // Continuous pressure on one spot, rolling per side, spots per side.
            let key = "\(step.muscle ?? "")|\(step.side?.rawValue ?? "")"
            if step.technique == .foamRoll {
                rolled[key, default: 0] += step.seconds
                let roll = catalog.technique(.foamRoll).seconds
                if rolled[key]! > roll.max, rolled[key]! - step.seconds <= roll.max {
                    fail(
                        .dosage, step,
                        "rolling the \(step.muscle ?? "muscle") on the \(step.side?.rawValue ?? "") side adds up to \(rolled[key]!) s, over \(roll.max) s"
                    )
                }
            }
            if step.technique.isDeepPressure {
                if period?.key != key {
                    period = (key, 0, 0, 0)
                    spots[key, default: 0] += 1
                    if spots[key]! == catalog.limits.maxSpotsPerMusclePerSide + 1 {
                        fail(
                            .spots, step,
                            "more than \(catalog.limits.maxSpotsPerMusclePerSide) tender spots on the \(step.muscle ?? "muscle"), \(step.side?.rawValue ?? "") side"
                        )
                    }
                }
                if step.technique == .sustainedPressure {
                    period!.holds += 1
                    if period!.holds == 2 || period!.pins > 0 {
                        fail(.continuousPressure, step, "a second hold on the same spot without releasing and moving the ball first")
                    }
                } else {
                    period!.pins += 1
                    if period!.holds == 0 || period!.pins == 2 {
                        fail(.continuousPressure, step, "pin and stretch comes once, right after a hold on the same spot")
                    }
                }
                period!.seconds += step.seconds
                let cap = constraints.maxHoldSeconds ?? (hold.max + pin.max)
                if period!.seconds > cap, period!.seconds - step.seconds <= cap {
                    let by =
                        constraints.maxHoldSeconds == nil
                        ? "" : " (\(constraints.sources.joined(separator: ", ")) caps the hold and its pin and stretch together)"
                    fail(.continuousPressure, step, "\(period!.seconds) s of continuous pressure on one spot is over \(cap) s\(by)")
                }
            } else {
                period = nil
            }
            if step.pressure { pressure += step.seconds }
        }

        if let first = plan.steps.first, first.technique != .warmUp {
            fail(.warmUpFirst, first, "the first step is \(first.technique.rawValue); a session starts with the warm-up")
        }
        if plan.steps.count > 1, plan.steps[1].technique != .hydrate {
            fail(.warmUpFirst, plan.steps[1], "the second step is \(plan.steps[1].technique.rawValue); water comes right after the warm-up")
        }
        if let last = plan.steps.last, last.technique != .hydrate {
            fail(.waterAtEnd, last, "the last step is \(last.technique.rawValue); a session ends with water")
        }
        if pressure > catalog.limits.maxPressureSecondsPerSession {
            fail(
                .pressureLimit, nil,
                "\(pressure) s of pressure work is over the \(catalog.limits.maxPressureSecondsPerSession) s a session allows")
        }
        let asked = min(request.minutes, PlanRequest.minutesRange.upperBound) * 60
        if total > asked {
            fail(.sessionLength, nil, "\(total) s in all is over the \(request.minutes) minutes asked for")
        }
        return found.sorted { PlanRule.allCases.firstIndex(of: $0.rule)! < PlanRule.allCases.firstIndex(of: $1.rule)! }
    }

    /// Readies a plan made elsewhere (a saved file, an API client) for coaching now: it must
    /// keep every rule under its own request; it is then planned again from that request when
    /// the current screening answers or the journal's rest rule would change it, and otherwise
    /// coached with Knotwork's own words for each step.
    /// - Parameters:
    ///   - plan: the plan as given.
    ///   - answers: the answers of the screening in force (see ``Catalog/clearance(_:now:)``).
    ///   - recentDeepPressure: muscles that had deep pressure within ``restHours``.
    /// - Returns: what to coach (or why not), and whether it was planned again.
    /// - Throws: ``PlanError`` naming the rule the given plan breaks.
    public func adopt(
        _ plan: Plan, answers: [QuestionID: Bool], recentDeepPressure: [MuscleID]
    ) throws(PlanError) -> (outcome: PlanOutcome, replanned: Bool) {
        try check(plan)
        var request = plan.request
        request.answers = answers
        request.recentDeepPressure = recentDeepPressure
        let yes = { (answers: [QuestionID: Bool]) in Set(answers.filter(\.value).keys) }
        let deep = Set(plan.steps.filter(\.technique.isDeepPressure).compactMap(\.muscle))
        if yes(plan.request.answers) != yes(answers) || !deep.isDisjoint(with: recentDeepPressure) {
            return (try self.plan(request), true)
        }
        let screening = catalog.screening.evaluate(answers)
        let steps = StepWriter(catalog: catalog, request: request, constraints: Constraints(screening.precautions))
            .rewritten(plan.steps)
        return (
            .plan(
                Plan(
                    request: request, steps: steps, muscles: plan.muscles, precautions: screening.precautions,
                    unansweredScreening: screening.unanswered)),
            false
        )
    }
}

/// Where a session's plan comes from: a request to plan, or a plan made earlier (a file saved
/// with `knotwork plan --json`, a plan the web app holds).
public enum PlanSource: Sendable, Equatable {
    case request(PlanRequest)
    case plan(Plan)
}

extension Planner {
    /// The plan a session starts on, under the screening in force and the rest rule: the one
    /// rule `knotwork start` and the API's live sessions share. A request is planned with those
    /// answers; a plan made earlier is adopted, or planned again from its request when the
    /// answers changed since it was made or it works a muscle that needs rest (see
    /// ``adopt(_:answers:recentDeepPressure:)``).
    /// - Returns: what to coach (or why not), and whether a plan made earlier was planned again.
    /// - Throws: ``PlanError`` naming the rule a plan made earlier breaks.
    public func sessionPlan(
        _ source: PlanSource, answers: [QuestionID: Bool], recentDeepPressure: [MuscleID]
    ) throws(PlanError) -> (outcome: PlanOutcome, replanned: Bool) {
        switch source {
        case .request(var request):
            request.answers = answers
            request.recentDeepPressure = recentDeepPressure
            return (try plan(request), false)
        case .plan(let given):
            return try adopt(given, answers: answers, recentDeepPressure: recentDeepPressure)
        }
    }
}
