import KnotworkCore
import KnotworkSession
import KnotworkTestSupport
import Synchronization
import Testing

/// Collects what a driver reports.
final class Recorder: Sendable {
    private let updates = Mutex<[SessionDriver<ManualClock>.Update]>([])

    var cues: [Cue] { updates.withLock { $0.flatMap(\.cues) } }
    var count: Int { updates.withLock { $0.count } }
    var last: SessionMachine? { updates.withLock { $0.last?.machine } }

    func record(_ update: SessionDriver<ManualClock>.Update) { updates.withLock { $0.append(update) } }
}

@Suite("Session driver on a manual clock")
struct SessionDriverTests {
    /// Lets the driver's tasks run until they are asleep on the clock again (every update up to
    /// now is then reported) or the session is over. Bounded by yields, not by real time, so a
    /// slow or busy machine only makes it spin longer.
    func settle(_ clock: ManualClock, _ driver: SessionDriver<ManualClock>) async {
        for _ in 0..<200_000 {
            if clock.sleeperCount > 0 { return }
            let phase = await driver.state.phase
            if phase == .finished || phase == .quit { return }
            await Task.yield()
        }
        Issue.record("the driver neither slept nor ended")
    }

    @Test("cues come out at their deadlines as the clock moves; events act at once")
    func drivesTheMachine() async throws {
        let clock = ManualClock()
        let recorder = Recorder()
        let driver = SessionDriver(machine: machine(), clock: clock) { recorder.record($0) }
        await driver.send(.start)
        let loop = Task { await driver.run() }
        await settle(clock, driver)
        #expect(trace(recorder.cues) == ["step#1@0"])

        clock.advance(by: .seconds(79))
        await settle(clock, driver)
        #expect(trace(recorder.cues) == ["step#1@0", "step#2@60"])

        clock.advance(by: .seconds(6)) // 85 s: 5 s into the first hold
        await settle(clock, driver)
        await driver.send(.pause)
        clock.advance(by: .seconds(500))
        await settle(clock, driver)
        #expect(trace(recorder.cues).last == "paused#3@85")

        await driver.send(.resume) // at 585 s, with 40 s of the hold left
        await settle(clock, driver)
        clock.advance(by: .seconds(18))
        await settle(clock, driver)
        #expect(trace(recorder.cues).suffix(4) == ["step#3@80", "paused#3@85", "resumed#3@585", "halfway#3@602.5"])
        #expect(trace(recorder.cues).last == "halfway#3@602.5")

        await driver.send(.sharpPain)
        await settle(clock, driver)
        #expect(recorder.cues.last?.isSafety == true)
        await driver.send(.quit)
        await loop.value
        #expect(await driver.state.phase == .quit)
    }

    @Test("a whole session runs to its end on the clock's schedule")
    func toTheEnd() async throws {
        let clock = ManualClock()
        let recorder = Recorder()
        let driver = SessionDriver(machine: machine(), clock: clock) { recorder.record($0) }
        await driver.send(.start)
        let loop = Task { await driver.run() }
        for _ in 0..<300 {
            await settle(clock, driver)
            clock.advance(by: .seconds(1))
        }
        await loop.value
        #expect(recorder.last?.phase == .finished)
        #expect(trace(recorder.cues).last == "session-end@265")
        #expect(recorder.cues.count == 17)
    }
}
