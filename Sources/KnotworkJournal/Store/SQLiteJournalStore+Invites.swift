import Foundation
import GRDB

// Clinicians' invitations and the care links accepting one makes (`invite`, `careLink`),
// through the row types of AccountRows.swift and ClinicRows.swift.
extension SQLiteJournalStore {
    public func addInvite(_ invite: Invite, codeHash: String) async throws {
        let row = InviteRow(invite, codeHash: codeHash)
        let accounts = [invite.clinician] + (invite.acceptedBy.map { [$0] } ?? [])
        try await writing(duplicate: invite.id, accounts: accounts) { db in try row.insert(db) }
    }

    public func invites(clinician: AccountID) async throws -> [Invite] {
        let request = InviteRow.filter(InviteRow.Columns.clinician == clinician.description)
            .order(InviteRow.Columns.createdAt.desc, Column.rowID.desc)
        return try await read { db in try request.fetchAll(db).map { try $0.invite() } }
    }

    /// One write transaction (IMMEDIATE, as GRDB begins every write) finds the invitation
    /// unused and unexpired, uses it up and links the two: a second patient with the same code
    /// waits for it and then finds it used. A link that already stands between the two is kept
    /// as it is, and returned.
    public func acceptInvite(codeHash: String, patient: AccountID, at: Date) async throws -> CareLink {
        let columns = InviteRow.Columns.self
        let (when, found) = (StoredSeconds(at), InviteRow.filter(columns.codeHash == codeHash))
        return try await writing(accounts: [patient]) { db in
            guard let row = try found.fetchOne(db), row.acceptedBy == nil else { throw AccountError.inviteUnusable }
            let invite = try row.invite()
            guard invite.expiresAt > at else { throw AccountError.inviteUnusable }
            guard invite.clinician != patient else { throw AccountError.selfInvite }
            let used = try InviteRow.filter(columns.id == row.id && columns.acceptedBy == nil)
                .updateAll(db, columns.acceptedBy.set(to: patient.description), columns.acceptedAt.set(to: when))
            guard used == 1 else { throw AccountError.inviteUnusable }
            if let standing = try CareLinkRow.standing(clinician: invite.clinician, patient: patient).fetchOne(db) {
                return try standing.link()
            }
            let link = CareLink(clinician: invite.clinician, patient: patient, grantedAt: at)
            try CareLinkRow(link).insert(db)
            return link
        }
    }

    public func careLinks(patient: AccountID) async throws -> [CareLink] {
        try await careLinks(CareLinkRow.Columns.patient == patient.description)
    }

    public func careLinks(clinician: AccountID) async throws -> [CareLink] {
        try await careLinks(CareLinkRow.Columns.clinician == clinician.description)
    }

    /// The care links a condition selects, newest first (links of one second in the order
    /// they were made, newest first too).
    private func careLinks(_ condition: SQLExpression) async throws -> [CareLink] {
        let request = CareLinkRow.filter(condition).order(CareLinkRow.Columns.grantedAt.desc, Column.rowID.desc)
        return try await read { db in try request.fetchAll(db).map { try $0.link() } }
    }

    public func endCareLink(clinician: AccountID, patient: AccountID, at: Date) async throws -> Bool {
        let (request, ended) = (CareLinkRow.standing(clinician: clinician, patient: patient), StoredSeconds(at))
        return try await writing { db in try request.updateAll(db, CareLinkRow.Columns.revokedAt.set(to: ended)) > 0 }
    }

    public func canSee(clinician: AccountID, patient: AccountID) async throws -> Bool {
        let request = CareLinkRow.standing(clinician: clinician, patient: patient)
        return try await read { db in try request.fetchCount(db) > 0 }
    }
}
