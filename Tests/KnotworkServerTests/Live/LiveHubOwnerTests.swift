import Foundation
import KnotworkCore
import KnotworkJournal
import KnotworkSession
import KnotworkTestSupport
import Logging
import Testing

@testable import KnotworkServer

/// A live session is its owner's: to any other account it is unknown, in the hub's memory and
/// in the journal's checkpoints after a restart alike.
@Suite("Live sessions' owners")
struct LiveHubOwnerTests {
    let catalog = try! Catalog.bundled()

    @Test("another account's requests find no live session, held in memory or restored from its checkpoint")
    func othersFindNothing() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("knotwork-owners-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteJournalStore(path: folder.appendingPathComponent("journal.sqlite").path)
        let other = AccountID(UUID())
        try await store.addAccount(other, createdAt: Date())
        let request = try PlanRequest.parse(regions: ["outer-hip"], side: "left", tools: nil, minutes: 5, answers: [], catalog: catalog)
        guard case .plan(let plan) = try Planner(catalog: catalog).plan(request) else { throw CancellationError() }

        let hub = LiveHub(store: store, catalog: catalog, clock: ManualClock(), speed: 1, time: .machine, logger: Logger(label: "test"))
        let id = try await hub.create(plan: plan, painBefore: 5, owner: .local).id
        try await expectUnknown(id, to: hub, as: other)
        #expect(try await hub.view(id: id, owner: .local).id == id, "its owner still reaches it")

        // After a restart the hub restores sessions from their checkpoints, only for their owner.
        await hub.checkpointAll()
        let restarted = LiveHub(
            store: store, catalog: catalog, clock: ManualClock(), speed: 1, time: .machine, logger: Logger(label: "test"))
        try await expectUnknown(id, to: restarted, as: other)
        #expect(await restarted.count == 0, "nothing was restored for the other account")
        #expect(try await restarted.view(id: id, owner: .local).id == id)
        await restarted.checkpointAll()
    }

    private func expectUnknown(_ id: UUID, to hub: LiveHub<ManualClock>, as owner: AccountID) async throws {
        await #expect(throws: LiveError.unknownSession(id)) { try await hub.view(id: id, owner: owner) }
        await #expect(throws: LiveError.unknownSession(id)) { try await hub.send(.pause, to: id, owner: owner) }
        await #expect(throws: LiveError.unknownSession(id)) { try await hub.listen(to: id, owner: owner, after: nil) }
        await #expect(throws: LiveError.unknownSession(id)) { try await hub.finish(id: id, owner: owner, painAfter: 2, note: nil) }
        #expect(await hub.deepPressureOutcomes(since: .distantPast, owner: owner) == [])
    }
}
