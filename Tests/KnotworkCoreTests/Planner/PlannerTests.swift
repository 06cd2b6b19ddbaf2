import Foundation
import KnotworkCore
import Testing

@Suite("Planner examples")
struct PlannerTests {
    @Test("the plan says why a tool at hand is unused and why it is shorter than the minutes given")
    func notes() throws {
        let outerHip = try plan(PlanRequest(regions: ["outer-hip"], tools: ["foam-roller", "lacrosse-ball", "tennis-ball"], minutes: 30))
        let notes = bundledCatalog.notes(on: outerHip)
        #expect(notes.contains { $0.hasPrefix("The foam roller is not used: none of the muscles") }, "\(notes)")
        #expect(notes.contains { $0.hasPrefix("The tennis ball is not used") && $0.contains("lacrosse ball suits") }, "\(notes)")
        #expect(notes.contains { $0.contains("rather than the 30 minutes you gave") }, "\(notes)")
        // A plan that fills its minutes with the tools it was given has nothing to explain.
        let fitted = try plan(PlanRequest(regions: ["outer-hip"], tools: ["lacrosse-ball"], minutes: 5))
        #expect(bundledCatalog.notes(on: fitted).isEmpty, "\(bundledCatalog.notes(on: fitted)) for \(fitted.totalSeconds) s")
    }

    @Test("outer hip: minimus first, then medius, never piriformis; water at both ends")
    func outerHip() throws {
        let plan = try plan(PlanRequest(regions: ["outer-hip"]))
        #expect(plan.schema == "knotwork.plan/1")
        #expect(plan.muscles.map(\.muscle) == ["gluteus-minimus", "gluteus-medius"])
        #expect(plan.steps.first?.technique == .warmUp)
        #expect(plan.steps[1].technique == .hydrate)
        #expect(plan.steps.last?.technique == .hydrate)
        let ballSteps = plan.steps.filter { $0.technique == .sustainedPressure && $0.side == .left }
        #expect(ballSteps.map(\.muscle) == ["gluteus-minimus", "gluteus-medius"])
        #expect(!plan.steps.contains { $0.muscle == "piriformis" })
        // The roller suits none of the outer-hip muscles, so there is no rolling.
        #expect(!plan.steps.contains { $0.technique == .foamRoll })
    }

    @Test("low back is gluteus medius alone; the sacrum adds the maximus, rolled before any ball work")
    func lowBack() throws {
        #expect(try plan(PlanRequest(regions: ["low-back"], minutes: 15)).muscles.map(\.muscle) == ["gluteus-medius"])
        let plan = try plan(PlanRequest(regions: ["sacrum"], minutes: 15))
        #expect(plan.muscles.first?.muscle == "gluteus-medius")
        let firstBall = try #require(plan.steps.firstIndex { $0.technique == .sustainedPressure })
        let lastRoll = try #require(plan.steps.lastIndex { $0.technique == .foamRoll })
        #expect(lastRoll < firstBall)
        #expect(plan.steps.contains { $0.technique == .pinAndStretch })
    }

    @Test("the reasons name which region each muscle refers to")
    func reasons() throws {
        let plan = try plan(PlanRequest(regions: ["outer-hip", "low-back"]))
        let medius = try #require(plan.muscles.first { $0.muscle == "gluteus-medius" })
        #expect(medius.referrals == [.init(region: "outer-hip", rank: 2), .init(region: "low-back", rank: 1)])
        #expect(medius.score == 1.5)
        #expect(medius.reason.contains("outer hip (#2) and low back (#1)"))
        let hold = try #require(plan.steps.first { $0.muscle == "gluteus-medius" })
        #expect(hold.why.contains("outer hip and low back"))
    }

    @Test("a muscle with no suitable tool at hand is left out, and says why")
    func missingTool() throws {
        let plan = try plan(PlanRequest(regions: ["buttock"], tools: ["foam-roller"]))
        #expect(Set(plan.steps.compactMap(\.muscle)) == ["gluteus-maximus"])
        let piriformis = try #require(plan.muscles.first { $0.muscle == "piriformis" })
        #expect(!piriformis.included)
        #expect(piriformis.reason.contains("needs a lacrosse ball or tennis ball"))
    }

    @Test("why a muscle is in or out is worded from the phrase file, with the regions and tools by name")
    func reasonsFromPhrases() throws {
        let reworded = try catalog(phrases: [
            "choice.reason": "«{refers}» / «{why}»", "choice.refers": "to {regions}", "choice.region": "{region}={rank}",
            "choice.rolled": "rolled with {tool}", "choice.no-tool": "no {tools}", "list.or": "{items} | {last}",
        ])
        guard case .plan(let plan) = try Planner(catalog: reworded).plan(PlanRequest(regions: ["buttock"], tools: ["foam-roller"])) else {
            Issue.record("expected a plan")
            return
        }
        #expect(plan.muscles.first { $0.muscle == "gluteus-maximus" }?.reason == "«to buttock=1» / «rolled with foam roller»")
        #expect(plan.muscles.first { $0.muscle == "piriformis" }?.reason == "«to buttock=2» / «no lacrosse ball | tennis ball»")
    }

    @Test("nothing workable with the tools at hand is an error that says what is needed")
    func nothingWorkable() {
        #expect(throws: PlanError.self) {
            try Planner(catalog: bundledCatalog).plan(PlanRequest(regions: ["outer-hip"], tools: ["foam-roller"]))
        }
        do {
            _ = try Planner(catalog: bundledCatalog).plan(PlanRequest(regions: ["lower-leg"], tools: ["foam-roller"]))
        } catch {
            #expect(error.problem.contains("gluteus-minimus needs a lacrosse-ball or tennis-ball"))
        }
    }

    @Test("too few minutes says how many are needed")
    func tooShort() {
        do {
            _ = try Planner(catalog: bundledCatalog).plan(PlanRequest(regions: ["tailbone"], tools: ["foam-roller"], minutes: 3))
            Issue.record("expected an error")
        } catch {
            #expect(error.problem.contains("3 minutes is too short"))
            #expect(error.problem.contains("at least 4 minutes"))
        }
    }

    @Test("a red flag gives no plan, and the care advice")
    func redFlag() throws {
        let outcome = try Planner(catalog: bundledCatalog).plan(PlanRequest(regions: ["buttock"], answers: ["rf-both-legs": true]))
        guard case .stop(let result) = outcome else {
            Issue.record("expected a stop")
            return
        }
        #expect(result.care?.level == .emergency)
    }

    @Test("bleeding risk: no ball, light rolling only")
    func bleedingRisk() throws {
        let plan = try plan(
            PlanRequest(regions: ["buttock"], tools: ["foam-roller", "lacrosse-ball"], answers: ["pc-bleeding-risk": true]))
        #expect(plan.steps.allSatisfy { $0.tool == nil || $0.tool == "foam-roller" })
        #expect(plan.steps.filter(\.pressure).allSatisfy { $0.cue.contains("Light pressure only.") })
        #expect(plan.precautions.map(\.id) == ["pc-bleeding-risk"])
    }

    @Test("osteoporosis swaps the lacrosse ball for the tennis ball")
    func softerBall() throws {
        let plan = try plan(
            PlanRequest(regions: ["outer-hip"], tools: ["lacrosse-ball", "tennis-ball"], answers: ["pc-osteoporosis": true]))
        #expect(Set(plan.steps.compactMap(\.tool)) == ["tennis-ball"])
        #expect(plan.steps.filter(\.pressure).allSatisfy { $0.cue.contains("away from bony points") })
    }

    @Test("pregnancy: wall positions and holds of 30 s")
    func pregnancy() throws {
        let plan = try plan(
            PlanRequest(regions: ["buttock"], tools: ["foam-roller", "tennis-ball"], minutes: 20, answers: ["pc-pregnancy": true]))
        let holds = plan.steps.filter { $0.technique == .sustainedPressure }
        #expect(!holds.isEmpty)
        #expect(holds.allSatisfy { $0.seconds == 30 && $0.range.max == 30 })
        let positioned = plan.steps.filter { $0.technique == .foamRoll || $0.technique == .sustainedPressure }
        #expect(positioned.allSatisfy { $0.cue.contains("wall") && !$0.cue.contains("figure-four") })
    }

    @Test("recent surgery rules out pressure work altogether: no plan, the reason and what is still fine")
    func recentSurgery() throws {
        let outcome = try Planner(catalog: bundledCatalog).plan(PlanRequest(regions: ["buttock"], answers: ["pc-recent-surgery": true]))
        guard case .withheld(let precautions) = outcome else {
            Issue.record("expected no pressure work, got \(outcome)")
            return
        }
        #expect(precautions.map(\.id) == ["pc-recent-surgery"])
        #expect(precautions[0].stillAllowed?.contains("walking") == true)
    }

    @Test("a long session still keeps pressure work within 10 minutes")
    func longSession() throws {
        let plan = try plan(
            PlanRequest(regions: ["buttock", "outer-hip", "low-back"], tools: ["foam-roller", "lacrosse-ball"], minutes: 60))
        #expect(plan.pressureSeconds == 600)
        #expect(plan.totalSeconds < 60 * 60)
    }

    @Test("time to spare on one muscle goes to a second tender spot, after a release and search")
    func secondSpot() throws {
        let plan = try plan(PlanRequest(regions: ["lower-leg"], side: .left, tools: ["lacrosse-ball"], minutes: 30))
        #expect(
            plan.steps.map(\.technique) == [
                .warmUp, .hydrate, .sustainedPressure, .pinAndStretch, .releaseAndSearch, .sustainedPressure, .pinAndStretch,
                .hydrate,
            ])
        #expect(plan.steps.compactMap(\.spot) == [1, 1, 1, 2, 2])
        #expect(plan.steps.filter { $0.technique == .sustainedPressure }.allSatisfy { $0.seconds == 60 })
    }

    @Test("the JSON shape round-trips")
    func json() throws {
        let plan = try plan(PlanRequest(regions: ["sacrum"], side: .right, answers: ["pc-skin-veins": true, "rf-fever": false]))
        let data = try JSONEncoder().encode(plan)
        #expect(try JSONDecoder().decode(Plan.self, from: data) == plan)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["schema"] as? String == "knotwork.plan/1")
        #expect(
            Set(object.keys) == [
                "schema", "request", "steps", "muscles", "precautions", "unansweredScreening", "totalSeconds", "pressureSeconds",
            ])
    }
}
