import Foundation
import KnotworkCore
import KnotworkJournal
import KnotworkSession
import KnotworkTestSupport
import Logging
import Testing

@testable import KnotworkServer

/// The hub's one timer, driven by a manual clock: every session must move exactly as a machine
/// of its own would, whatever the other sessions and the person's events do.
@Suite("Live sessions' one timer, on a manual clock")
struct LiveHubTimerTests {
    let catalog = try! Catalog.bundled()

    func makeHub(_ clock: ManualClock) throws -> LiveHub<ManualClock> {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("knotwork-hub-\(UUID().uuidString)")
        let store = try SQLiteJournalStore(path: folder.appendingPathComponent("journal.sqlite").path)
        return LiveHub(store: store, catalog: catalog, clock: clock, speed: 1, time: .machine, logger: Logger(label: "test"))
    }

    func plan(_ regions: [String]) throws -> Plan {
        let request = try PlanRequest.parse(regions: regions, side: "left", tools: nil, minutes: 5, answers: [], catalog: catalog)
        guard case .plan(let plan) = try Planner(catalog: catalog).plan(request) else { throw CancellationError() }
        return plan
    }

    /// Lets the timer run until it is asleep on the clock again.
    func settle(_ clock: ManualClock) async {
        for _ in 0..<200_000 {
            if clock.sleeperCount > 0 { return }
            await Task.yield()
        }
        Issue.record("the timer did not go back to sleep")
    }

    /// A session as the hub holds it, and the lone machine it must agree with.
    struct Pair {
        let id: UUID
        let origin: Duration
        var reference: SessionMachine
        var cues: [Cue]
    }

    /// Starts a session for each plan, `apart` seconds apart, applies the person's events
    /// (second, session, event), and checks every session against its lone machine each second.
    func run(_ plans: [Plan], apart: Int, events: [(Int, Int, SessionMachine.Event)], seconds: Int) async throws {
        let clock = ManualClock()
        let hub = try makeHub(clock)
        var pairs: [Pair] = []
        for second in 0..<seconds {
            if second.isMultiple(of: apart), pairs.count < plans.count {
                let plan = plans[pairs.count]
                let view = try await hub.create(plan: plan, painBefore: nil, owner: .local)
                var reference = SessionMachine(plan: plan, cues: CueBook(catalog: catalog))
                let cues = reference.handle(.start, at: .zero)
                pairs.append(Pair(id: view.id, origin: .seconds(second), reference: reference, cues: cues))
            }
            for (at, index, event) in events where at == second && index < pairs.count {
                let time = Duration.seconds(second) - pairs[index].origin
                pairs[index].cues += pairs[index].reference.advance(to: time) + pairs[index].reference.handle(event, at: time)
                _ = try await hub.send(event, to: pairs[index].id, owner: .local)
            }
            await settle(clock)
            for index in pairs.indices {
                let time = Duration.seconds(second) - pairs[index].origin
                pairs[index].cues += pairs[index].reference.advance(to: time)
                let view = try await hub.view(id: pairs[index].id, owner: .local)
                #expect(view.lastCue == pairs[index].cues.last.map(CueView.init), "session \(index) at \(second) s")
                #expect(view.phase == pairs[index].reference.phase, "session \(index) at \(second) s")
                #expect(view.position == pairs[index].reference.currentStep?.number, "session \(index) at \(second) s")
            }
            clock.advance(by: .seconds(1))
        }
        #expect(pairs.count == plans.count && pairs.allSatisfy { $0.reference.phase == .finished }, "the sessions ran to their ends")
    }

    @Test("sessions started at different times each get their cues at their own deadlines, through the person's events")
    func manySessionsOneTimer() async throws {
        try await run(
            [try plan(["outer-hip"]), try plan(["tailbone"]), try plan(["low-back", "buttock"])], apart: 7,
            events: [(40, 0, .pause), (75, 0, .resume), (90, 1, .skip), (120, 2, .pause), (121, 2, .resume), (150, 1, .skip)],
            seconds: 420)
    }

    @Test("with nothing else due, a resume or a skip wakes the sleeping timer for the session's nearer deadline")
    func eventsWakeTheTimer() async throws {
        // Paused through the deadline the timer slept to, it then sleeps with nothing due: only
        // the resume can wake it. A skip ends a long step early: its next cue comes sooner than
        // the deadline the timer sleeps to.
        try await run([try plan(["tailbone"])], apart: 1, events: [(20, 0, .pause), (100, 0, .resume), (150, 0, .skip)], seconds: 420)
    }
}
