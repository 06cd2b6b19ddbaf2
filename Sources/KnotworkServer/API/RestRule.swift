import Foundation
import KnotworkCore
import KnotworkJournal
import KnotworkSession

/// The rest rule's reading of what was done: the muscles that had deep pressure within
/// ``Planner/restHours``, the live sessions' steps read from the hub's memory.
struct RestRule: Sendable {
    let store: any JournalStore
    let catalog: Catalog
    let hub: LiveHub<ScaledClock>

    func recentDeepPressure(now: Date) async throws -> [MuscleID] {
        let since = now.addingTimeInterval(-Double(Planner.restHours) * 3600)
        return try await store.recentDeepPressure(now: now, catalog: catalog, live: await hub.deepPressureOutcomes(since: since))
    }
}
