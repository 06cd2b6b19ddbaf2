import Foundation
import KnotworkCore
import KnotworkJournal
import Testing

/// The contract's live sessions and restores.
extension JournalStoreContractTests {
    @Test("a live session's checkpoint is saved, replaced, read, and finished into one session at once", arguments: StoreFactory.all)
    func liveSessions(_ factory: StoreFactory) async throws {
        let store = try await factory.make()
        var live = try liveSession(day: 1)
        try await store.save(live, owner: Self.me)
        #expect(try await store.liveSession(id: live.id, owner: Self.me) == live)
        live.painBefore = 5
        live.updatedAt = november(1, 9)
        try await store.save(live, owner: Self.me)
        #expect(try await store.liveSession(id: live.id, owner: Self.me) == live, "saved again, it is replaced")
        let later = try liveSession(day: 2)
        try await store.save([OwnedLiveSession(later, owner: Self.me)])
        #expect(try await store.latestLiveSession(owner: Self.me) == later)

        let record = live.finished(endedAt: november(1, 10), painAfter: 2)
        try await store.finish(live, as: record, owner: Self.me)
        #expect(try await store.liveSession(id: live.id, owner: Self.me) == nil)
        #expect(try await store.session(id: live.id, owner: Self.me) == record)
        // Finished again (a retry), the session is kept as it was, and nothing else happens.
        try await store.finish(live, as: live.finished(endedAt: november(1, 11), painAfter: 9), owner: Self.me)
        #expect(try await store.sessions(SessionQuery(), owner: Self.me) == [record])

        try await store.discardLiveSession(id: later.id, owner: Self.me)
        #expect(try await store.latestLiveSession(owner: Self.me) == nil)
        #expect(try await store.sessions(SessionQuery(), owner: Self.me) == [record], "a discarded session is not recorded")
    }

    @Test("a batch of checkpoints is saved whole or not at all", arguments: StoreFactory.all)
    func liveBatch(_ factory: StoreFactory) async throws {
        let store = try await factory.make()
        let (first, second) = (try liveSession(day: 1), try liveSession(day: 2))
        let nobody = AccountID(UUID())
        await #expect(throws: JournalError.unknownAccount(nobody)) {
            try await store.save([OwnedLiveSession(first, owner: Self.me), OwnedLiveSession(second, owner: nobody)])
        }
        #expect(try await store.liveSession(id: first.id, owner: Self.me) == nil)
        try await store.save([OwnedLiveSession(first, owner: Self.me), OwnedLiveSession(second, owner: Self.me)])
        #expect(try await store.latestLiveSession(owner: Self.me) == second)
    }

    @Test("each later checkpoint of a session replaces its state, and the plan stays the first save's", arguments: StoreFactory.all)
    func livePlanOnce(_ factory: StoreFactory) async throws {
        let store = try await factory.make()
        var (live, machine) = try liveMidStep(day: 1)
        try await store.save(live, owner: Self.me)
        for (second, batch) in [(130, false), (200, true), (260, false)] {
            _ = machine.advance(to: .seconds(second))
            _ = machine.handle(.pause, at: .seconds(second))
            _ = machine.handle(.resume, at: .seconds(second))
            live.record(machine, at: .seconds(second))
            live.updatedAt = november(1, 9).addingTimeInterval(Double(second))
            if batch { try await store.save([OwnedLiveSession(live, owner: Self.me)]) } else { try await store.save(live, owner: Self.me) }
            #expect(try await store.liveSession(id: live.id, owner: Self.me) == live, "at \(second) s")
        }
        // A session never changes its plan: a save that says otherwise changes the rest only.
        var changed = live
        changed.plan = Plan(request: live.plan.request, steps: Array(live.plan.steps.prefix(1)))
        changed.updatedAt = november(1, 11)
        try await store.save(changed, owner: Self.me)
        var expected = live
        expected.updatedAt = november(1, 11)
        #expect(try await store.latestLiveSession(owner: Self.me) == expected)
    }

    @Test("a restore adds only what is missing, all in one go, and a second restore adds nothing", arguments: StoreFactory.all)
    func restore(_ factory: StoreFactory) async throws {
        let store = try await factory.make()
        let existing = session(day: 1)
        try await store.add(existing, owner: Self.me)
        let backup = JournalBackup(
            exportedAt: november(20), sessions: [existing, session(day: 2), session(day: 3)],
            painRatings: [PainRating(at: november(2), timeZone: "UTC", pain: 4)],
            screenings: [ScreeningRecord(at: november(1), timeZone: "UTC", verdict: .clear, answers: ["rf-fever": false])])
        #expect(try await store.restore(backup, owner: Self.me) == ImportCounts(added: 4, alreadyPresent: 1))
        #expect(try await store.restore(backup, owner: Self.me) == ImportCounts(added: 0, alreadyPresent: 5))
        let all = try await store.backup(exportedAt: november(21), owner: Self.me)
        #expect(all.sessions.count == 3)
        #expect(all.painRatings.count == 1)
        #expect(all.screenings.count == 1)
    }

    @Test("a restored record with a known id and other content is a conflict, named, and nothing is imported", arguments: StoreFactory.all)
    func restoreConflict(_ factory: StoreFactory) async throws {
        let store = try await factory.make()
        let kept = session(day: 1, before: 6, after: 3)
        try await store.add(kept, owner: Self.me)
        var changed = kept
        changed.painAfter = 5
        let fresh = session(day: 2)
        await #expect(throws: JournalError.conflict(list: "sessions", index: 1, id: kept.id)) {
            try await store.restore(JournalBackup(exportedAt: november(3), sessions: [fresh, changed]), owner: Self.me)
        }
        #expect(try await store.sessions(SessionQuery(), owner: Self.me) == [kept], "all or nothing")
        // The same content is simply already there; and two differing copies in one file conflict too.
        #expect(try await store.restore(JournalBackup(exportedAt: november(3), sessions: [kept]), owner: Self.me).alreadyPresent == 1)
        var twin = fresh
        twin.note = "another"
        await #expect(throws: JournalError.conflict(list: "sessions", index: 1, id: fresh.id)) {
            try await store.restore(JournalBackup(exportedAt: november(3), sessions: [fresh, twin]), owner: Self.me)
        }
        let rating = PainRating(at: november(2), timeZone: "UTC", pain: 4)
        try await store.add(rating, owner: Self.me)
        var other = rating
        other.pain = 5
        await #expect(throws: JournalError.conflict(list: "painRatings", index: 0, id: rating.id)) {
            try await store.restore(JournalBackup(exportedAt: november(3), sessions: [], painRatings: [other]), owner: Self.me)
        }
    }

    @Test("an error the reader throws undoes everything it handed over", arguments: StoreFactory.all)
    func restoreUndone(_ factory: StoreFactory) async throws {
        let store = try await factory.make()
        await #expect(throws: CancellationError.self) {
            try await store.restore(owner: Self.me) { add in
                try add(.session(session(day: 1)))
                try add(.painRating(PainRating(at: november(2), timeZone: "UTC", pain: 4)))
                throw CancellationError()
            }
        }
        #expect(try await store.backup(exportedAt: november(3), owner: Self.me) == JournalBackup(exportedAt: november(3), sessions: []))
    }

    @Test("a backup of a backup is the same journal", arguments: StoreFactory.all)
    func lossless(_ factory: StoreFactory) async throws {
        let (first, second) = (try await factory.make(), try await factory.make())
        for day in [5, 1, 3] { try await first.add(session(day: day, note: day == 3 ? "line one\nline two" : nil), owner: Self.me) }
        try await first.add(try coached(day: 4), owner: Self.me)
        try await first.add(
            ScreeningRecord(at: november(1), timeZone: "UTC", verdict: .clear, answers: ["rf-fever": false]), owner: Self.me)
        let backup = try await first.backup(exportedAt: november(20), owner: Self.me)
        let data = try JournalBackup.encoder().encode(backup)
        let decoded = try JournalBackup.decoder().decode(JournalBackup.self, from: data)
        _ = try await second.restore(decoded, owner: Self.me)
        #expect(try await second.backup(exportedAt: november(20), owner: Self.me) == backup)
        #expect(backup.sessions.map(\.startedAt) == [november(1), november(3), november(4), november(5)])
    }
}
