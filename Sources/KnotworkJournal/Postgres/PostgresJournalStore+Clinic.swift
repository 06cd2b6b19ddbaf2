import Foundation
import PostgresNIO

// Clinicians' invitations and care links, prescriptions, alerts seen and the access log, read
// through the row types of AccountRows.swift and ClinicRows.swift.
extension PostgresJournalStore {
    public func addInvite(_ invite: Invite, codeHash: String) async throws {
        let row = InviteRow(invite, codeHash: codeHash)
        try await naming([invite.clinician] + (invite.acceptedBy.map { [$0] } ?? [])) {
            try await rows(
                """
                INSERT INTO invite (\(unescaped: InviteRow.postgresColumns)) VALUES (\(row.id), \(row.clinician), \(row.codeHash), \
                \(row.createdAt.seconds), \(row.expiresAt.seconds), \(row.acceptedBy), \(row.acceptedAt?.seconds))
                """, duplicate: invite.id)
        }
    }

    public func invites(clinician: AccountID) async throws -> [Invite] {
        try await rows(
            """
            SELECT \(unescaped: InviteRow.postgresColumns) FROM invite WHERE clinician = \(clinician.description) \
            ORDER BY createdAt DESC, seq DESC
            """
        ).map { try InviteRow(postgres: $0).invite() }
    }

    /// One transaction locks the invitation's row, finds it unused and unexpired, uses it up and
    /// links the two: a second patient with the same code waits for the lock and then finds it
    /// used. A link that already stands between the two is kept as it is, and returned.
    public func acceptInvite(codeHash: String, patient: AccountID, at: Date) async throws -> CareLink {
        let (logger, when) = (logger, StoredSeconds(at).seconds)
        return try await naming([patient]) {
            try await transaction { connection in
                guard
                    let found = try await connection.query(
                        "SELECT \(unescaped: InviteRow.postgresColumns) FROM invite WHERE codeHash = \(codeHash) FOR UPDATE", logger: logger
                    ).collect().first
                else { throw AccountError.inviteUnusable }
                let row = try InviteRow(postgres: found)
                guard row.acceptedBy == nil else { throw AccountError.inviteUnusable }
                let invite = try row.invite()
                guard invite.expiresAt > at else { throw AccountError.inviteUnusable }
                guard invite.clinician != patient else { throw AccountError.selfInvite }
                try await connection.query(
                    "UPDATE invite SET acceptedBy = \(patient.description), acceptedAt = \(when) WHERE id = \(row.id)", logger: logger)
                let link = CareLink(clinician: invite.clinician, patient: patient, grantedAt: at)
                let linkRow = CareLinkRow(link)
                let made = try await connection.query(
                    """
                    INSERT INTO careLink (clinician, patient, grantedAt) VALUES (\(linkRow.clinician), \(linkRow.patient), \
                    \(linkRow.grantedAt.seconds)) ON CONFLICT (clinician, patient) WHERE revokedAt IS NULL DO NOTHING RETURNING 1
                    """, logger: logger
                ).collect()
                if !made.isEmpty { return link }
                let standing = try await connection.query(
                    """
                    SELECT \(unescaped: CareLinkRow.postgresColumns) FROM careLink WHERE clinician = \(linkRow.clinician) \
                    AND patient = \(linkRow.patient) AND revokedAt IS NULL
                    """, logger: logger
                ).collect()
                guard let kept = standing.first else { throw AccountError.inviteUnusable }
                return try CareLinkRow(postgres: kept).link()
            }
        }
    }

    public func careLinks(patient: AccountID) async throws -> [CareLink] {
        try await careLinks(column: "patient", patient)
    }

    public func careLinks(clinician: AccountID) async throws -> [CareLink] {
        try await careLinks(column: "clinician", clinician)
    }

    /// The care links of an account on one side, newest first (links of one second in the
    /// order they were made, newest first too).
    private func careLinks(column: String, _ account: AccountID) async throws -> [CareLink] {
        var statement = QueryText("SELECT \(CareLinkRow.postgresColumns) FROM careLink WHERE \(column) = ")
        statement.sql += statement.bind(account.description) + " ORDER BY grantedAt DESC, id DESC"
        return try await rows(statement.query).map { try CareLinkRow(postgres: $0).link() }
    }

    public func endCareLink(clinician: AccountID, patient: AccountID, at: Date) async throws -> Bool {
        try await !rows(
            """
            UPDATE careLink SET revokedAt = \(StoredSeconds(at).seconds) WHERE clinician = \(clinician.description) \
            AND patient = \(patient.description) AND revokedAt IS NULL RETURNING 1
            """
        ).isEmpty
    }

    public func canSee(clinician: AccountID, patient: AccountID) async throws -> Bool {
        try await !rows(
            """
            SELECT 1 FROM careLink WHERE clinician = \(clinician.description) AND patient = \(patient.description) AND revokedAt IS NULL
            """
        ).isEmpty
    }

    // MARK: - Prescriptions

    public func save(_ prescription: Prescription) async throws {
        let row = try PrescriptionRow(prescription)
        let saved = try await naming([prescription.patient, prescription.clinician]) {
            try await rows(
                """
                INSERT INTO prescription (\(unescaped: PrescriptionRow.postgresColumns)) VALUES (\(row.id), \(row.patient), \
                \(row.clinician), \(row.regions), \(row.side), \(row.tools), \(row.minutes), \(row.days), \(row.starts), \(row.ends), \
                \(row.notes), \(row.createdAt.seconds)) ON CONFLICT (id) DO UPDATE SET regions = excluded.regions, side = excluded.side, \
                tools = excluded.tools, minutes = excluded.minutes, days = excluded.days, starts = excluded.starts, ends = excluded.ends, \
                notes = excluded.notes, createdAt = excluded.createdAt \
                WHERE prescription.patient = excluded.patient AND prescription.clinician = excluded.clinician RETURNING 1
                """)
        }
        // No change: the id is another patient's or another clinician's prescription.
        if saved.isEmpty { throw JournalError.duplicate(prescription.id) }
    }

    public func prescriptions(patient: AccountID) async throws -> [Prescription] {
        try await rows(
            """
            SELECT \(unescaped: PrescriptionRow.postgresColumns) FROM prescription WHERE patient = \(patient.description) \
            ORDER BY createdAt DESC, seq DESC
            """
        ).map { try PrescriptionRow(postgres: $0).prescription() }
    }

    public func deletePrescription(id: UUID, patient: AccountID, clinician: AccountID) async throws -> Bool {
        try await !rows(
            """
            DELETE FROM prescription WHERE id = \(id.lowercased) AND patient = \(patient.description) \
            AND clinician = \(clinician.description) RETURNING 1
            """
        ).isEmpty
    }

    // MARK: - Alerts seen, and the access log

    /// The first time an alert was seen is the one kept.
    public func markAlertSeen(key: String, clinician: AccountID, patient: AccountID, at: Date) async throws {
        try await naming([clinician, patient]) {
            try await rows(
                """
                INSERT INTO alertSeen (clinician, patient, key, seenAt) VALUES (\(clinician.description), \(patient.description), \
                \(key), \(StoredSeconds(at).seconds)) ON CONFLICT DO NOTHING
                """)
        }
    }

    public func seenAlerts(clinician: AccountID, patient: AccountID) async throws -> Set<String> {
        Set(
            try await rows("SELECT key FROM alertSeen WHERE clinician = \(clinician.description) AND patient = \(patient.description)")
                .map { try $0.decode(String.self) })
    }

    public func logAccess(_ entry: AccessLogEntry) async throws {
        let row = AccessLogRow(entry)
        try await naming([entry.patient, entry.clinician]) {
            try await rows(
                """
                INSERT INTO accessLog (\(unescaped: AccessLogRow.postgresColumns)) VALUES (\(row.id), \(row.patient), \(row.clinician), \
                \(row.at.seconds), \(row.what))
                """, duplicate: entry.id)
        }
    }

    public func accessLog(patient: AccountID, limit: Int) async throws -> [AccessLogEntry] {
        try await rows(
            """
            SELECT \(unescaped: AccessLogRow.postgresColumns) FROM accessLog WHERE patient = \(patient.description) \
            ORDER BY at DESC, seq DESC LIMIT \(max(0, limit))
            """
        ).map { try AccessLogRow(postgres: $0).entry() }
    }

    // MARK: - Accounts a write names

    /// A write naming several accounts: a foreign key it breaks is
    /// ``JournalError/unknownAccount(_:)`` naming the first of `accounts` that is not there.
    @discardableResult
    func naming<T>(_ accounts: [AccountID], _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch JournalError.unusable(_, let reason) where reason.contains("foreign key") {
            var missing = accounts[0]
            for account in accounts where try await self.account(id: account) == nil {
                missing = account
                break
            }
            throw JournalError.unknownAccount(missing)
        }
    }
}
