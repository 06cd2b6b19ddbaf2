import Foundation
import KnotworkCore
import KnotworkJournal
import Testing

/// The contract between owners: one account's records are invisible to another through every
/// method, and another's id is an unknown one, or a taken one, never a way in.
extension JournalStoreContractTests {
    /// A store where the local account has one record of every kind and a second account none.
    struct TwoOwners {
        let store: any JournalStore
        let other = AccountID(UUID())
        let session: SessionRecord
        let rating = PainRating(at: november(2), timeZone: "UTC", pain: 4, region: "low-back")
        let full = ScreeningRecord(at: november(1), timeZone: "UTC", verdict: .clear, answers: ["rf-fever": false])
        let checkIn = ScreeningRecord(at: november(2), timeZone: "UTC", kind: .checkIn, verdict: .clear, answers: ["rf-fever": false])
        let live: LiveSessionRecord

        init(_ factory: StoreFactory) async throws {
            store = try await factory.make()
            session = try coached(day: 2)
            live = try liveSession(day: 2)
            try await store.addAccount(other, createdAt: november(1))
            try await store.add(session, owner: .local)
            try await store.add(rating, owner: .local)
            try await store.add(full, owner: .local)
            try await store.add(checkIn, owner: .local)
            try await store.save(live, owner: .local)
        }

        /// Everything the local account has, as every reading method sees it.
        func mine() async throws -> Snapshot { try await Snapshot(store, owner: .local) }
    }

    /// What an owner sees through every reading method.
    struct Snapshot: Equatable {
        var backup: JournalBackup
        var newest: [SessionRecord]
        var digestSessions: Int
        var ratings: [PainRating]
        var latest: [ScreeningRecord?]
        var screeningsFrom: [ScreeningRecord]
        var liveLatest: LiveSessionRecord?
        var history: ScreeningContent.ScreeningHistory

        init(_ store: any JournalStore, owner: AccountID) async throws {
            backup = try await store.backup(exportedAt: november(20), owner: owner)
            newest = try await store.sessions(SessionQuery(limit: 10), owner: owner)
            digestSessions = try await store.digest(SessionQuery(), owner: owner, timeZone: utc).sessions
            ratings = try await store.painRatings(from: nil, to: nil, owner: owner)
            latest = [
                try await store.latestScreening(kind: .full, owner: owner), try await store.latestScreening(kind: .checkIn, owner: owner),
            ]
            screeningsFrom = try await store.screenings(from: november(1), owner: owner)
            liveLatest = try await store.latestLiveSession(owner: owner)
            history = try await store.screeningHistory(owner: owner)
        }
    }

    @Test("one owner's records are invisible to another through every reading method", arguments: StoreFactory.all)
    func invisible(_ factory: StoreFactory) async throws {
        let journal = try await TwoOwners(factory)
        let (store, other) = (journal.store, journal.other)
        let theirs = try await Snapshot(store, owner: other)
        #expect(theirs.backup == JournalBackup(exportedAt: november(20), sessions: []))
        #expect(theirs.newest.isEmpty && theirs.digestSessions == 0 && theirs.ratings.isEmpty)
        #expect(theirs.latest == [nil, nil] && theirs.screeningsFrom.isEmpty && theirs.liveLatest == nil)
        #expect(theirs.history == ScreeningContent.ScreeningHistory(full: nil))
        #expect(try await store.session(id: journal.session.id, owner: other) == nil)
        #expect(try await store.rating(id: journal.rating.id, owner: other) == nil)
        #expect(try await store.liveSession(id: journal.live.id, owner: other) == nil)
        #expect(try await store.painRatings(after: nil, limit: 10, owner: other).isEmpty)
        #expect(try await store.screenings(after: nil, limit: 10, owner: other).isEmpty)
        #expect(try await store.recentDeepPressure(now: november(2, 12), catalog: catalog, owner: other).isEmpty)
        #expect(!(try await store.clearance(catalog, now: november(2, 12), owner: other)).isClear)

        // And the other way: what the second account adds, the first never sees.
        let mine = try await journal.mine()
        #expect(mine.newest == [journal.session] && mine.liveLatest == journal.live && mine.digestSessions == 1)
        try await Self.fill(store, owner: other)
        try await store.save(try liveSession(day: 3), owner: other)
        #expect(try await journal.mine() == mine)
        #expect(try await store.sessions(SessionQuery(), owner: other).count == 12)
    }

    @Test(
        "another owner's ids change nothing: marked, finished, discarded or saved over, they are unknown or taken",
        arguments: StoreFactory.all)
    func foreignIDs(_ factory: StoreFactory) async throws {
        let journal = try await TwoOwners(factory)
        let (store, other) = (journal.store, journal.other)
        let mine = try await journal.mine()

        try await store.markScreeningUsed(id: journal.checkIn.id, at: november(3), owner: other)
        try await store.discardLiveSession(id: journal.live.id, owner: other)
        await #expect(throws: JournalError.duplicate(journal.live.id)) { try await store.save(journal.live, owner: other) }
        await #expect(throws: JournalError.duplicate(journal.live.id)) {
            try await store.save([OwnedLiveSession(journal.live, owner: other)])
        }
        // Finished by the other, it is a live session they never had: their session is recorded,
        // and the checkpoint, not theirs, stays.
        let theirs = journal.live.finished(endedAt: november(3), painAfter: 1)
        try await store.finish(journal.live, as: theirs, owner: other)
        #expect(try await journal.mine() == mine)
        #expect(try await store.sessions(SessionQuery(), owner: other) == [theirs])

        // Adding under a taken id says only that it is taken, as it does for one's own.
        await #expect(throws: JournalError.duplicate(journal.session.id)) { try await store.add(journal.session, owner: other) }
        await #expect(throws: JournalError.duplicate(journal.rating.id)) { try await store.add(journal.rating, owner: other) }
        await #expect(throws: JournalError.duplicate(journal.full.id)) { try await store.add(journal.full, owner: other) }
        #expect(try await journal.mine() == mine)
    }

    @Test("a restore into one owner of another's ids is a conflict whatever the content, and adds nothing", arguments: StoreFactory.all)
    func foreignRestore(_ factory: StoreFactory) async throws {
        let journal = try await TwoOwners(factory)
        let (store, other) = (journal.store, journal.other)
        let mine = try await journal.mine()
        let fresh = session(day: 5)
        let cases: [(JournalBackup, JournalError)] = [
            (
                JournalBackup(exportedAt: november(20), sessions: [fresh, journal.session]),
                .conflict(list: "sessions", index: 1, id: journal.session.id)
            ),
            (
                JournalBackup(exportedAt: november(20), sessions: [fresh], painRatings: [journal.rating]),
                .conflict(list: "painRatings", index: 0, id: journal.rating.id)
            ),
            (
                JournalBackup(exportedAt: november(20), sessions: [fresh], screenings: [journal.full]),
                .conflict(list: "screenings", index: 0, id: journal.full.id)
            ),
        ]
        for (backup, error) in cases {
            await #expect(throws: error) { try await store.restore(backup, owner: other) }
            #expect(try await store.sessions(SessionQuery(), owner: other).isEmpty, "all or nothing")
        }
        #expect(try await journal.mine() == mine)
        // The owner's own backup, restored into the other account, is refused the same way.
        await #expect(throws: JournalError.self) { try await store.restore(mine.backup, owner: other) }
        #expect(try await store.restore(JournalBackup(exportedAt: november(20), sessions: [fresh]), owner: other).added == 1)
        #expect(try await store.session(id: fresh.id, owner: .local) == nil)
    }
}
