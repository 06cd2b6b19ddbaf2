import Foundation
import KnotworkJournal
import Testing

/// Personal API tokens, clinicians' invitations, and the care links accepting one makes.
extension AccountStoreContractTests {
    @Test("a token signs in by its hash, notes its last use, and signs nothing in once revoked", arguments: StoreFactory.all)
    func tokens(_ factory: StoreFactory) async throws {
        let store = try await factory.accounts()
        let (ada, bob) = (try await store.person("ada"), try await store.person("bob"))
        let laptop = APIToken(owner: ada.id, name: "laptop", createdAt: november(1))
        let script = APIToken(owner: ada.id, name: "backup script", createdAt: november(2))
        try await store.addToken(laptop, hash: "aaaa")
        try await store.addToken(script, hash: "bbbb")
        #expect(try await store.tokens(owner: ada.id) == [script, laptop], "newest first")
        #expect(try await store.useToken(hash: "aaaa", at: november(3).addingTimeInterval(0.7)) == ada)
        #expect(try await store.tokens(owner: ada.id).last?.lastUsedAt == november(3), "whole seconds")
        #expect(try await store.useToken(hash: "cccc", at: november(3)) == nil)
        #expect(try await store.useToken(hash: "aaaa", at: november(3).addingTimeInterval(30)) == ada)
        #expect(try await store.tokens(owner: ada.id).last?.lastUsedAt == november(3), "within a minute, as noted")

        #expect(try await store.revokeToken(id: laptop.id, owner: bob.id, at: november(4)) == false, "another owner's is unknown")
        #expect(try await store.useToken(hash: "aaaa", at: november(4)) == ada)
        #expect(try await store.revokeToken(id: laptop.id, owner: ada.id, at: november(4)))
        #expect(try await store.revokeToken(id: laptop.id, owner: ada.id, at: november(5)) == false, "revoked once")
        #expect(try await store.useToken(hash: "aaaa", at: november(5)) == nil)
        let listed = try await store.tokens(owner: ada.id)
        #expect(listed.map(\.revokedAt) == [nil, november(4)] && listed.last?.lastUsedAt == november(4))
        #expect(try await store.tokens(owner: bob.id).isEmpty)

        let nobody = AccountID(UUID())
        await #expect(throws: JournalError.unknownAccount(nobody)) {
            try await store.addToken(APIToken(owner: nobody, name: "x", createdAt: november(1)), hash: "dddd")
        }
        await #expect(throws: JournalError.duplicate(laptop.id)) { try await store.addToken(laptop, hash: "eeee") }
    }

    @Test("an invitation links its patient once; used, expired or unknown codes are one error", arguments: StoreFactory.all)
    func invites(_ factory: StoreFactory) async throws {
        let store = try await factory.accounts()
        let (ada, bob, cy) = (try await store.person("ada", .clinician), try await store.person("bob"), try await store.person("cy"))
        let invite = Invite(clinician: ada.id, createdAt: november(1), expiresAt: november(8))
        let late = Invite(clinician: ada.id, createdAt: november(2), expiresAt: november(3))
        try await store.addInvite(invite, codeHash: "code1")
        try await store.addInvite(late, codeHash: "code2")
        #expect(try await store.invites(clinician: ada.id) == [late, invite])

        await #expect(throws: AccountError.selfInvite) { try await store.acceptInvite(codeHash: "code1", patient: ada.id, at: november(2)) }
        let link = try await store.acceptInvite(codeHash: "code1", patient: bob.id, at: november(2, 9))
        #expect(link == CareLink(clinician: ada.id, patient: bob.id, grantedAt: november(2, 9)))
        #expect(
            try await store.invites(clinician: ada.id).last
                == Invite(
                    id: invite.id, clinician: ada.id, createdAt: november(1), expiresAt: november(8), acceptedBy: bob.id,
                    acceptedAt: november(2, 9)))
        for (code, at) in [("code1", november(3)), ("code2", november(3)), ("code2", november(4)), ("nope", november(2))] {
            await #expect(throws: AccountError.inviteUnusable, "\(code) at \(at)") {
                try await store.acceptInvite(codeHash: code, patient: cy.id, at: at)
            }
        }
        #expect(try await store.careLinks(patient: cy.id).isEmpty)
        #expect(try await store.careLinks(patient: bob.id) == [link])
        let nobody = AccountID(UUID())
        await #expect(throws: JournalError.unknownAccount(nobody)) {
            try await store.addInvite(Invite(clinician: nobody, createdAt: november(1), expiresAt: november(8)), codeHash: "code3")
        }
    }

    @Test("of two patients racing with one code, one gets it", arguments: StoreFactory.all)
    func racingInvites(_ factory: StoreFactory) async throws {
        let store = try await factory.accounts()
        let ada = try await store.person("ada", .clinician)
        var patients: [AccountID] = []
        for name in ["bob", "cy", "di", "ed"] { patients.append(try await store.person(name).id) }
        try await store.addInvite(Invite(clinician: ada.id, createdAt: november(1), expiresAt: november(8)), codeHash: "code")
        let winners = await withTaskGroup(of: AccountID?.self) { group in
            for patient in patients {
                group.addTask { (try? await store.acceptInvite(codeHash: "code", patient: patient, at: november(2))).map { $0.patient } }
            }
            return await group.reduce(into: [AccountID]()) { if let winner = $1 { $0.append(winner) } }
        }
        #expect(winners.count == 1)
        #expect(try await store.careLinks(clinician: ada.id).map(\.patient) == winners)
    }

    @Test("a clinician sees a patient only while their care link stands; it may be made again after an end", arguments: StoreFactory.all)
    func careLinks(_ factory: StoreFactory) async throws {
        let store = try await factory.accounts()
        let (ada, bob) = (try await store.person("ada", .clinician), try await store.person("bob"))
        #expect(try await store.canSee(clinician: ada.id, patient: bob.id) == false)
        try await store.addInvite(Invite(clinician: ada.id, createdAt: november(1), expiresAt: november(8)), codeHash: "one")
        let first = try await store.acceptInvite(codeHash: "one", patient: bob.id, at: november(2))
        #expect(try await store.canSee(clinician: ada.id, patient: bob.id))
        #expect(try await store.canSee(clinician: bob.id, patient: ada.id) == false, "a link has a direction")
        #expect(try await store.endCareLink(clinician: ada.id, patient: bob.id, at: november(3)))
        #expect(try await store.endCareLink(clinician: ada.id, patient: bob.id, at: november(4)) == false, "none stands")
        #expect(try await store.canSee(clinician: ada.id, patient: bob.id) == false)

        try await store.addInvite(Invite(clinician: ada.id, createdAt: november(4), expiresAt: november(8)), codeHash: "two")
        let second = try await store.acceptInvite(codeHash: "two", patient: bob.id, at: november(5))
        #expect(try await store.canSee(clinician: ada.id, patient: bob.id))
        var ended = first
        ended.revokedAt = november(3)
        #expect(try await store.careLinks(patient: bob.id) == [second, ended], "newest first, the ended one kept")
        #expect(try await store.careLinks(clinician: ada.id) == [second, ended])

        // A third code while a link stands uses the code up and keeps the link as it is.
        try await store.addInvite(Invite(clinician: ada.id, createdAt: november(5), expiresAt: november(8)), codeHash: "three")
        #expect(try await store.acceptInvite(codeHash: "three", patient: bob.id, at: november(6)) == second)
        #expect(try await store.careLinks(patient: bob.id).count == 2)
        await #expect(throws: AccountError.inviteUnusable) {
            try await store.acceptInvite(codeHash: "three", patient: bob.id, at: november(6))
        }
    }
}
