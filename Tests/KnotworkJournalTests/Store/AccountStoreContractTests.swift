import Foundation
import KnotworkCore
import KnotworkJournal
import Testing

/// What every `AccountStore` does: each check runs against every store of
/// ``StoreFactory/all`` (a journal file, and an in-memory queue), a fresh one per test. The
/// values with an expiry are in `+Values`, tokens, invitations and care links in `+Links`,
/// prescriptions, alerts and the access log in `+Clinic`.
@Suite("AccountStore contract")
struct AccountStoreContractTests {
    @Test("an account reads back, and signs in by its email in any case", arguments: StoreFactory.all)
    func createAndRead(_ factory: StoreFactory) async throws {
        let store = try await factory.accounts()
        let ada = Account(email: "  Ada@Example.ORG ", displayName: "Ada", role: .clinician, isAdmin: true, createdAt: november(1, 9))
        try await store.createAccount(ada, passwordHash: "$2b$12$hash")
        var stored = ada
        stored.email = "ada@example.org"
        #expect(try await store.account(id: ada.id) == stored)
        let credentials = try #require(try await store.credentials(email: "ADA@example.org"))
        #expect(credentials == Credentials(account: stored, passwordHash: "$2b$12$hash", passwordStamp: credentials.passwordStamp))
        #expect(try await store.passwordStamp(account: ada.id) == credentials.passwordStamp)
        #expect(try await store.credentials(email: "bob@example.org") == nil)
        #expect(try await store.account(id: AccountID(UUID())) == nil)
        #expect(try await store.passwordStamp(account: AccountID(UUID())) == nil)
        let local = try #require(try await store.account(id: .local), "the local account is one too")
        #expect(local.email == nil && local.role == .person && !local.isAdmin)
        #expect(try await store.accountCount() == 1, "the local account cannot sign in")
    }

    @Test("an email is one account's, in any case; an id is one account's", arguments: StoreFactory.all)
    func emailTaken(_ factory: StoreFactory) async throws {
        let store = try await factory.accounts()
        let ada = try await store.person("ada")
        let again = Account(email: "ADA@example.org ", displayName: "Other Ada", role: .person, createdAt: november(2))
        await #expect(throws: AccountError.emailTaken("ada@example.org")) { try await store.createAccount(again, passwordHash: "h") }
        var sameID = ada
        sameID.email = "ada2@example.org"
        await #expect(throws: JournalError.duplicate(ada.id.uuid)) { try await store.createAccount(sameID, passwordHash: "h") }
        #expect(try await store.accountCount() == 1)
        #expect(try await store.credentials(email: "ada@example.org")?.account.displayName == "Ada")
    }

    @Test("a new password moves the stamp on; an unknown account is refused", arguments: StoreFactory.all)
    func passwordChange(_ factory: StoreFactory) async throws {
        let store = try await factory.accounts()
        let ada = try await store.person("ada")
        let before = try #require(try await store.passwordStamp(account: ada.id))
        let after = try await store.setPassword(hash: "$2b$12$new", account: ada.id)
        #expect(after != before)
        #expect(try await store.passwordStamp(account: ada.id) == after)
        let credentials = try await store.credentials(email: "ada@example.org")
        #expect(credentials?.passwordHash == "$2b$12$new" && credentials?.passwordStamp == after)
        #expect(try await store.setPassword(hash: "$2b$12$third", account: ada.id) != after)
        let nobody = AccountID(UUID())
        await #expect(throws: JournalError.unknownAccount(nobody)) { try await store.setPassword(hash: "h", account: nobody) }
    }

    @Test("deleting an account removes every kind of record of it, and leaves another's untouched", arguments: StoreFactory.all)
    func deleteAccount(_ factory: StoreFactory) async throws {
        let store = try await factory.accounts()
        let (ada, bob, cy) = (try await store.person("ada", .clinician), try await store.person("bob"), try await store.person("cy"))
        try await store.everything(of: bob.id, clinician: ada.id)
        try await store.everything(of: cy.id, clinician: ada.id)
        try await store.everything(of: ada.id, clinician: cy.id)
        let before = try await AccountSnapshot(store, cy.id, clinician: ada.id)

        #expect(try await store.deleteAccount(bob.id))
        #expect(try await store.account(id: bob.id) == nil)
        #expect(try await store.credentials(email: "bob@example.org") == nil)
        #expect(try await AccountSnapshot(store, bob.id, clinician: ada.id).isEmpty)
        #expect(try await AccountSnapshot(store, cy.id, clinician: ada.id) == before)
        #expect(try await store.invites(clinician: ada.id).count == 1, "the invitation bob accepted went with him; cy's stays")
        #expect(try await store.deleteAccount(bob.id) == false)

        // Deleting the clinician takes what it wrote about cy, and cy's own records stay.
        #expect(try await store.deleteAccount(ada.id))
        let left = try await AccountSnapshot(store, cy.id, clinician: ada.id)
        #expect(left.links.isEmpty && left.prescriptions.isEmpty && left.log.isEmpty && left.alerts.isEmpty)
        #expect(left.sessions == before.sessions && left.ratings == before.ratings && left.tokens == before.tokens)
        #expect(try await store.invites(clinician: ada.id).isEmpty)
        #expect(try await store.careLinks(clinician: ada.id).isEmpty)
        #expect(try await store.accessLog(patient: ada.id, limit: 10).isEmpty, "entries on either side go")
        #expect(try await store.account(id: .local) != nil)
    }

    @Test("the sessions mark never repeats when an account with the latest sessions is deleted", arguments: StoreFactory.all)
    func markAfterDeletion(_ factory: StoreFactory) async throws {
        let store = try await factory.accounts()
        let bob = try await store.person("bob")
        try await store.add(session(day: 1), owner: .local)
        var marks = [try await store.sessionsMark()]
        try await store.add(session(day: 2), owner: bob.id)
        marks.append(try await store.sessionsMark())
        // With the largest rowid as the mark, this one went back, and the next session, taking
        // bob's rowid again, brought back a mark a reader had kept for a list without it.
        #expect(try await store.deleteAccount(bob.id))
        marks.append(try await store.sessionsMark())
        try await store.add(session(day: 3), owner: .local)
        marks.append(try await store.sessionsMark())
        #expect(marks == marks.sorted() && Set(marks).count == marks.count, "\(marks)")
    }
}

/// A journal store that keeps accounts too.
typealias AccountJournal = AccountStore & JournalStore

extension StoreFactory {
    /// A fresh store of this kind, as an account store.
    func accounts() async throws -> any AccountJournal {
        try #require(try await make() as? any AccountJournal)
    }
}

extension AccountStore {
    /// Adds an account signing in as `name@example.org`.
    func person(_ name: String, _ role: Account.Role = .person) async throws -> Account {
        let account = Account(email: "\(name)@example.org", displayName: name.capitalized, role: role, createdAt: november(1))
        try await createAccount(account, passwordHash: "$2b$12$\(name)")
        return account
    }
}

extension AccountStore where Self: JournalStore {
    /// One record of every kind of a patient, and what a clinician linked to them writes.
    func everything(of patient: AccountID, clinician: AccountID) async throws {
        try await add(KnotworkJournalTests.session(day: 2), owner: patient)
        try await add(PainRating(at: november(2), timeZone: "UTC", pain: 4), owner: patient)
        try await add(ScreeningRecord(at: november(2), timeZone: "UTC", verdict: .clear, answers: ["rf-fever": false]), owner: patient)
        try await save(try KnotworkJournalTests.liveSession(day: 3), owner: patient)
        try await addToken(APIToken(owner: patient, name: "laptop", createdAt: november(2)), hash: "token-\(patient)")
        let invite = Invite(clinician: clinician, createdAt: november(2), expiresAt: november(9))
        try await addInvite(invite, codeHash: "code-\(patient)")
        _ = try await acceptInvite(codeHash: "code-\(patient)", patient: patient, at: november(3))
        try await save(prescription(patient: patient, clinician: clinician))
        try await markAlertSeen(key: "pain-rising", clinician: clinician, patient: patient, at: november(4))
        try await logAccess(AccessLogEntry(patient: patient, clinician: clinician, at: november(4), what: "sessions"))
    }
}

/// What an account has, through every reading method, with what one clinician has of it.
struct AccountSnapshot: Equatable {
    var sessions: [SessionRecord]
    var ratings: [PainRating]
    var screenings: [ScreeningRecord]
    var live: LiveSessionRecord?
    var tokens: [APIToken]
    var invites: [Invite]
    var links: [CareLink]
    var prescriptions: [Prescription]
    var alerts: Set<String>
    var log: [AccessLogEntry]

    init(_ store: any AccountJournal, _ account: AccountID, clinician: AccountID) async throws {
        sessions = try await store.sessions(SessionQuery(), owner: account)
        ratings = try await store.painRatings(from: nil, to: nil, owner: account)
        screenings = try await store.screenings(from: november(1), owner: account)
        live = try await store.latestLiveSession(owner: account)
        tokens = try await store.tokens(owner: account)
        invites = try await store.invites(clinician: account)
        links = try await store.careLinks(patient: account) + store.careLinks(clinician: account)
        prescriptions = try await store.prescriptions(patient: account)
        alerts = try await store.seenAlerts(clinician: clinician, patient: account)
        log = try await store.accessLog(patient: account, limit: 100)
    }

    var isEmpty: Bool {
        sessions.isEmpty && ratings.isEmpty && screenings.isEmpty && live == nil && tokens.isEmpty && invites.isEmpty && links.isEmpty
            && prescriptions.isEmpty && alerts.isEmpty && log.isEmpty
    }
}

/// A prescription of the outer hip, three days a week from November 2nd.
func prescription(patient: AccountID, clinician: AccountID, minutes: Int = 10, createdAt: Date = november(2)) -> Prescription {
    Prescription(
        patient: patient, clinician: clinician, regions: ["outer-hip", "low-back"], side: .left, tools: ["lacrosse-ball"], minutes: minutes,
        days: [.monday, .wednesday, .friday], starts: CalendarDay(year: 2026, month: 11, day: 2),
        ends: CalendarDay(year: 2026, month: 12, day: 24), notes: "gently, \"slow\" breaths", createdAt: createdAt)
}
