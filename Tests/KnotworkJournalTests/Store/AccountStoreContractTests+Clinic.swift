import Foundation
import KnotworkJournal
import Testing

/// What a clinician writes and reads about a patient: prescriptions, alerts seen, the access log.
extension AccountStoreContractTests {
    @Test("a prescription is saved and replaced by its patient's clinician only", arguments: StoreFactory.all)
    func prescriptions(_ factory: StoreFactory) async throws {
        let store = try await factory.accounts()
        let (ada, bob, cy) = (try await store.person("ada", .clinician), try await store.person("bob"), try await store.person("cy"))
        let first = prescription(patient: bob.id, clinician: ada.id)
        let second = prescription(patient: bob.id, clinician: ada.id, minutes: 15, createdAt: november(3))
        try await store.save(first)
        try await store.save(second)
        #expect(try await store.prescriptions(patient: bob.id) == [second, first], "newest first")

        var changed = first
        (changed.minutes, changed.ends, changed.notes, changed.days) = (20, nil, nil, [.sunday])
        try await store.save(changed)
        #expect(try await store.prescriptions(patient: bob.id) == [second, changed])

        var otherClinician = first
        otherClinician.clinician = cy.id
        await #expect(throws: JournalError.duplicate(first.id)) { try await store.save(otherClinician) }
        var otherPatient = first
        otherPatient.patient = cy.id
        await #expect(throws: JournalError.duplicate(first.id)) { try await store.save(otherPatient) }
        #expect(try await store.prescriptions(patient: cy.id).isEmpty)
        #expect(try await store.prescriptions(patient: bob.id) == [second, changed])

        let nobody = AccountID(UUID())
        await #expect(throws: JournalError.unknownAccount(nobody)) {
            try await store.save(prescription(patient: nobody, clinician: ada.id))
        }
        await #expect(throws: JournalError.unknownAccount(nobody)) {
            try await store.save(prescription(patient: bob.id, clinician: nobody))
        }
    }

    @Test("a prescription is deleted by its patient and clinician together only", arguments: StoreFactory.all)
    func deletePrescription(_ factory: StoreFactory) async throws {
        let store = try await factory.accounts()
        let (ada, bob, cy) = (try await store.person("ada", .clinician), try await store.person("bob"), try await store.person("cy"))
        let written = prescription(patient: bob.id, clinician: ada.id)
        try await store.save(written)
        #expect(try await store.deletePrescription(id: written.id, patient: bob.id, clinician: cy.id) == false)
        #expect(try await store.deletePrescription(id: written.id, patient: cy.id, clinician: ada.id) == false)
        #expect(try await store.deletePrescription(id: UUID(), patient: bob.id, clinician: ada.id) == false)
        #expect(try await store.prescriptions(patient: bob.id) == [written])
        #expect(try await store.deletePrescription(id: written.id, patient: bob.id, clinician: ada.id))
        #expect(try await store.prescriptions(patient: bob.id).isEmpty)
    }

    @Test("an alert seen is noted once, for its clinician and patient", arguments: StoreFactory.all)
    func alertsSeen(_ factory: StoreFactory) async throws {
        let store = try await factory.accounts()
        let (ada, bob, cy) = (try await store.person("ada", .clinician), try await store.person("bob"), try await store.person("cy"))
        try await store.markAlertSeen(key: "pain-rising", clinician: ada.id, patient: bob.id, at: november(2))
        try await store.markAlertSeen(key: "pain-rising", clinician: ada.id, patient: bob.id, at: november(3))
        try await store.markAlertSeen(key: "no-sessions", clinician: ada.id, patient: bob.id, at: november(3))
        #expect(try await store.seenAlerts(clinician: ada.id, patient: bob.id) == ["pain-rising", "no-sessions"])
        #expect(try await store.seenAlerts(clinician: ada.id, patient: cy.id).isEmpty)
        #expect(try await store.seenAlerts(clinician: cy.id, patient: bob.id).isEmpty)
        let nobody = AccountID(UUID())
        await #expect(throws: JournalError.unknownAccount(nobody)) {
            try await store.markAlertSeen(key: "x", clinician: nobody, patient: bob.id, at: november(2))
        }
    }

    @Test("the access log lists a patient's entries newest first, up to a limit", arguments: StoreFactory.all)
    func accessLog(_ factory: StoreFactory) async throws {
        let store = try await factory.accounts()
        let (ada, bob, cy) = (try await store.person("ada", .clinician), try await store.person("bob"), try await store.person("cy"))
        var entries: [AccessLogEntry] = []
        for (day, what) in [(2, "sessions"), (4, "history"), (3, "export fhir")] {
            let entry = AccessLogEntry(patient: bob.id, clinician: ada.id, at: november(day).addingTimeInterval(0.5), what: what)
            try await store.logAccess(entry)
            entries.append(entry)
        }
        try await store.logAccess(AccessLogEntry(patient: cy.id, clinician: ada.id, at: november(5), what: "alerts"))
        #expect(try await store.accessLog(patient: bob.id, limit: 10) == [entries[1], entries[2], entries[0]])
        #expect(try await store.accessLog(patient: bob.id, limit: 2).map(\.what) == ["history", "export fhir"])
        #expect(try await store.accessLog(patient: bob.id, limit: 0).isEmpty)
        #expect(try await store.accessLog(patient: bob.id, limit: 1).first?.at == november(4), "whole seconds")
        let nobody = AccountID(UUID())
        await #expect(throws: JournalError.unknownAccount(nobody)) {
            try await store.logAccess(AccessLogEntry(patient: bob.id, clinician: nobody, at: november(2), what: "sessions"))
        }
    }

    @Test("a one-person journal becomes its first account's, every record kept as it was", arguments: StoreFactory.all)
    func moveLocalRecords(_ factory: StoreFactory) async throws {
        let store = try await factory.accounts()
        try await store.add(KnotworkJournalTests.session(day: 2), owner: .local)
        try await store.add(PainRating(at: november(2), timeZone: "UTC", pain: 4), owner: .local)
        try await store.add(ScreeningRecord(at: november(2), timeZone: "UTC", verdict: .clear, answers: ["rf-fever": false]), owner: .local)
        try await store.save(try KnotworkJournalTests.liveSession(day: 3), owner: .local)
        let before = try await store.backup(exportedAt: november(5), owner: .local)
        let live = try await store.latestLiveSession(owner: .local)
        let mark = try await store.sessionsMark()
        let ada = try await store.person("ada")
        let nobody = AccountID(UUID())
        await #expect(throws: JournalError.unknownAccount(nobody)) { _ = try await store.moveRecords(from: .local, to: nobody) }
        #expect(try await store.moveRecords(from: .local, to: ada.id) == 4)
        #expect(try await store.backup(exportedAt: november(5), owner: ada.id) == before)
        #expect(try await store.latestLiveSession(owner: ada.id) == live)
        #expect(try await store.backup(exportedAt: november(5), owner: .local).sessions.isEmpty)
        #expect(try await store.latestLiveSession(owner: .local) == nil)
        #expect(try await store.sessionsMark() > mark, "a reader's list of either owner is stale")
    }
}
