import Foundation
import KnotworkCore
import KnotworkSession
import Testing

@testable import KnotworkCLI

/// The bundled catalog with some phrases rewritten.
func catalog(phrases changes: [String: String]) throws -> Catalog {
    var files = Catalog.bundledFiles()
    let data = try #require(files["phrases.en.json"])
    var object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    var phrases = try #require(object["phrases"] as? [String: Any])
    for (key, text) in changes { phrases[key] = text }
    object["phrases"] = phrases
    files["phrases.en.json"] = try JSONSerialization.data(withJSONObject: object)
    return try Catalog.decode(files: files)
}

/// The terminal's words come from the phrase file: each screen rendered from a catalog whose
/// phrases were rewritten shows the rewritten words, and none of the English ones.
@Suite("The terminal's words come from the phrase file")
struct WordsTests {
    /// A machine on a plan for the outer hip, run to a moment.
    func machine(_ catalog: Catalog) throws -> SessionMachine {
        guard case .plan(let plan) = try Planner(catalog: catalog).plan(PlanRequest(regions: ["outer-hip"], side: .left, minutes: 8)) else {
            Issue.record("expected a plan")
            throw CancellationError()
        }
        return SessionMachine(plan: plan, cues: CueBook(catalog: catalog))
    }

    @Test("the safety-stop screen: its heading, the step 'go on' starts, and the message")
    func safetyStop() throws {
        let reworded = try catalog(phrases: [
            "coach.stopped": "«halted»", "coach.stopped-next": "«go on: {number} {title}»", "coach.position": "«{number}/{count}»",
            "coach.session": "«all»", "plan.heading-side": "{title} «on» {side}", "side.left": "«port»",
        ])
        var engine = try machine(reworded)
        _ = engine.handle(.start, at: .zero)
        while engine.currentStep?.pressure != true, let deadline = engine.nextDeadline { _ = engine.advance(to: deadline) }
        let step = try #require(engine.currentStep)
        let stopped = engine.handle(.stop("ss-sharp"), at: (engine.nextDeadline ?? .zero) - .seconds(1))
        #expect(engine.phase == .safetyStop)
        let next = try #require(engine.nextStep)
        let lines = CoachScreen(
            snapshot: engine.snapshot(at: .seconds(500)), lastCue: stopped.last, width: 100, colour: false, voice: false,
            catalog: reworded
        ).render().joined(separator: "\n")
        #expect(lines.contains("«HALTED»"))
        #expect(lines.contains("«go on: \(next.number) \(reworded.title(of: next)) «on» «port»»"))
        #expect(lines.contains("«\(step.number)/\(engine.steps.count)» · «port» side"), "\(lines)")
        #expect(lines.contains(" «all» "))
        #expect(lines.contains("Stop and come off the pressure now"), "the stop message is the catalog's")
        #expect(!lines.contains("STOPPED FOR SAFETY") && !lines.contains("go on to"))
    }

    @Test("the running screen: the set-up, the next step, the pressure line and the keys")
    func running() throws {
        let reworded = try catalog(phrases: [
            "coach.next-side": "«then {title} {side} {time}»", "coach.pressure": "«{used}/{cap} {voice}»", "coach.voice-off": "«mute»",
            "coach.keys": "«{space}|{enter}|{s}|{q}»", "coach.stop-at-once": "«halt»", "coach.stop-keys": "{heading}: {signals}",
            "step.sustained-pressure": "«set up {Side} {muscle}»", "side.left": "«port»",
        ])
        var engine = try machine(reworded)
        _ = engine.handle(.start, at: .zero)
        while engine.currentStep?.technique != .sustainedPressure, let deadline = engine.nextDeadline { _ = engine.advance(to: deadline) }
        let now = try #require(engine.nextDeadline) - .seconds(5)
        let lines = CoachScreen(
            snapshot: engine.snapshot(at: now), lastCue: nil, width: 100, colour: false, voice: false, catalog: reworded
        ).render().joined(separator: "\n")
        #expect(lines.contains("«set up «port» gluteus minimus»"), "the set-up stays on screen: \(lines)")
        #expect(lines.contains("«then "))
        #expect(lines.contains("«0:"), "pressure used")
        #expect(lines.contains("«mute»"))
        #expect(lines.contains("«space|enter|s|q»"))
        #expect(lines.contains("«HALT»: 1 sharp or stabbing pain"))
    }

    @Test("the plain lines' legend and a step's heading line")
    func plain() throws {
        let reworded = try catalog(phrases: ["coach.legend-keys": "«keys»", "coach.legend-stop": "«stop» {signals}"])
        #expect(
            Coach.keyLegend(reworded) == [
                "«keys»", "«stop» " + reworded.screening.stopSignals.enumerated().map { "\($0 + 1) \($1.signal)" }.joined(separator: " · "),
            ])
    }

    @Test("'knotwork plan' in words: the notice, headings, set-up, why these muscles and the stop signs")
    func planText() throws {
        let reworded = try catalog(phrases: [
            "plan.not-screened": "«unscreened {unanswered}»", "plan.screen-first": "«ask first»", "handout.title": "«the plan»",
            "plan.tools": "«bring {tools}»", "plan.why-muscles": "«why»", "handout.stop": "«stop if»",
            "plan.heading-side": "{title} «on» {side}",
            "choice.reason": "«{refers}»", "handout.disclaimer": "«aid»", "plan.not-screened-end": "«answer first»",
        ])
        guard case .plan(let plan) = try Planner(catalog: reworded).plan(PlanRequest(regions: ["outer-hip"], side: .right)) else {
            Issue.record("expected a plan")
            return
        }
        let text = PlanText(plan: plan, catalog: reworded).render()
        let questions = reworded.screening.questionIDs.count
        #expect(text.hasPrefix("«unscreened \(questions)» «ask first»\n\n«the plan»\n"))
        for words in ["«bring lacrosse ball»", "«why»", "«stop if»", "«answer first»", "«aid»", " «on» right · "] {
            #expect(text.contains(words), "\(words)")
        }
        #expect(!text.contains("Why these muscles") && !text.contains("Your self-massage plan"))
    }

    @Test("screening on the terminal: the verdicts and where to get care")
    func screening() throws {
        let reworded = try catalog(phrases: [
            "screen.clear": "«clear»", "safety.disclaimer": "«aid»", "screen.stop": "«stop» {title}", "screen.answered-yes": "«yes to»",
            "screen.stands": "«stands»", "screen.withheld": "«no pressure»", "screen.still-fine": "«fine» {allowed}",
            "screen.precautions": "«changes»",
        ])
        let phrases = reworded.phrases
        let none = Dictionary(uniqueKeysWithValues: reworded.screening.questionIDs.map { ($0, false) })
        #expect(ScreeningReport.lines(for: reworded.screening.evaluate(none), phrases: phrases) == ["«clear»", "«aid»"])
        let precaution = ScreeningReport.lines(
            for: reworded.screening.evaluate(none.merging(["pc-pregnancy": true]) { $1 }), phrases: phrases)
        #expect(precaution.first == "«changes»" && precaution.last == "«aid»")
        let care = ScreeningReport.careLines(for: reworded.screening.evaluate(["rf-fever": true]), phrases: phrases)
        #expect(care.first?.hasPrefix("«STOP» ") == true)
        #expect(care.contains("«yes to»") && care.last == "«stands»")
        let surgery = try #require(reworded.screening.precautions.first { $0.effects.skipPressureWork })
        let withheld = ScreeningReport.withheldLines([surgery], phrases: phrases)
        #expect(withheld.first == "«NO PRESSURE»" && withheld.contains { $0.hasPrefix("«fine» ") })
    }
}
