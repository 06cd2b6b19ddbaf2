import Foundation
import KnotworkCore
import KnotworkJournal
import KnotworkSession

/// The rest rule's reading of what was done: the muscles that had deep pressure within
/// ``Planner/restHours``, the live sessions' steps read from the hub's memory; one owner's.
struct RestRule: Sendable {
    let store: any JournalStore
    let catalog: Catalog
    let hub: LiveHub<ScaledClock>

    func recentDeepPressure(now: Date, owner: AccountID) async throws -> [MuscleID] {
        let since = now.addingTimeInterval(-Double(Planner.restHours) * 3600)
        let live = await hub.deepPressureOutcomes(since: since, owner: owner)
        return try await store.recentDeepPressure(now: now, catalog: catalog, owner: owner, live: live)
    }
}
