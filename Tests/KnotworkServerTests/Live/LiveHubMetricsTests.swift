import Foundation
import KnotworkCore
import KnotworkJournal
import KnotworkSession
import KnotworkTestSupport
import Logging
import Prometheus
import Testing

@testable import KnotworkServer

/// What the hub tells `/metrics`, on a manual clock: how many sessions it drives, and how late
/// its one timer moved a session past the deadline it slept to.
@Suite("Live sessions' metrics, on a manual clock")
struct LiveHubMetricsTests {
    let catalog = try! Catalog.bundled()

    /// Lets the timer run until it is asleep on the clock again.
    func settle(_ clock: ManualClock) async {
        for _ in 0..<200_000 {
            if clock.sleeperCount > 0 { return }
            await Task.yield()
        }
        Issue.record("the timer did not go back to sleep")
    }

    func lines(_ registry: PrometheusCollectorRegistry, _ name: String) -> [String] {
        registry.emitToString().split(separator: "\n").map(String.init).filter { $0.hasPrefix(name) }
    }

    @Test("a wake 250 ms after its deadline is recorded as 0.25 s late, and the gauge follows the sessions")
    func cueLateness() async throws {
        let clock = ManualClock()
        let registry = PrometheusCollectorRegistry()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("knotwork-hub-\(UUID().uuidString)")
        let store = try SQLiteJournalStore(path: folder.appendingPathComponent("journal.sqlite").path)
        let hub = LiveHub(
            store: store, catalog: catalog, clock: clock, speed: 1, time: .machine, logger: Logger(label: "test"),
            metrics: ServerMetrics(registry: registry))
        let request = try PlanRequest.parse(regions: ["buttock"], side: "left", tools: nil, minutes: 5, answers: [], catalog: catalog)
        guard case .plan(let plan) = try Planner(catalog: catalog).plan(request) else { throw CancellationError() }
        // The deadline the hub's timer sleeps to: the same machine's first one.
        var reference = SessionMachine(plan: plan, cues: CueBook(catalog: catalog))
        _ = reference.handle(.start, at: .zero)
        let deadline = try #require(reference.nextDeadline)

        #expect(lines(registry, ServerMetrics.liveSessionsName) == ["\(ServerMetrics.liveSessionsName) 0.0"])
        _ = try await hub.create(plan: plan, painBefore: nil, owner: .local)
        #expect(lines(registry, ServerMetrics.liveSessionsName) == ["\(ServerMetrics.liveSessionsName) 1.0"])
        await settle(clock)
        #expect(
            lines(registry, ServerMetrics.cueLatenessName + "_count") == ["\(ServerMetrics.cueLatenessName)_count 0"], "nothing was due yet"
        )

        clock.advance(by: deadline + .milliseconds(250))
        await settle(clock)
        let name = ServerMetrics.cueLatenessName
        #expect(lines(registry, name + "_count") == ["\(name)_count 1"])
        let buckets = lines(registry, name + "_bucket")
        #expect(buckets.contains("\(name)_bucket{le=\"0.1\"} 0"), "\(buckets)")
        #expect(buckets.contains("\(name)_bucket{le=\"0.25\"} 1"), "\(buckets)")

        // A session the hub lets go of is no longer counted.
        await hub.discardAll(owner: .local)
        #expect(lines(registry, ServerMetrics.liveSessionsName) == ["\(ServerMetrics.liveSessionsName) 0.0"])
    }
}
