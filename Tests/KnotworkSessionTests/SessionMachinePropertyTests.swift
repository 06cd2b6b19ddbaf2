import Foundation
import KnotworkCore
import KnotworkSession
import PropertyBased
import Testing

@Suite("Session engine properties")
struct SessionMachinePropertyTests {
    /// A run: events at increasing times (seconds), with `advance` between them.
    static let runs = Gen.int(in: 0...6).array(of: 1...25).map { codes in
        var time = 0.0
        return codes.enumerated().map { index, code -> (SessionMachine.Event, Double) in
            time += Double((index * 37 + code * 13) % 70) + 0.25
            let events: [SessionMachine.Event] = [.pause, .resume, .eased, .sharpPain, .skip, .quit, .resume]
            return (events[code], time)
        }
    }

    static func shifted(_ cues: [Cue], by shift: Duration) -> [Cue] {
        cues.map { Cue(kind: $0.kind, text: $0.text, step: $0.step, at: $0.at - shift) }
    }

    /// A machine started and sent the first `cut` events of a run at their times, advanced a
    /// tenth of a second past the last: a state to take a checkpoint in, and its time.
    static func played(_ run: [(SessionMachine.Event, Double)], upTo cut: Int) -> (SessionMachine, Duration) {
        var original = machine()
        _ = original.handle(.start, at: .zero)
        let cut = min(cut, run.count)
        for (event, time) in run.prefix(cut) {
            _ = original.advance(to: .s(time))
            _ = original.handle(event, at: .s(time))
        }
        let time: Duration = .s((run.prefix(cut).last?.1 ?? 0) + 0.1)
        _ = original.advance(to: time)
        return (original, time)
    }

    @Test("restored from a checkpoint taken in any state, the session carries on exactly as it would have")
    func restoreAnywhere() async {
        await propertyCheck(count: 400, input: Self.runs, Gen.int(in: 0...24)) { run, cut throws in
            var (original, checkpointTime) = Self.played(run, upTo: cut)
            let data = try JSONEncoder().encode(original.checkpoint(at: checkpointTime))
            let shift = Duration.seconds(100_000)
            var restored = SessionMachine.restore(
                try JSONDecoder().decode(SessionMachine.Checkpoint.self, from: data), at: checkpointTime + shift)
            #expect(restored.phase == original.phase)
            #expect(restored.stepRemaining(at: checkpointTime + shift) == original.stepRemaining(at: checkpointTime))

            var originalCues: [Cue] = []
            var restoredCues: [Cue] = []
            for (event, time) in run.dropFirst(cut) + [(.resume, 5_000), (.resume, 10_000), (.resume, 20_000)] {
                originalCues += original.advance(to: .s(time)) + original.handle(event, at: .s(time))
                restoredCues += restored.advance(to: .s(time) + shift) + restored.handle(event, at: .s(time) + shift)
            }
            #expect(Self.shifted(restoredCues, by: shift) == originalCues)
            #expect(restored.outcomes == original.outcomes)
        }
    }

    @Test("whatever the person does, pressure stays under the cap, every step ends once, and time only moves forward")
    func invariants() async {
        await propertyCheck(count: 400, input: Self.runs, Gen.int(in: 30...600)) { run, capSeconds in
            var engine = machine(cap: .seconds(capSeconds))
            var cues = engine.handle(.start, at: .zero)
            for (event, time) in run + [(.resume, 5_000), (.resume, 10_000), (.resume, 20_000)] {
                cues += engine.advance(to: .s(time))
                #expect(engine.pressureUsed(at: .s(time)) <= .seconds(capSeconds))
                cues += engine.handle(event, at: .s(time))
            }
            cues += engine.advance(to: .seconds(100_000))
            #expect(engine.pressureDone <= .seconds(capSeconds))
            let numbers = engine.outcomes.map(\.number)
            #expect(numbers == numbers.sorted())
            #expect(Set(numbers).count == numbers.count)
            #expect(zip(cues, cues.dropFirst()).allSatisfy { $0.at <= $1.at })
            if engine.phase == .finished {
                #expect(numbers == Array(1...testPlan.steps.count))
                #expect(cues.last?.kind == .sessionEnd)
            }
            for outcome in engine.outcomes where outcome.outcome == .eased && outcome.technique == .sustainedPressure {
                #expect(outcome.actualSeconds >= 30)
            }
        }
    }
}
