import Foundation
import KnotworkCore
import KnotworkSession
import KnotworkTestSupport
import PropertyBased
import Testing

@Suite("Checkpoints in two parts: fixed once, moving every time")
struct CheckpointPartsTests {
    /// The checkpoint its two parts make, each through JSON on its own, as a store keeps them.
    static func reassembled(_ checkpoint: SessionMachine.Checkpoint) throws -> SessionMachine.Checkpoint {
        let fixed = try JSONDecoder().decode(SessionMachine.Fixed.self, from: try JSONEncoder().encode(checkpoint.fixed))
        let moving = try JSONDecoder().decode(SessionMachine.Moving.self, from: try JSONEncoder().encode(checkpoint.moving))
        return try SessionMachine.Checkpoint(fixed: fixed, moving: moving)
    }

    @Test("the parts of a checkpoint taken in any state make the same checkpoint, and the session carries on the same")
    func partsAnywhere() async {
        await propertyCheck(count: 300, input: SessionMachinePropertyTests.runs, Gen.int(in: 0...24)) { run, cut throws in
            var (original, taken) = SessionMachinePropertyTests.played(run, upTo: cut)
            let checkpoint = original.checkpoint(at: taken)
            #expect(try Self.reassembled(checkpoint) == checkpoint)

            let shift = Duration.seconds(50_000)
            var restored = SessionMachine.restore(try Self.reassembled(checkpoint), at: taken + shift)
            var originalCues: [Cue] = []
            var restoredCues: [Cue] = []
            for (event, time) in run.dropFirst(cut) + [(.resume, 5_000), (.resume, 10_000)] {
                originalCues += original.advance(to: .s(time)) + original.handle(event, at: .s(time))
                restoredCues += restored.advance(to: .s(time) + shift) + restored.handle(event, at: .s(time) + shift)
            }
            #expect(SessionMachinePropertyTests.shifted(restoredCues, by: shift) == originalCues)
        }
    }

    @Test("the moving part holds no words: no step's cue, no cue book phrase")
    func movingHasNoWords() throws {
        var engine = machine()
        _ = engine.handle(.start, at: .zero)
        _ = engine.advance(to: .seconds(85)) // 5 s into the left medius hold, its halfway cue pending
        let moving = String(decoding: try JSONEncoder().encode(engine.checkpoint(at: .seconds(85)).moving), as: UTF8.self)
        let fixed = String(decoding: try JSONEncoder().encode(engine.checkpoint(at: .seconds(85)).fixed), as: UTF8.self)
        for words in testPlan.steps.map(\.cue) + [cueBook.halfway, cueBook.tenSecondsLeft] {
            #expect(!moving.contains(words), "\(words)")
            #expect(fixed.contains(words), "\(words)")
        }
        #expect(moving.contains("\"halfway\""), "the pending cue is there, by its kind")
    }

    @Test("a moving part of another session's plan is refused, not restored into a wrong step")
    func mismatch() throws {
        var engine = machine()
        _ = engine.handle(.start, at: .zero)
        _ = engine.advance(to: .seconds(240)) // the last step
        let moving = engine.checkpoint(at: .seconds(240)).moving
        let short = SessionMachine(plan: Plan(request: testPlan.request, steps: Array(testPlan.steps.prefix(2))), cues: cueBook)
        #expect(throws: SessionMachine.CheckpointMismatch.self) { try SessionMachine.Checkpoint(fixed: short.fixed, moving: moving) }
        // A step with no side cannot have a pending side switch.
        var sided = machine()
        _ = sided.handle(.start, at: .zero)
        _ = sided.advance(to: .seconds(200)) // the right medius hold begins, with a side switch
        let unsided = Plan(
            request: testPlan.request,
            steps: testPlan.steps.map { step in
                Step(number: step.number, technique: step.technique, seconds: step.seconds, range: step.range, cue: step.cue)
            })
        let fixed = SessionMachine(plan: unsided, cues: cueBook).fixed
        let pending = sided.checkpoint(at: .seconds(200)).moving
        #expect(throws: SessionMachine.CheckpointMismatch.self) { try SessionMachine.Checkpoint(fixed: fixed, moving: pending) }
    }

    @Test("a machine mid-step, restored from its two parts on a manual clock, says the next cues when the original would")
    func driverFromParts() async throws {
        let clock = ManualClock()
        let recorder = Recorder()
        var engine = machine()
        _ = engine.handle(.start, at: .zero)
        _ = engine.advance(to: .seconds(85)) // 5 s into the 45 s left medius hold
        let restored = SessionMachine.restore(try Self.reassembled(engine.checkpoint(at: .seconds(85))), at: .zero)
        let driver = SessionDriver(machine: restored, clock: clock) { recorder.record($0) }
        let loop = Task { await driver.run() }
        await SessionDriverTests().settle(clock, driver)
        #expect(recorder.cues.isEmpty)
        clock.advance(by: .seconds(18)) // 23 s into the hold: past halfway (22.5 s)
        await SessionDriverTests().settle(clock, driver)
        #expect(trace(recorder.cues) == ["halfway#3@17.5"])
        #expect(recorder.cues.first?.text == cueBook.halfway)
        clock.advance(by: .seconds(12)) // 35 s: ten seconds left
        await SessionDriverTests().settle(clock, driver)
        clock.advance(by: .seconds(10)) // 45 s: the pin and stretch, on the same side
        await SessionDriverTests().settle(clock, driver)
        #expect(trace(recorder.cues) == ["halfway#3@17.5", "ten-seconds-left#3@30", "step#4@40"])
        #expect(recorder.cues.last?.text == "Pin and stretch.")
        await driver.send(.quit)
        await loop.value
    }
}
