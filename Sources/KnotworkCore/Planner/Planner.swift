/// Turns a ``PlanRequest`` into a ``Plan`` that keeps the protocol's rules. Pure and
/// deterministic: the same request and catalog always give the same plan.
///
/// Rules kept whatever the input: warm-up and water first, water again at the end; broad work
/// (rolling) before precise work (ball); holds within 30–60 s and rolling within 60–120 s per
/// side; both sides when asked; pressure work within the session limit (10 minutes) and the whole
/// plan within the minutes given; muscles ranked by how typically they refer pain to the named
/// regions; only tools at hand; precautions applied; no plan after a red flag.
public struct Planner: Sendable {
    public let catalog: Catalog

    public init(catalog: Catalog) {
        self.catalog = catalog
    }

    /// Hours after deep pressure on a muscle during which it gets rolling only (clinical
    /// reference §6, a conservative default).
    public static let restHours = 24

    /// Plans a session.
    /// - Parameter request: a request whose ids come from this catalog (see ``PlanRequest/parse``).
    /// - Returns: the plan; ``PlanOutcome/stop(_:)`` when a red flag or combination was answered
    ///   yes; ``PlanOutcome/withheld(_:)`` when a precaution rules out all pressure work.
    /// - Throws: ``PlanError`` when the request is valid but nothing can be planned (no suitable
    ///   tool at hand, or too few minutes).
    public func plan(_ request: PlanRequest) throws(PlanError) -> PlanOutcome {
        try check(request)
        let screening = catalog.screening.evaluate(request.answers)
        if screening.verdict == .stop { return .stop(screening) }
        let skips = screening.precautions.filter(\.effects.skipPressureWork)
        if !skips.isEmpty { return .withheld(skips) }
        let constraints = Constraints(screening.precautions)

        var choices = rankedMuscles(for: request.regions).map { candidate in
            choose(candidate, request: request, constraints: constraints)
        }
        var budget = Budget(catalog: catalog, request: request)
        var units = fitMinimal(&choices, budget: &budget, request: request)
        guard !units.isEmpty else {
            throw PlanError(problem: explainNothingFits(choices, request: request, budget: budget))
        }
        upgrade(&units, budget: &budget, constraints: constraints)
        budget.growWarmUp()

        let steps = StepWriter(catalog: catalog, request: request, constraints: constraints)
            .steps(for: units, budget: budget)
        return .plan(
            Plan(
                request: request, steps: steps, muscles: choices.map { $0.summary(units: units, catalog: catalog) },
                precautions: screening.precautions, unansweredScreening: screening.unanswered))
    }

    // MARK: - Checks

    private func check(_ request: PlanRequest) throws(PlanError) {
        func fail(_ error: InputError) -> PlanError { PlanError(problem: error.description) }
        guard !request.regions.isEmpty else {
            throw fail(InputError(field: "regions", value: "", problem: "name at least one region"))
        }
        for region in request.regions where catalog.region(region) == nil {
            throw fail(.unknown("region", field: "regions", value: region, valid: catalog.regions.map(\.id)))
        }
        guard !request.tools.isEmpty else {
            throw fail(InputError(field: "tools", value: "", problem: "name at least one tool"))
        }
        for tool in request.tools where catalog.tool(tool) == nil {
            throw fail(.unknown("tool", field: "tools", value: tool, valid: catalog.tools.map(\.id)))
        }
        do {
            try PlanRequest.checkMinutes(request.minutes)
        } catch {
            throw fail(error)
        }
        do { try catalog.screening.checkIDs(request.answers, field: "answer") } catch { throw fail(error) }
        for muscle in request.recentDeepPressure where catalog.muscle(muscle) == nil {
            throw fail(.unknown("muscle", field: "recentDeepPressure", value: muscle, valid: catalog.muscles.map(\.id)))
        }
    }

    // MARK: - Ranking

    /// Muscles that may refer pain to any named region, most typical first: the sum over the
    /// regions of 1/rank, ties broken by catalog order.
    func rankedMuscles(for regions: [RegionID]) -> [Candidate] {
        var candidates: [Candidate] = []
        for muscle in catalog.muscles {
            var referrals: [MuscleChoice.Referral] = []
            for regionID in regions {
                guard let region = catalog.region(regionID),
                    let index = region.referredFrom.firstIndex(of: muscle.id)
                else { continue }
                referrals.append(.init(region: regionID, rank: index + 1))
            }
            guard !referrals.isEmpty else { continue }
            let score = referrals.reduce(0.0) { $0 + 1.0 / Double($1.rank) }
            candidates.append(Candidate(muscle: muscle, referrals: referrals, score: score))
        }
        return candidates.sorted { a, b in
            a.score != b.score ? a.score > b.score : catalog.order(of: a.muscle.id) < catalog.order(of: b.muscle.id)
        }
    }

    // MARK: - Tools

    /// Picks the technique and tool for a muscle: the roller (broad work) where it suits the
    /// muscle and is at hand, otherwise a ball; firmer first, softer first under light pressure.
    /// A muscle that had deep pressure within ``restHours`` gets rolling only.
    private func choose(_ candidate: Candidate, request: PlanRequest, constraints: Constraints) -> Candidate {
        var candidate = candidate
        candidate.rested = request.recentDeepPressure.contains(candidate.muscle.id)
        let atHand = request.tools.compactMap { catalog.tool($0) }.filter { candidate.muscle.tools.contains($0.id) }
        let allowed = atHand.filter { constraints.allows($0) }
        for technique in [TechniqueID.foamRoll, .sustainedPressure]
        where !constraints.avoidTechniques.contains(technique) && !(candidate.rested && technique != .foamRoll) {
            let kinds = catalog.technique(technique).toolKinds
            let usable = allowed.filter { kinds.contains($0.kind) }.sorted { a, b in
                if a.firmness != b.firmness { return constraints.lightPressure ? a.firmness < b.firmness : a.firmness > b.firmness }
                return catalog.tools.firstIndex(of: a)! < catalog.tools.firstIndex(of: b)!
            }
            if let tool = usable.first {
                candidate.technique = technique
                candidate.tool = tool
                return candidate
            }
        }
        let phrases = catalog.phrases
        if candidate.rested {
            let rollable = candidate.muscle.tools.contains { catalog.tool($0)?.kind == .roller }
            candidate.reason = phrases.render(
                rollable ? "choice.rested-no-roller" : "choice.rested-not-rollable", ["hours": String(Self.restHours)])
            candidate.problem =
                "had deep pressure in the last \(Self.restHours) hours, so it rests from ball work today"
                + (rollable ? ", and no roller is at hand" : " (it is not worked with a roller)")
        } else if atHand.isEmpty {
            let needed = candidate.muscle.tools.map { catalog.tool($0)?.name.lowercased() ?? $0 }
            candidate.reason = phrases.render("choice.no-tool", ["tools": phrases.either(needed)])
            candidate.problem = "needs a \(candidate.muscle.tools.joined(separator: " or ")); none is at hand"
        } else {
            candidate.reason = phrases.render("choice.ruled-out")
            candidate.problem = "the tools at hand for it are ruled out by \(constraints.sources.joined(separator: ", "))"
        }
        return candidate
    }

    // MARK: - Time

    /// Adds each workable muscle at its smallest dose, most typical first, while it fits.
    private func fitMinimal(_ choices: inout [Candidate], budget: inout Budget, request: PlanRequest) -> [Unit] {
        var units: [Unit] = []
        for index in choices.indices {
            guard let technique = choices[index].technique, let tool = choices[index].tool else { continue }
            let dosage = catalog.technique(technique).seconds
            let unit = Unit(
                candidate: choices[index], technique: technique, tool: tool, seconds: dosage.min, pin: 0, spots: 1)
            if budget.fits(adding: unit) {
                budget.add(unit)
                units.append(unit)
            } else {
                choices[index].reason = catalog.phrases.render(
                    budget.pressureFull(adding: unit) ? "choice.no-time-pressure" : "choice.no-time",
                    [
                        "minutes": TimeText.spoken(request.minutes * 60),
                        "cap": TimeText.spoken(catalog.limits.maxPressureSecondsPerSession),
                    ])
            }
        }
        return units
    }

    /// Raises doses a step at a time, round by round in rank order, while each raise fits.
    private func upgrade(_ units: inout [Unit], budget: inout Budget, constraints: Constraints) {
        let hold = catalog.technique(.sustainedPressure).seconds
        let roll = catalog.technique(.foamRoll).seconds
        let pin = catalog.technique(.pinAndStretch).seconds
        let holdMax = min(hold.max, constraints.maxHoldSeconds ?? hold.max)
        let holdDefault = min(hold.default, holdMax)
        // Under a "shorter holds" precaution the hold and its pin and stretch are one period of
        // pressure on the spot, and the cap is on their sum.
        let pinSeconds = min(pin.default, (constraints.maxHoldSeconds ?? Int.max) - hold.min)
        let pinAllowed = !constraints.avoidTechniques.contains(.pinAndStretch) && pinSeconds >= pin.min
        let maxSpots = catalog.limits.maxSpotsPerMusclePerSide

        func next(_ unit: Unit, stage: Int) -> Unit? {
            var raised = unit
            if unit.technique == .foamRoll {
                switch stage {
                case 0: raised.seconds = roll.default
                case 1: raised.seconds = roll.max
                default: return nil
                }
            } else {
                switch stage {
                case 0: raised.seconds = holdDefault
                case 1: raised.pin = pinAllowed ? pinSeconds : 0
                case 2: raised.seconds = holdMax
                case let later where later >= 3 && later - 1 <= maxSpots: raised.spots = later - 1
                default: return nil
                }
            }
            return raised
        }

        var stage = 0
        var anyLeft = true
        while anyLeft {
            anyLeft = false
            for index in units.indices {
                guard let raised = next(units[index], stage: stage) else { continue }
                anyLeft = true
                guard raised != units[index], constraints.allowsPeriod(raised) else { continue }
                budget.remove(units[index])
                if budget.fits(adding: raised) {
                    units[index] = raised
                }
                budget.add(units[index])
            }
            stage += 1
        }
    }

    private func explainNothingFits(_ choices: [Candidate], request: PlanRequest, budget: Budget) -> String {
        let regions = request.regions.joined(separator: ", ")
        let workable = choices.filter { $0.technique != nil }
        if workable.isEmpty {
            let reasons = choices.map { "\($0.muscle.id) \($0.problem)" }.joined(separator: "; ")
            return "Nothing can be worked for \(regions) with \(request.tools.joined(separator: ", ")): \(reasons)."
        }
        let needed = workable.map { budget.minimumMinutes(for: $0, catalog: catalog) }.min() ?? PlanRequest.minutesRange.upperBound
        return "\(request.minutes) minutes is too short for a session on \(regions): give at least \(needed) minutes."
    }
}
