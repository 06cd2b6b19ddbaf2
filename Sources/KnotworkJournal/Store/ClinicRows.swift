import Foundation
import GRDB
import KnotworkCore

// The clinic's tables (migration v5) as GRDB records, read back through the checks of
// `StoredRow`: care links, prescriptions and the access log. Alerts seen are keys only, written
// and read in SQLiteJournalStore+Clinic.swift.

/// A row of `careLink`. Its id is a row number: a pair may be linked again after an end, and
/// at most one link of a pair stands (the index `careLink_standing`).
struct CareLinkRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "careLink"

    var id: Int64?
    var clinician: String
    var patient: String
    var grantedAt: StoredSeconds
    var revokedAt: StoredSeconds?

    enum Columns {
        static let clinician = Column(CodingKeys.clinician)
        static let patient = Column(CodingKeys.patient)
        static let grantedAt = Column(CodingKeys.grantedAt)
        static let revokedAt = Column(CodingKeys.revokedAt)
    }

    init(_ link: CareLink) {
        clinician = link.clinician.description
        patient = link.patient.description
        grantedAt = StoredSeconds(link.grantedAt)
        revokedAt = link.revokedAt.map(StoredSeconds.init)
    }

    /// The link of a pair that stands, if one does.
    static func standing(clinician: AccountID, patient: AccountID) -> QueryInterfaceRequest<Self> {
        filter(Columns.clinician == clinician.description && Columns.patient == patient.description && Columns.revokedAt == nil)
    }

    func link() throws(JournalError) -> CareLink {
        let row = StoredRow(table: Self.databaseTableName, id: id.map(String.init) ?? "")
        return CareLink(
            clinician: try row.account("clinician", clinician), patient: try row.account("patient", patient),
            grantedAt: try row.date("grantedAt", grantedAt), revokedAt: try row.dateIfAny("revokedAt", revokedAt))
    }
}

/// A row of `prescription`: lists as JSON text, days of the calendar as `YYYY-MM-DD`.
struct PrescriptionRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "prescription"

    var id: String
    var patient: String
    var clinician: String
    var regions: String
    var side: String
    var tools: String
    var minutes: Int
    var days: String
    var starts: String
    var ends: String?
    var notes: String?
    var createdAt: StoredSeconds

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let patient = Column(CodingKeys.patient)
        static let clinician = Column(CodingKeys.clinician)
        static let createdAt = Column(CodingKeys.createdAt)
    }

    init(_ prescription: Prescription) throws {
        id = prescription.id.lowercased
        patient = prescription.patient.description
        clinician = prescription.clinician.description
        regions = try StoredJSON.regions(prescription.regions)
        side = prescription.side.rawValue
        tools = try StoredJSON.text(prescription.tools)
        minutes = prescription.minutes
        days = try StoredJSON.text(prescription.days)
        starts = prescription.starts.description
        ends = prescription.ends?.description
        notes = prescription.notes
        createdAt = StoredSeconds(prescription.createdAt)
    }

    func prescription() throws(JournalError) -> Prescription {
        let row = StoredRow(table: Self.databaseTableName, id: id)
        return Prescription(
            id: try row.uuid(), patient: try row.account("patient", patient), clinician: try row.account("clinician", clinician),
            regions: try row.json("regions", regions, as: [RegionID].self, "a list of region ids"), side: try row.choice("side", side),
            tools: try row.json("tools", tools, as: [ToolID].self, "a list of tool ids"), minutes: minutes,
            days: try row.json("days", days, as: [Weekday].self, "a list of weekdays"), starts: try row.day("starts", starts),
            ends: try ends.map { text throws(JournalError) in try row.day("ends", text) }, notes: notes,
            createdAt: try row.date("createdAt", createdAt))
    }
}

/// A row of `accessLog`: one read of a patient's records by a clinician.
struct AccessLogRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "accessLog"

    var id: String
    var patient: String
    var clinician: String
    var at: StoredSeconds
    var what: String

    enum Columns {
        static let patient = Column(CodingKeys.patient)
        static let at = Column(CodingKeys.at)
    }

    init(_ entry: AccessLogEntry) {
        id = entry.id.lowercased
        patient = entry.patient.description
        clinician = entry.clinician.description
        at = StoredSeconds(entry.at)
        what = entry.what
    }

    func entry() throws(JournalError) -> AccessLogEntry {
        let row = StoredRow(table: Self.databaseTableName, id: id)
        return AccessLogEntry(
            id: try row.uuid(), patient: try row.account("patient", patient), clinician: try row.account("clinician", clinician),
            at: try row.date("at", at), what: what)
    }
}
