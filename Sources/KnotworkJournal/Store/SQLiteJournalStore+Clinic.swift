import Foundation
import GRDB

// What a clinician writes and reads about a patient: prescriptions, alerts seen and the access
// log (`prescription`, `alertSeen`, `accessLog`), through the row types of ClinicRows.swift.
extension SQLiteJournalStore {
    public func save(_ prescription: Prescription) async throws {
        let row = try PrescriptionRow(prescription)
        try await writing(accounts: [prescription.patient, prescription.clinician]) { db in
            try db.execute(
                sql: """
                    INSERT INTO prescription (id, patient, clinician, regions, side, tools, minutes, days, starts, ends, notes, createdAt) \
                    VALUES (:id, :patient, :clinician, :regions, :side, :tools, :minutes, :days, :starts, :ends, :notes, :createdAt) \
                    ON CONFLICT (id) DO UPDATE SET regions = excluded.regions, side = excluded.side, tools = excluded.tools, \
                    minutes = excluded.minutes, days = excluded.days, starts = excluded.starts, ends = excluded.ends, \
                    notes = excluded.notes, createdAt = excluded.createdAt \
                    WHERE patient = excluded.patient AND clinician = excluded.clinician
                    """,
                arguments: [
                    "id": row.id, "patient": row.patient, "clinician": row.clinician, "regions": row.regions, "side": row.side,
                    "tools": row.tools, "minutes": row.minutes, "days": row.days, "starts": row.starts, "ends": row.ends,
                    "notes": row.notes, "createdAt": row.createdAt,
                ])
            // No change: the id is another patient's or another clinician's prescription.
            if db.changesCount == 0 { throw JournalError.duplicate(prescription.id) }
        }
    }

    public func prescriptions(patient: AccountID) async throws -> [Prescription] {
        let request = PrescriptionRow.filter(PrescriptionRow.Columns.patient == patient.description)
            .order(PrescriptionRow.Columns.createdAt.desc, Column.rowID.desc)
        return try await read { db in try request.fetchAll(db).map { try $0.prescription() } }
    }

    public func deletePrescription(id: UUID, patient: AccountID, clinician: AccountID) async throws -> Bool {
        let columns = PrescriptionRow.Columns.self
        let request = PrescriptionRow.filter(
            columns.id == id.lowercased && columns.patient == patient.description && columns.clinician == clinician.description)
        return try await writing { db in try request.deleteAll(db) > 0 }
    }

    // MARK: - Alerts seen, and the access log

    /// The first time an alert was seen is the one kept.
    public func markAlertSeen(key: String, clinician: AccountID, patient: AccountID, at: Date) async throws {
        let arguments: StatementArguments = [clinician.description, patient.description, key, StoredSeconds(at)]
        try await writing(accounts: [clinician, patient]) { db in
            try db.execute(
                sql: "INSERT INTO alertSeen (clinician, patient, key, seenAt) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                arguments: arguments)
        }
    }

    public func seenAlerts(clinician: AccountID, patient: AccountID) async throws -> Set<String> {
        let arguments: StatementArguments = [clinician.description, patient.description]
        return try await read { db in
            Set(try String.fetchAll(db, sql: "SELECT key FROM alertSeen WHERE clinician = ? AND patient = ?", arguments: arguments))
        }
    }

    public func logAccess(_ entry: AccessLogEntry) async throws {
        let row = AccessLogRow(entry)
        try await writing(duplicate: entry.id, accounts: [entry.patient, entry.clinician]) { db in try row.insert(db) }
    }

    public func accessLog(patient: AccountID, limit: Int) async throws -> [AccessLogEntry] {
        let request = AccessLogRow.filter(AccessLogRow.Columns.patient == patient.description)
            .order(AccessLogRow.Columns.at.desc, Column.rowID.desc).limit(max(0, limit))
        return try await read { db in try request.fetchAll(db).map { try $0.entry() } }
    }
}
