import Foundation
import KnotworkCore
import KnotworkSession
import Testing

@Suite("Session engine")
struct SessionMachineTests {
    @Test("a whole session: every cue at its deadline, each step starting when the last was due to end")
    func wholeSession() {
        var engine = machine()
        var cues = engine.handle(.start, at: .zero)
        #expect(trace(cues) == ["step#1@0"])
        #expect(engine.nextDeadline == .seconds(60))
        cues = engine.advance(to: .seconds(1000))
        #expect(
            trace(cues) == [
                "step#2@60", "step#3@80", "halfway#3@102.5", "ten-seconds-left#3@115", "step#4@125", "pin-and-stretch#4@140",
                "ten-seconds-left#4@145", "step#5@155", "halfway#5@177.5", "ten-seconds-left#5@190", "switch-sides#6@200",
                "step#6@200", "halfway#6@222.5", "ten-seconds-left#6@235", "step#7@245", "session-end@265",
            ])
        #expect(engine.phase == .finished)
        #expect(engine.finishedAt == .seconds(265))
        #expect(engine.outcomes.map(\.outcome) == Array(repeating: .done, count: 7))
        #expect(engine.pressureDone == .seconds(165))
        #expect(cues.first { $0.kind == .switchSides }?.text == "Switch to your right side.")
    }

    @Test("late wake-ups change nothing: the same cues at the same deadlines, no drift")
    func lateWakeUps() {
        var once = machine()
        let expected = once.handle(.start, at: .zero) + once.advance(to: .seconds(1000))
        var late = machine()
        var cues = late.handle(.start, at: .zero)
        var now = Duration.zero
        while let deadline = late.nextDeadline {
            now = deadline + .milliseconds(37) // every wake-up 37 ms late
            cues += late.advance(to: now)
        }
        #expect(cues == expected)
        #expect(late.finishedAt == .seconds(265))
    }

    @Test("pause holds the step's time; resume carries on with what was left")
    func pause() {
        var engine = machine()
        _ = engine.handle(.start, at: .zero)
        _ = engine.advance(to: .seconds(85))
        #expect(trace(engine.handle(.pause, at: .seconds(85))) == ["paused#3@85"])
        #expect(engine.nextDeadline == nil)
        #expect(engine.stepRemaining(at: .seconds(150)) == .seconds(40))
        #expect(engine.advance(to: .seconds(190)).isEmpty)
        #expect(trace(engine.handle(.resume, at: .seconds(200))) == ["resumed#3@200"])
        #expect(engine.nextDeadline == .s(217.5))
        let cues = engine.advance(to: .seconds(240))
        #expect(trace(cues) == ["halfway#3@217.5", "ten-seconds-left#3@230", "step#4@240"])
        #expect(engine.outcomes.last?.actualSeconds == 45)
    }

    @Test("eased before the minimum hold asks for a little longer; after it, ends the hold")
    func eased() {
        var engine = machine()
        _ = engine.handle(.start, at: .zero)
        _ = engine.advance(to: .seconds(90))
        let early = engine.handle(.eased, at: .seconds(90))
        #expect(trace(early) == ["keep-pressure#3@90"])
        #expect(early[0].text.contains("about 20 seconds more"))
        #expect(engine.currentStep?.number == 3)
        _ = engine.advance(to: .seconds(114))
        let late = engine.handle(.eased, at: .seconds(114))
        #expect(trace(late) == ["eased#3@114", "step#4@114"])
        #expect(
            engine.outcomes.last
                == StepOutcome(
                    number: 3, technique: .sustainedPressure, muscle: "gluteus-medius", side: .left, plannedSeconds: 45, actualSeconds: 34,
                    outcome: .eased))
        #expect(engine.nextDeadline == .seconds(129))
    }

    @Test("eased on a step without pressure simply moves on")
    func easedWarmUp() {
        var engine = machine()
        _ = engine.handle(.start, at: .zero)
        #expect(trace(engine.handle(.eased, at: .seconds(5))) == ["step#2@5"])
        #expect(engine.outcomes.first?.outcome == .eased)
    }

    @Test("every stop signal stops a step while paused too; dizziness says to sit or lie down", arguments: catalog.screening.stopSignals)
    func stopWhilePaused(_ signal: StopSignal) {
        var engine = machine()
        _ = engine.handle(.start, at: .zero)
        _ = engine.advance(to: .seconds(90))
        _ = engine.handle(.pause, at: .seconds(90))
        let stop = engine.handle(.stop(signal.id), at: .seconds(95))
        #expect(engine.phase == .safetyStop)
        #expect(engine.outcomes.last?.reason == signal.id)
        #expect(stop.last?.isSafety == true)
        if signal.id == "ss-dizzy" {
            #expect(stop.last?.text.contains("lie on your side") == true)
            #expect(stop.last?.text.contains("nerve") == false)
        } else {
            #expect(stop.last?.text == catalog.screening.stopMessage)
        }
    }

    @Test("a checkpoint saved before signals had their own messages still restores")
    func oldCheckpoint() throws {
        var engine = machine()
        _ = engine.handle(.start, at: .zero)
        let data = try JSONEncoder().encode(engine.checkpoint(at: .seconds(5)))
        var object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        var machine = try #require(object["machine"] as? [String: Any])
        var cues = try #require(machine["cues"] as? [String: Any])
        cues["stopMessages"] = nil
        cues["sides"] = nil
        machine["cues"] = cues
        object["machine"] = machine
        let old = try JSONDecoder().decode(SessionMachine.Checkpoint.self, from: JSONSerialization.data(withJSONObject: object))
        #expect(old.machine.cues.stopMessage(for: "ss-dizzy") == catalog.screening.stopMessage)
        #expect(old.machine.cues.name(of: .right) == "right", "a side without words says its id")
    }

    @Test("the engine's own words, the side it switches to included, come from the phrase file")
    func wordsFromPhrases() throws {
        var files = Catalog.bundledFiles()
        let data = try #require(files["phrases.en.json"])
        var object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        var phrases = try #require(object["phrases"] as? [String: Any])
        phrases["cue.switch-sides"] = "«switch to {side}»"
        phrases["side.right"] = "«starboard»"
        phrases["cue.halfway"] = "«half»"
        object["phrases"] = phrases
        files["phrases.en.json"] = try JSONSerialization.data(withJSONObject: object)
        var engine = SessionMachine(plan: testPlan, cues: CueBook(catalog: try Catalog.decode(files: files)))
        let cues = engine.handle(.start, at: .zero) + engine.advance(to: .seconds(1000))
        #expect(cues.first { $0.kind == .switchSides }?.text == "«switch to «starboard»»")
        #expect(cues.first { $0.kind == .halfway }?.text == "«half»")
    }

    @Test("sharp pain stops the step at once, says the safety message, and skips that muscle's pressure")
    func sharpPain() {
        var engine = machine()
        _ = engine.handle(.start, at: .zero)
        _ = engine.advance(to: .seconds(90))
        let stop = engine.handle(.sharpPain, at: .seconds(90))
        #expect(trace(stop) == ["safety#3@90"])
        #expect(stop[0].isSafety)
        #expect(stop[0].text == catalog.screening.stopMessage)
        #expect(engine.phase == .safetyStop)
        #expect(engine.nextDeadline == nil)
        #expect(engine.outcomes.last?.outcome == .stopped)
        #expect(engine.outcomes.last?.reason == "ss-sharp")
        #expect(engine.outcomes.last?.actualSeconds == 10)
        #expect(engine.nextStep?.number == 5, "the next step named is the one that will run, not the skipped pin and stretch")
        let resumed = engine.handle(.resume, at: .seconds(150))
        #expect(trace(resumed) == ["resumed#3@150", "step#5@150"])
        #expect(engine.outcomes.last?.number == 4)
        #expect(engine.outcomes.last?.reason == "after-safety-stop")
        _ = engine.advance(to: .seconds(10_000))
        let skipped = engine.outcomes.filter { $0.reason == "after-safety-stop" }.map(\.number)
        #expect(skipped == [4, 6])
        #expect(engine.pressureDone == .seconds(55))
    }

    @Test("skip ends the step and starts the next, also from a pause")
    func skip() {
        var engine = machine()
        _ = engine.handle(.start, at: .zero)
        _ = engine.advance(to: .seconds(100))
        #expect(trace(engine.handle(.skip, at: .seconds(100))) == ["skipped#3@100", "step#4@100"])
        #expect(engine.outcomes.last?.outcome == .skipped)
        _ = engine.handle(.pause, at: .seconds(110))
        #expect(trace(engine.handle(.skip, at: .seconds(300))) == ["skipped#4@300", "step#5@300"])
        #expect(engine.phase == .running)
        #expect(engine.outcomes.last?.actualSeconds == 10)
    }

    @Test("finish now ends the session from any phase: the step under way as far as it went, the rest skipped")
    func endEarly() {
        // Quit during step 3, 5 s in, then "Finish now".
        var engine = machine()
        _ = engine.handle(.start, at: .zero)
        _ = engine.advance(to: .seconds(85))
        _ = engine.handle(.quit, at: .seconds(85))
        #expect(trace(engine.handle(.end, at: .seconds(400))) == ["session-end@400"])
        #expect(engine.phase == .finished)
        #expect(engine.outcomes.map(\.number) == [1, 2, 3, 4, 5, 6, 7])
        #expect(engine.outcomes.map(\.actualSeconds) == [60, 20, 5, 0, 0, 0, 0])
        #expect(engine.outcomes.dropFirst(2).allSatisfy { $0.outcome == .skipped && $0.reason == "ended-early" })
        #expect(engine.pressureDone == .seconds(5))
        #expect(engine.handle(.end, at: .seconds(500)).isEmpty, "once finished, nothing more")

        // After a safety stop the stopped step keeps its outcome.
        var stopped = machine()
        _ = stopped.handle(.start, at: .zero)
        _ = stopped.advance(to: .seconds(90))
        _ = stopped.handle(.sharpPain, at: .seconds(90))
        _ = stopped.handle(.end, at: .seconds(95))
        #expect(stopped.outcomes.first { $0.number == 3 }?.outcome == .stopped)
        #expect(stopped.outcomes.count == 7)

        // Before the start, and while running.
        var unstarted = machine()
        _ = unstarted.handle(.end, at: .zero)
        #expect(unstarted.phase == .finished && unstarted.outcomes.allSatisfy { $0.actualSeconds == 0 })
        var running = machine()
        _ = running.handle(.start, at: .zero)
        _ = running.handle(.end, at: .seconds(70))
        #expect(running.outcomes.map(\.actualSeconds) == [60, 10, 0, 0, 0, 0, 0])
        #expect(SessionMachine.Event(name: "end", signals: []) == .end)
    }

    @Test("a step's reason is kept as an id; the words older journals kept read as the same ids")
    func reasonIDs() {
        var engine = machine()
        _ = engine.handle(.start, at: .zero)
        _ = engine.handle(.skip, at: .seconds(5))
        _ = engine.handle(.end, at: .seconds(6))
        let reasons = engine.outcomes.compactMap(\.reason)
        #expect(reasons.allSatisfy { StepOutcome.SkipReason(rawValue: $0) != nil }, "\(reasons)")
        #expect(StepOutcome.SkipReason(recorded: "session ended early") == .endedEarly)
        #expect(StepOutcome.SkipReason(recorded: "stopped earlier for safety") == .afterSafetyStop)
        #expect(StepOutcome.SkipReason(recorded: "pressure limit reached") == .pressureLimit)
        #expect(StepOutcome.SkipReason(recorded: "ss-sharp") == nil, "a stop signal's id is not a skip")
    }

    @Test("the pressure cap holds whatever the plan: steps are cut short, then skipped")
    func pressureCap() {
        var engine = machine(cap: .seconds(60))
        _ = engine.handle(.start, at: .zero)
        let cues = engine.advance(to: .seconds(10_000))
        #expect(engine.pressureDone == .seconds(60))
        #expect(engine.outcomes.map(\.actualSeconds) == [60, 20, 45, 15, 0, 0, 20])
        #expect(engine.outcomes.filter { $0.reason == "pressure-limit" }.map(\.number) == [5, 6])
        #expect(trace(cues).last == "session-end@160")
        #expect(SessionMachine(plan: testPlan, cues: cueBook, pressureCap: .seconds(5000)).pressureCap == .seconds(600))
    }

    @Test("events that do not apply change nothing")
    func ignored() {
        var engine = machine()
        let before = engine
        for event in [SessionMachine.Event.pause, .eased, .sharpPain, .skip] {
            #expect(engine.handle(event, at: .seconds(3)).isEmpty)
        }
        #expect(engine == before)
        _ = engine.handle(.start, at: .zero)
        let started = engine
        #expect(engine.handle(.start, at: .seconds(1)).isEmpty)
        #expect(engine.handle(.resume, at: .seconds(1)).isEmpty)
        #expect(engine == started)
    }

    @Test("a session saved before it started resumes from its first step; quit works before the start too")
    func resumeBeforeStart() {
        var engine = machine()
        #expect(trace(engine.handle(.resume, at: .seconds(2))) == ["step#1@2"])
        var quitFirst = machine()
        #expect(quitFirst.handle(.quit, at: .zero).isEmpty)
        #expect(quitFirst.phase == .quit)
        #expect(trace(quitFirst.handle(.resume, at: .seconds(5))) == ["resumed@5", "step#1@5"])
        #expect(quitFirst.startedAt == .seconds(5))
    }

    @Test("when the pressure cap cuts a hold short, keep-pressure points to its real end")
    func easedUnderCap() {
        var engine = machine(cap: .seconds(25))
        _ = engine.handle(.start, at: .zero)
        _ = engine.advance(to: .seconds(95))
        #expect(engine.currentStepLength == .seconds(25))
        let cues = engine.handle(.eased, at: .seconds(95))
        #expect(trace(cues) == ["keep-pressure#3@95"])
        #expect(cues.first?.text.contains("about 10 seconds more") == true)
    }

    @Test("quit freezes the step; a restored checkpoint resumes it with the time it had")
    func quitAndRestore() throws {
        var engine = machine()
        _ = engine.handle(.start, at: .zero)
        _ = engine.advance(to: .seconds(90))
        #expect(engine.handle(.quit, at: .seconds(90)).isEmpty)
        #expect(engine.phase == .quit)
        let data = try JSONEncoder().encode(engine.checkpoint(at: .seconds(95)))
        let checkpoint = try JSONDecoder().decode(SessionMachine.Checkpoint.self, from: data)
        var restored = SessionMachine.restore(checkpoint, at: .seconds(3))
        #expect(restored.phase == .quit)
        #expect(restored.stepRemaining(at: .seconds(3)) == .seconds(35))
        #expect(trace(restored.handle(.resume, at: .seconds(3))) == ["resumed#3@3"])
        #expect(trace(restored.advance(to: .seconds(38))) == ["halfway#3@15.5", "ten-seconds-left#3@28", "step#4@38"])
    }

    @Test("the switch-sides cue comes only when the side changes")
    func switchSides() {
        var engine = machine()
        let cues = engine.handle(.start, at: .zero) + engine.advance(to: .seconds(1000))
        #expect(cues.filter { $0.kind == .switchSides }.map(\.step) == [6])
    }
}
