import Foundation
import KnotworkCore
import PropertyBased
import Testing

/// The planner's rules, checked over many generated requests.
@Suite("Planner properties")
struct PlannerPropertyTests {
    static let catalog = bundledCatalog
    static let regionIDs = catalog.regions.map(\.id)
    static let toolIDs = catalog.tools.map(\.id)
    static let precautionIDs = catalog.screening.precautions.map(\.id)
    static let redFlagIDs = catalog.screening.redFlags.map(\.id)

    /// Generated requests per run: 3,000 by default, more with `scripts/test --full`.
    static let count = ProcessInfo.processInfo.environment["KNOTWORK_PROPERTY_COUNT"].flatMap { Int($0) } ?? 3000

    /// Picks the members of `all` whose bit is set in `mask`, in a rotated order so that order
    /// of input varies too.
    static func pick(_ all: [String], mask: Int, rotate: Int) -> [String] {
        let picked = all.enumerated().filter { mask & (1 << $0.offset) != 0 }.map(\.element)
        guard !picked.isEmpty else { return [] }
        let shift = rotate % picked.count
        return Array(picked[shift...] + picked[..<shift])
    }

    /// Requests over every region, tool and precaution set; one in five has a red flag answered yes.
    static let requests = zip(
        Gen.int(in: 1...((1 << regionIDs.count) - 1)),
        Gen<Side>.case,
        Gen.int(in: 1...((1 << toolIDs.count) - 1)),
        Gen.int(in: PlanRequest.minutesRange),
        Gen.int(in: 0...((1 << precautionIDs.count) - 1)),
        Gen.int(in: 0...(redFlagIDs.count * 5 - 1)),
        Gen.int(in: 0...7)
    ).map { regionMask, side, toolMask, minutes, precautionMask, flag, rotate in
        var answers: [QuestionID: Bool] = [:]
        for (index, id) in precautionIDs.enumerated() { answers[id] = precautionMask & (1 << index) != 0 }
        if flag < redFlagIDs.count { answers[redFlagIDs[flag]] = true }
        return PlanRequest(
            regions: pick(regionIDs, mask: regionMask, rotate: rotate), side: side,
            tools: pick(toolIDs, mask: toolMask, rotate: rotate), minutes: minutes, answers: answers)
    }

    @Test("every generated request keeps every rule")
    func rules() async {
        await propertyCheck(count: Self.count, input: Self.requests) { request in
            Self.check(request)
        }
    }

    @Test("the same request gives the same plan, to the byte")
    func deterministic() async {
        await propertyCheck(count: Self.count / 10, input: Self.requests) { request throws in
            let planner = Planner(catalog: Self.catalog)
            let first = Result { try planner.plan(request) }
            let second = Result { try Planner(catalog: try Catalog.bundled()).plan(request) }
            switch (first, second) {
            case (.success(let a), .success(let b)):
                #expect(a == b)
                if case .plan(let planA) = a, case .plan(let planB) = b {
                    let encoder = JSONEncoder()
                    encoder.outputFormatting = .sortedKeys
                    #expect(try encoder.encode(planA) == encoder.encode(planB))
                }
            case (.failure(let a), .failure(let b)):
                #expect("\(a)" == "\(b)")
            default:
                Issue.record("one run planned and the other failed for \(request)")
            }
        }
    }

    static func check(_ request: PlanRequest) {
        let outcome: PlanOutcome
        do {
            outcome = try Planner(catalog: catalog).plan(request)
        } catch {
            // Refusal is allowed only for the stated reasons.
            let reasons = ["is too short", "Nothing can be worked", "No pressure work can be planned"]
            #expect(reasons.contains { error.problem.contains($0) }, "\(error.problem)")
            if error.problem.contains("No pressure work") {
                #expect(request.answers["pc-recent-surgery"] == true)
            }
            return
        }
        let flagged = redFlagIDs.contains { request.answers[$0] == true }
        guard case .plan(let plan) = outcome else {
            #expect(flagged, "stopped without a red flag")
            return
        }
        #expect(!flagged, "a red flag was answered yes and still got a plan")

        let steps = plan.steps
        let constraints = appliedEffects(request)

        // Warm-up and water first, water at the end.
        #expect(steps.first?.technique == .warmUp)
        #expect(steps.dropFirst().first?.technique == .hydrate)
        #expect(steps.last?.technique == .hydrate)
        #expect(steps.map(\.number) == Array(1...steps.count))

        // Broad before precise.
        if let lastRoll = steps.lastIndex(where: { $0.technique == .foamRoll }),
            let firstBall = steps.firstIndex(where: { $0.tool != nil && $0.technique != .foamRoll })
        {
            #expect(lastRoll < firstBall)
        }

        // Dosage within the protocol.
        let holdCap = constraints.maxHoldSeconds ?? 60
        for step in steps {
            #expect(step.range.min <= step.seconds && step.seconds <= step.range.max)
            switch step.technique {
            case .sustainedPressure: #expect((30...min(60, holdCap)).contains(step.seconds))
            case .foamRoll: #expect((60...120).contains(step.seconds))
            default: break
            }
        }

        // Time limits.
        #expect(plan.pressureSeconds <= 600)
        #expect(plan.pressureSeconds == steps.filter(\.pressure).map(\.seconds).reduce(0, +))
        #expect(plan.totalSeconds <= request.minutes * 60)
        #expect(plan.pressureSeconds > 0)

        // Only tools at hand, and none a precaution rules out.
        for tool in steps.compactMap(\.tool) {
            #expect(request.tools.contains(tool))
            let kind = catalog.tool(tool)!
            #expect(!constraints.avoidToolKinds.contains(kind.kind))
            #expect(!constraints.avoidFirmness.contains(kind.firmness))
        }
        for technique in constraints.avoidTechniques {
            #expect(!steps.contains { $0.technique == technique })
        }
        if constraints.lightPressure {
            #expect(steps.filter(\.pressure).allSatisfy { $0.cue.contains("Light pressure only.") })
        }
        if let note = constraints.stepNote {
            #expect(steps.filter(\.pressure).allSatisfy { $0.cue.contains(note) })
        }

        // Both sides, equally.
        let sides = Set(steps.compactMap(\.side))
        #expect(sides == Set(request.side.bodySides))
        if request.side == .both {
            let left = steps.filter { $0.side == .left }.map { [$0.technique.rawValue, $0.muscle ?? "", "\($0.seconds)"] }
            let right = steps.filter { $0.side == .right }.map { [$0.technique.rawValue, $0.muscle ?? "", "\($0.seconds)"] }
            #expect(left == right)
        }

        // Only muscles that refer pain to a named region, ranked by how typically they do.
        let worked = steps.compactMap(\.muscle)
        for muscle in worked {
            #expect(request.regions.contains { catalog.region($0)!.referredFrom.contains(muscle) })
        }
        let scores = plan.muscles.map(\.score)
        #expect(scores == scores.sorted(by: >))
        var ballOrder: [String] = []
        for step in steps where step.technique == .sustainedPressure && step.side == request.side.bodySides[0] {
            if ballOrder.last != step.muscle { ballOrder.append(step.muscle!) }
        }
        let rank = Dictionary(uniqueKeysWithValues: plan.muscles.enumerated().map { ($1.muscle, $0) })
        #expect(ballOrder.map { rank[$0]! } == ballOrder.map { rank[$0]! }.sorted())
        // The most typical workable muscle is never the one left out for time.
        if let top = plan.muscles.first(where: { $0.technique != nil || $0.included }) {
            #expect(top.included)
        }
    }

    /// The union of the effects of the precautions answered yes, computed here independently.
    static func appliedEffects(_ request: PlanRequest) -> PrecautionEffects {
        var all = PrecautionEffects()
        for precaution in catalog.screening.precautions where request.answers[precaution.id] == true {
            let effects = precaution.effects
            all.avoidToolKinds += effects.avoidToolKinds
            all.avoidFirmness += effects.avoidFirmness
            all.avoidTechniques += effects.avoidTechniques
            if let max = effects.maxHoldSeconds { all.maxHoldSeconds = min(all.maxHoldSeconds ?? max, max) }
            all.lightPressure = all.lightPressure || effects.lightPressure
            if let note = effects.stepNote { all.stepNote = note }
        }
        return all
    }
}
