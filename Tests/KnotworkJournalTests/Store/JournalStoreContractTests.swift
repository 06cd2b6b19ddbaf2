import Foundation
import KnotworkCore
import KnotworkJournal
import KnotworkSession
import Testing

/// What every `JournalStore` does, whatever keeps the records: each check runs against every
/// store of ``StoreFactory/all``, a fresh one per test. Records are the local account's unless a
/// check is about owners (`JournalStoreContractTests+Owners.swift`).
@Suite("JournalStore contract")
struct JournalStoreContractTests {
    static let me = AccountID.local

    @Test("a coached session with its steps and plan reads back exactly", arguments: StoreFactory.all)
    func roundTrip(_ factory: StoreFactory) async throws {
        let store = try await factory.make()
        let record = try coached(day: 3)
        try await store.add(record, owner: Self.me)
        let read = try await store.session(id: record.id, owner: Self.me)
        #expect(read == record)
        #expect(read?.startedAt == november(3), "fractions of a second are dropped on creation")
    }

    @Test("a taken id is refused, as is an owner that is no account, and an account made twice", arguments: StoreFactory.all)
    func refusals(_ factory: StoreFactory) async throws {
        let store = try await factory.make()
        let record = session(day: 2)
        try await store.add(record, owner: Self.me)
        await #expect(throws: JournalError.duplicate(record.id)) { try await store.add(record, owner: Self.me) }
        let rating = PainRating(at: november(2), timeZone: "UTC", pain: 4)
        try await store.add(rating, owner: Self.me)
        await #expect(throws: JournalError.duplicate(rating.id)) { try await store.add(rating, owner: Self.me) }
        let nobody = AccountID(UUID())
        await #expect(throws: JournalError.unknownAccount(nobody)) { try await store.add(session(day: 3), owner: nobody) }
        await #expect(throws: JournalError.unknownAccount(nobody)) {
            try await store.add(ScreeningRecord(at: november(1), timeZone: "UTC", verdict: .clear, answers: [:]), owner: nobody)
        }
        await #expect(throws: JournalError.unknownAccount(nobody)) {
            try await store.restore(JournalBackup(exportedAt: november(3), sessions: [session(day: 4)]), owner: nobody)
        }
        await #expect(throws: JournalError.unknownAccount(nobody)) { try await store.save(try liveSession(day: 4), owner: nobody) }
        await #expect(throws: JournalError.duplicate(Self.me.uuid)) { try await store.addAccount(Self.me, createdAt: november(1)) }
        #expect(try await store.sessions(SessionQuery(), owner: Self.me) == [record])
    }

    @Test("the database refuses a pain score outside 0–10 even if a caller skips validation", arguments: StoreFactory.all)
    func checkConstraint(_ factory: StoreFactory) async throws {
        let store = try await factory.make()
        await #expect(throws: (any Error).self) { try await store.add(session(day: 1, before: 11), owner: Self.me) }
        #expect(try await store.sessions(SessionQuery(), owner: Self.me).isEmpty)
    }

    @Test("queries: a time window, a region, and the newest N", arguments: StoreFactory.all)
    func queries(_ factory: StoreFactory) async throws {
        let store = try await factory.make()
        for day in 1...10 {
            try await store.add(
                session(day: day, regions: day.isMultiple(of: 2) ? ["low-back"] : ["outer-hip", "buttock"]), owner: Self.me)
        }
        let window = try await store.sessions(SessionQuery(from: november(3), to: november(6)), owner: Self.me)
        #expect(window.map(\.startedAt) == [november(3), november(4), november(5)])
        #expect(try await store.sessions(SessionQuery(region: "low-back"), owner: Self.me).count == 5)
        let buttock = try await store.sessions(SessionQuery(region: "buttock"), owner: Self.me)
        #expect(buttock.map(\.startedAt) == [1, 3, 5, 7, 9].map { november($0) })
        let newest = try await store.sessions(SessionQuery(limit: 2), owner: Self.me)
        #expect(newest.map(\.startedAt) == [november(10), november(9)])
    }

    @Test("sessions page newest first and oldest first, ties in one second included, none twice or missed", arguments: StoreFactory.all)
    func pages(_ factory: StoreFactory) async throws {
        let store = try await factory.make()
        try await Self.fill(store, owner: Self.me)
        let all = try await store.sessions(SessionQuery(), owner: Self.me)
        for newestFirst in [true, false] {
            var seen: [SessionRecord] = []
            var after: RecordKey?
            while true {
                let page = try await store.sessions(SessionQuery(limit: 2, newestFirst: newestFirst, after: after), owner: Self.me)
                seen += page
                guard page.count == 2 else { break }
                after = page.last!.key
                #expect(RecordKey(after!.description) == after)
            }
            #expect(seen == (newestFirst ? all.reversed() : all))
        }
        #expect(RecordKey("12.not-a-uuid") == nil)
        #expect(RecordKey("-1.\(UUID().uuidString)") == nil)
        let ratings = try await store.painRatings(after: nil, limit: 2, owner: Self.me)
        #expect(ratings.map(\.pain) == [2, 5])
        #expect(try await store.painRatings(after: ratings.last!.key, limit: 5, owner: Self.me).map(\.pain) == [7])
        let screenings = try await store.screenings(after: nil, limit: 1, owner: Self.me)
        #expect(try await store.screenings(after: screenings[0].key, limit: 5, owner: Self.me).map(\.kind) == [.checkIn])
    }

    @Test("the store's digest summarises as the sessions themselves do, for any span and region", arguments: StoreFactory.all)
    func digest(_ factory: StoreFactory) async throws {
        let store = try await factory.make()
        try await Self.fill(store, owner: Self.me)
        try await store.add(session(day: 11, before: 2, after: 2, regions: ["low-back"]), owner: Self.me)
        for query in [SessionQuery(), SessionQuery(from: november(5)), SessionQuery(region: "low-back"), SessionQuery(to: november(3))] {
            let sessions = try await store.sessions(query, owner: Self.me)
            let digest = try await store.digest(query, owner: Self.me, timeZone: utc)
            #expect(
                HistorySummary(digest: digest, phrases: catalog.phrases) == HistorySummary(sessions: sessions, phrases: catalog.phrases))
        }
    }

    @Test("pain ratings and screenings are kept; the latest screening is found", arguments: StoreFactory.all)
    func otherRecords(_ factory: StoreFactory) async throws {
        let store = try await factory.make()
        let rating = PainRating(at: november(1), timeZone: "UTC", pain: 5, region: "low-back", side: .both)
        try await store.add(rating, owner: Self.me)
        try await store.add(
            ScreeningRecord(at: november(1), timeZone: "UTC", verdict: .clear, answers: ["rf-fever": false]), owner: Self.me)
        try await store.add(
            ScreeningRecord(at: november(4), timeZone: "UTC", verdict: .precautions, answers: ["pc-pregnancy": true]), owner: Self.me)
        #expect(try await store.latestScreening(kind: .full, owner: Self.me)?.verdict == .precautions)
        #expect(try await store.rating(id: rating.id, owner: Self.me) == rating)
        #expect(try await store.painRatings(from: nil, to: nil, owner: Self.me) == [rating])
        #expect(try await store.painRatings(from: november(2), to: nil, owner: Self.me).isEmpty)
        #expect(try await store.painRatings(from: nil, to: november(1), owner: Self.me).isEmpty)
    }

    @Test("check-ins are kept apart from full screenings, and a screening is marked used by its session", arguments: StoreFactory.all)
    func checkInsAndUse(_ factory: StoreFactory) async throws {
        let store = try await factory.make()
        let full = ScreeningRecord(at: november(1), timeZone: "UTC", kind: .full, verdict: .clear, answers: ["rf-fever": false])
        let checkIn = ScreeningRecord(at: november(2), timeZone: "UTC", kind: .checkIn, verdict: .clear, answers: ["rf-fever": false])
        try await store.add(full, owner: Self.me)
        try await store.add(checkIn, owner: Self.me)
        #expect(try await store.latestScreening(kind: .full, owner: Self.me)?.id == full.id)
        #expect(try await store.latestScreening(kind: .checkIn, owner: Self.me)?.id == checkIn.id)
        #expect(try await store.screenings(from: november(2), owner: Self.me).map(\.id) == [checkIn.id])
        try await store.markScreeningUsed(id: checkIn.id, at: november(2, 8), owner: Self.me)
        let used = try await store.latestScreening(kind: .checkIn, owner: Self.me)
        #expect(used?.usedAt == november(2, 8))
        #expect(used?.past.used == true)
        let backup = try await store.backup(exportedAt: november(3), owner: Self.me)
        #expect(backup.screenings.map(\.kind) == [.full, .checkIn])
        #expect(try await store.screeningHistory(owner: Self.me).checkIns.count == 1)
    }

    @Test("the sessions mark moves for every session added, by any write, and only for sessions", arguments: StoreFactory.all)
    func sessionsMark(_ factory: StoreFactory) async throws {
        let store = try await factory.make()
        var marks = [try await store.sessionsMark()]
        try await store.add(session(day: 1), owner: Self.me)
        marks.append(try await store.sessionsMark())
        try await store.add(PainRating(at: november(2), timeZone: "UTC", pain: 4), owner: Self.me)
        #expect(try await store.sessionsMark() == marks.last, "only sessions move it")
        _ = try await store.restore(JournalBackup(exportedAt: november(3), sessions: [session(day: 3)]), owner: Self.me)
        marks.append(try await store.sessionsMark())
        let live = try liveSession(day: 4)
        try await store.save(live, owner: Self.me)
        try await store.finish(live, as: live.finished(endedAt: november(4, 9), painAfter: 2), owner: Self.me)
        marks.append(try await store.sessionsMark())
        #expect(Set(marks).count == marks.count, "\(marks)")
    }

    /// Sessions on nine days and three on one second (ties broken by id), ratings and screenings.
    static func fill(_ store: any JournalStore, owner: AccountID) async throws {
        for day in 1...9 { try await store.add(session(day: day, note: day == 4 ? "=SUM(A1), \"quoted\"\nline two" : nil), owner: owner) }
        for _ in 0..<3 { try await store.add(session(day: 10), owner: owner) }
        for day in [2, 5, 7] {
            try await store.add(PainRating(at: november(day, 12), timeZone: "UTC", pain: day, note: "r\(day)"), owner: owner)
        }
        try await store.add(ScreeningRecord(at: november(1), timeZone: "UTC", verdict: .clear, answers: ["rf-fever": false]), owner: owner)
        try await store.add(
            ScreeningRecord(at: november(8), timeZone: "UTC", kind: .checkIn, verdict: .clear, answers: ["rf-fever": false]), owner: owner)
    }
}

/// A coached session of the outer hip with two steps and its plan.
func coached(day: Int) throws -> SessionRecord {
    guard case .plan(let plan) = try Planner(catalog: catalog).plan(PlanRequest(regions: ["outer-hip"])) else {
        throw JournalError.unusable(path: "", reason: "no plan for the outer hip")
    }
    return SessionRecord(
        startedAt: november(day).addingTimeInterval(0.75), timeZone: "America/New_York", endedAt: november(day, 9),
        regions: ["outer-hip", "low-back"], side: .both, painBefore: 7, painAfter: 4, pressureSeconds: 410,
        steps: [
            StepOutcome(
                number: 3, technique: .sustainedPressure, muscle: "gluteus-minimus", side: .left, plannedSeconds: 45, actualSeconds: 31,
                outcome: .eased),
            StepOutcome(
                number: 4, technique: .sustainedPressure, muscle: "piriformis", side: .left, plannedSeconds: 45, actualSeconds: 5,
                outcome: .stopped, reason: "ss-tingling"),
        ],
        plan: plan, note: "felt \"looser\", thanks", source: .coach)
}

/// A live session of the outer hip started on a day, at its first checkpoint.
func liveSession(day: Int) throws -> LiveSessionRecord {
    guard case .plan(let plan) = try Planner(catalog: catalog).plan(PlanRequest(regions: ["outer-hip"])) else {
        throw JournalError.unusable(path: "", reason: "no plan for the outer hip")
    }
    let machine = SessionMachine(plan: plan, cues: CueBook(catalog: catalog))
    return LiveSessionRecord(
        startedAt: november(day), timeZone: "UTC", painBefore: 6, plan: plan, checkpoint: machine.checkpoint(at: .zero),
        updatedAt: november(day))
}
