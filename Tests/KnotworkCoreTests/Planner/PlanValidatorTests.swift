import Foundation
import KnotworkCore
import PropertyBased
import Testing

/// The one validator that decides whether a plan may be coached, wherever it came from: every
/// plan the planner makes passes it (see ``PlannerPropertyTests``), and each single change that
/// breaks a rule of the protocol fails it, naming that rule.
@Suite("Plan validator")
struct PlanValidatorTests {
    static let catalog = bundledCatalog
    static let planner = Planner(catalog: catalog)

    /// A change to a plan that breaks one rule, or nil when it does not apply to this plan.
    struct Mutation: Sendable, CustomStringConvertible {
        let name: String
        let rule: PlanRule
        let apply: @Sendable (Plan) -> Plan?
        var description: String { name }
    }

    static let mutations: [Mutation] = [
        Mutation(name: "a red flag answered yes in the request", rule: .redFlag) { plan in
            plan.with(answers: plan.request.answers.merging(["rf-night-pain": true]) { $1 })
        },
        Mutation(name: "blood thinners with ball work", rule: .precaution) { plan in
            guard plan.steps.contains(where: { $0.technique == .sustainedPressure }) else { return nil }
            return plan.with(answers: plan.request.answers.merging(["pc-bleeding-risk": true]) { $1 })
        },
        Mutation(name: "recent surgery with pressure work", rule: .noPressureWork) { plan in
            plan.with(answers: plan.request.answers.merging(["pc-recent-surgery": true]) { $1 })
        },
        Mutation(name: "the roller on a muscle only a ball suits", rule: .toolSuitsMuscle) { plan in
            guard let index = plan.steps.firstIndex(where: { $0.technique == .sustainedPressure && $0.muscle != "gluteus-maximus" })
            else { return nil }
            let step = plan.steps[index]
            var steps = plan.steps
            steps[index] = step.with(technique: .foamRoll, tool: "foam-roller", seconds: 60, range: Dosage(min: 60, default: 60, max: 120))
            return plan.with(steps: steps)
        },
        Mutation(name: "a tool that is not at hand", rule: .toolAtHand) { plan in
            guard let used = plan.steps.compactMap(\.tool).first else { return nil }
            var request = plan.request
            request.tools.removeAll { $0 == used }
            return plan.with(request: request)
        },
        Mutation(name: "a side that was not asked for", rule: .side) { plan in
            guard plan.request.side != .both, let index = plan.steps.firstIndex(where: { $0.side != nil }) else { return nil }
            var steps = plan.steps
            steps[index] = steps[index].with(side: plan.steps[index].side == .left ? .right : .left)
            return plan.with(steps: steps)
        },
        Mutation(name: "a hold of 61 s", rule: .dosage) { plan in
            guard let index = plan.steps.firstIndex(where: { $0.technique == .sustainedPressure }) else { return nil }
            var steps = plan.steps
            steps[index] = steps[index].with(seconds: 61)
            return plan.with(steps: steps)
        },
        Mutation(name: "a second hold on the same spot", rule: .continuousPressure) { plan in
            guard let index = plan.steps.firstIndex(where: { $0.technique == .sustainedPressure }) else { return nil }
            var steps = plan.steps
            steps.insert(steps[index], at: index + 1)
            return plan.with(steps: steps)
        },
        Mutation(name: "one spot more than the catalog allows", rule: .spots) { plan in
            guard let hold = plan.steps.first(where: { $0.technique == .sustainedPressure }) else { return nil }
            let release = Step(
                number: 0, technique: .releaseAndSearch, muscle: hold.muscle, tool: hold.tool, side: hold.side, seconds: 15,
                range: Dosage(min: 10, default: 15, max: 30), spot: 1, cue: "")
            var steps = plan.steps
            let at = steps.firstIndex(of: hold)! + 1
            let extra = Array(repeating: [release, hold], count: catalog.limits.maxSpotsPerMusclePerSide).flatMap { $0 }
            steps.insert(contentsOf: extra, at: at)
            return plan.with(steps: steps)
        },
        Mutation(name: "water before the warm-up", rule: .warmUpFirst) { plan in
            var steps = plan.steps
            steps.swapAt(0, 1)
            return plan.with(steps: steps)
        },
        Mutation(name: "no water at the end", rule: .waterAtEnd) { plan in
            plan.with(steps: Array(plan.steps.dropLast()))
        },
        Mutation(name: "pressure work over 10 minutes", rule: .pressureLimit) { plan in
            guard plan.pressureSeconds > 0 else { return nil }
            var steps = Array(plan.steps.dropLast())
            let middle = plan.steps.dropFirst(2).dropLast()
            while steps.filter(\.pressure).reduce(0, { $0 + $1.seconds }) <= 600 { steps += middle }
            return plan.with(steps: steps + [plan.steps.last!])
        },
        Mutation(name: "pregnancy with a hold and pin and stretch over 30 s together", rule: .continuousPressure) { plan in
            guard let index = plan.steps.firstIndex(where: { $0.technique == .sustainedPressure }) else { return nil }
            var steps = plan.steps
            steps[index] = steps[index].with(seconds: 30)
            let pin = steps[index].with(technique: .pinAndStretch, seconds: 20, range: Dosage(min: 20, default: 20, max: 45))
            if index + 1 < steps.count, steps[index + 1].technique == .pinAndStretch {
                steps[index + 1] = pin
            } else {
                steps.insert(pin, at: index + 1)
            }
            return plan.with(steps: steps, answers: plan.request.answers.merging(["pc-pregnancy": true]) { $1 })
        },
        Mutation(name: "deep pressure on a muscle worked in the last 24 hours", rule: .restBetween) { plan in
            guard let muscle = plan.steps.first(where: { $0.technique == .sustainedPressure })?.muscle else { return nil }
            var request = plan.request
            request.recentDeepPressure = [muscle]
            return plan.with(request: request)
        },
        Mutation(name: "longer than the minutes asked for", rule: .sessionLength) { plan in
            guard plan.totalSeconds > 3 * 60 else { return nil }
            var request = plan.request
            request.minutes = 3
            return plan.with(request: request)
        },
        Mutation(name: "steps out of number", rule: .steps) { plan in
            var steps = plan.steps
            steps[0] = steps[0].with(number: 7)
            return Plan(request: plan.request, steps: steps)
        },
    ]

    /// Plans the planner makes for generated requests (those that give a plan).
    static let plans = PlannerPropertyTests.requests.map { request -> Plan? in
        guard case .plan(let plan)? = try? planner.plan(request) else { return nil }
        return plan
    }

    @Test("each single change that breaks a rule fails, naming the rule")
    func mutationsFail() async {
        var applied: [String: Int] = [:]
        await propertyCheck(count: PlannerPropertyTests.count / 3, input: Self.plans) { plan in
            guard let plan else { return }
            for mutation in Self.mutations {
                guard let broken = mutation.apply(plan) else { continue }
                applied[mutation.name, default: 0] += 1
                let rules = Self.planner.violations(of: broken).map(\.rule)
                #expect(rules.contains(mutation.rule), "\(mutation.name): found \(rules)")
            }
        }
        // Every mutation met plans it applies to.
        for mutation in Self.mutations {
            #expect(applied[mutation.name, default: 0] > 0, "\(mutation.name) never applied")
        }
    }

    @Test("ten back-to-back 60 s piriformis holds are refused")
    func backToBackHolds() throws {
        let made = try plan(PlanRequest(regions: ["back-of-thigh"], side: .left, tools: ["lacrosse-ball"], minutes: 20))
        let hold = try #require(made.steps.first { $0.muscle == "piriformis" && $0.technique == .sustainedPressure }).with(seconds: 60)
        let steps = [made.steps[0], made.steps[1]] + Array(repeating: hold, count: 10) + [made.steps.last!]
        let error = try #require(throws: PlanError.self) { try Self.planner.check(made.with(steps: steps)) }
        #expect(error.rule == .continuousPressure)
        #expect(error.problem.contains("step 4"))
    }

    @Test("a lacrosse ball for someone on blood thinners is refused")
    func ballOnBloodThinners() throws {
        let made = try plan(PlanRequest(regions: ["outer-hip"], tools: ["lacrosse-ball"]))
        let error = try #require(throws: PlanError.self) {
            try Self.planner.check(made.with(answers: made.request.answers.merging(["pc-bleeding-risk": true]) { $1 }))
        }
        #expect(error.rule == .precaution)
        #expect(error.problem.contains("pc-bleeding-risk"))
    }

    @Test("a plan made elsewhere is coached with Knotwork's own words, under the answers in force")
    func adoptRewritesWords() throws {
        let made = try plan(PlanRequest(regions: ["buttock"], side: .left))
        let foreign = made.with(steps: made.steps.map { $0.with(cue: "Press as hard as you can.") })
        let (outcome, replanned) = try Self.planner.adopt(foreign, answers: made.request.answers, recentDeepPressure: [])
        #expect(!replanned)
        guard case .plan(let adopted) = outcome else { throw CancellationError() }
        #expect(adopted.steps.map(\.cue) == made.steps.map(\.cue))
    }

    @Test("a plan made under other answers, or with deep pressure on a rested muscle, is planned again")
    func adoptReplans() throws {
        let made = try plan(PlanRequest(regions: ["buttock"], side: .left, tools: ["foam-roller", "lacrosse-ball"]))
        let pregnant = try Self.planner.adopt(made, answers: ["pc-pregnancy": true], recentDeepPressure: [])
        #expect(pregnant.replanned)
        guard case .plan(let gentle) = pregnant.outcome else { throw CancellationError() }
        #expect(!gentle.steps.contains { $0.tool == "lacrosse-ball" })

        let rested = try Self.planner.adopt(made, answers: made.request.answers, recentDeepPressure: ["piriformis"])
        #expect(rested.replanned)
        guard case .plan(let rolling) = rested.outcome else { throw CancellationError() }
        #expect(!rolling.steps.contains { $0.muscle == "piriformis" })
        let reason = try #require(rolling.muscles.first { $0.muscle == "piriformis" }).reason
        #expect(reason.contains("deep pressure in the last 24 hours"))

        let surgery = try Self.planner.adopt(made, answers: ["pc-recent-surgery": true], recentDeepPressure: [])
        guard case .withheld = surgery.outcome else {
            Issue.record("recent surgery must give no pressure work")
            return
        }
    }

    @Test("rest between: the maximus, rolled instead, says why")
    func restRollingOnly() throws {
        let made = try plan(
            PlanRequest(regions: ["tailbone"], tools: ["foam-roller", "lacrosse-ball"], recentDeepPressure: ["gluteus-maximus"]))
        #expect(made.steps.filter { $0.muscle == "gluteus-maximus" }.allSatisfy { $0.technique == .foamRoll })
        #expect(made.muscles[0].reason.contains("rolling only"))
        let ballOnly = try plan(
            PlanRequest(regions: ["tailbone", "buttock"], tools: ["lacrosse-ball"], recentDeepPressure: ["gluteus-maximus"]))
        #expect(!ballOnly.steps.contains { $0.muscle == "gluteus-maximus" })
        #expect(try #require(ballOnly.muscles.first { $0.muscle == "gluteus-maximus" }).reason.contains("rests from ball work today"))
    }
}

extension Plan {
    func with(request: PlanRequest? = nil, steps: [Step]? = nil, answers: [QuestionID: Bool]? = nil) -> Plan {
        var request = request ?? self.request
        if let answers { request.answers = answers }
        let steps = (steps ?? self.steps).enumerated().map { $1.with(number: $0 + 1) }
        return Plan(request: request, steps: steps, muscles: muscles, precautions: precautions, unansweredScreening: unansweredScreening)
    }
}

extension Step {
    func with(
        number: Int? = nil, technique: TechniqueID? = nil, tool: ToolID? = nil, side: BodySide? = nil, seconds: Int? = nil,
        range: Dosage? = nil, cue: String? = nil
    ) -> Step {
        let seconds = seconds ?? self.seconds
        let technique = technique ?? self.technique
        return Step(
            number: number ?? self.number, technique: technique, muscle: muscle, tool: tool ?? self.tool, side: side ?? self.side,
            seconds: seconds, range: range ?? Dosage(min: self.range.min, default: seconds, max: self.range.max), spot: spot,
            cue: cue ?? self.cue, why: why)
    }
}
