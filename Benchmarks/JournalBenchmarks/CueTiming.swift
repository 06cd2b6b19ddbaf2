import Foundation
import KnotworkCore
import KnotworkSession
import Synchronization

/// Cue timing at real speed with the real clock: the engine (absolute deadlines) beside a naive
/// loop that sleeps each interval in turn, both following the same plan in the same process.
enum CueTiming {
    /// Lateness of each cue against the ideal schedule, and how late the end came.
    struct Result {
        var lateness: [Double] = [] // milliseconds
        var drift = 0.0 // milliseconds, at the end

        func percentile(_ p: Double) -> Double {
            let sorted = lateness.sorted()
            return sorted[min(sorted.count - 1, Int(Double(sorted.count - 1) * p))]
        }
    }

    static func milliseconds(_ duration: Duration) -> Double { duration.inSeconds * 1000 }

    static func run(minutes: Int) async throws {
        let catalog = try Catalog.bundled()
        let request = PlanRequest(
            regions: ["outer-hip", "low-back"], side: .both, tools: ["foam-roller", "lacrosse-ball"], minutes: minutes)
        guard case .plan(let plan) = try Planner(catalog: catalog).plan(request) else { fatalError("no plan") }
        let machine = SessionMachine(plan: plan, cues: CueBook(catalog: catalog))
        FileHandle.standardError.write(
            Data("  running a \(TimeText.spoken(plan.totalSeconds)) plan twice, side by side, at real speed…\n".utf8))

        async let engine = runEngine(machine)
        async let naive = runNaive(machine)
        let (e, n) = await (engine, naive)
        for (name, result) in [("engine (absolute deadlines)", e), ("naive loop (sleep each step)", n)] {
            print(
                String(
                    format: "%@: %d cues, lateness p50 %.3f ms, p99 %.3f ms; drift at the end %.3f ms", name, result.lateness.count,
                    result.percentile(0.5), result.percentile(0.99), result.drift))
        }
        print(
            String(
                format: "engine/naive: p99 lateness %.2fx, drift %.3f ms vs %.3f ms", e.percentile(0.99) / max(n.percentile(0.99), 0.001),
                e.drift, n.drift))
    }

    /// The engine on the real clock; lateness is when each cue came out minus its deadline.
    static func runEngine(_ machine: SessionMachine) async -> Result {
        let clock = ContinuousClock()
        let origin = clock.now
        let collected = Mutex(Result())
        let driver = SessionDriver(machine: machine, clock: clock, origin: origin) { update in
            let actual = origin.duration(to: clock.now)
            collected.withLock { result in
                for cue in update.cues {
                    result.lateness.append(milliseconds(actual - cue.at))
                    if cue.kind == .sessionEnd { result.drift = milliseconds(actual - cue.at) }
                }
            }
        }
        await driver.send(.start)
        let loop = Task { await driver.run() }
        await loop.value
        return collected.withLock { $0 }
    }

    /// The same schedule slept interval by interval: each sleep starts when the last one ended.
    static func runNaive(_ machine: SessionMachine) async -> Result {
        // The ideal schedule: every cue of an undisturbed run, from the machine itself.
        var ideal = machine
        let schedule = (ideal.handle(.start, at: .zero) + ideal.advance(to: .seconds(100_000))).map(\.at)
        let clock = ContinuousClock()
        let start = clock.now
        var result = Result()
        var previous = Duration.zero
        for deadline in schedule {
            try? await Task.sleep(for: deadline - previous)
            previous = deadline
            result.lateness.append(milliseconds(start.duration(to: clock.now) - deadline))
        }
        result.drift = result.lateness.last ?? 0
        return result
    }
}
