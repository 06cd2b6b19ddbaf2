import Foundation
import KnotworkCore
import KnotworkJournal

/// What a clinician sees of one patient: adherence per week against the prescriptions, the
/// pain trend over the last 30 days with its 2-point / 30 % verdict, and the alerts, each with
/// whether this clinician has seen it. Worked out from the journal at each read, never stored.
struct PatientReport: Encodable {
    let patient: AccountCard
    let grantedAt: Date
    let adherence: Adherence
    let trend: HistorySummary
    let alerts: [AlertView]
    let unseenAlerts: Int
    /// Only on the patient's own page: their prescriptions and newest sessions.
    var prescriptions: [Prescription]?
    var sessions: [SessionRecord]?

    /// An alert and whether the reading clinician has marked it seen.
    struct AlertView: Encodable {
        let alert: ClinicAlert
        let seen: Bool

        private enum CodingKeys: String, CodingKey { case key, kind, at, summary, seen }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(alert.key, forKey: .key)
            try container.encode(alert.kind, forKey: .kind)
            try container.encode(alert.at, forKey: .at)
            try container.encode(alert.summary, forKey: .summary)
            try container.encode(seen, forKey: .seen)
        }
    }

    /// How far back the alerts look: a red flag or a sharp-pain stop older than this is history
    /// the clinician can read in the sessions, not news.
    static let alertDays = 90

    /// Reads what the report needs of one patient's journal and works it out.
    static func make(
        patient: Account, link: CareLink, clinician: AccountID, detail: Bool, store: any JournalStore, accounts: any AccountStore,
        catalog: Catalog, time: ServerTime
    ) async throws -> PatientReport {
        let now = time.now()
        let prescriptions = try await accounts.prescriptions(patient: patient.id)
        let alertsSince = now.addingTimeInterval(-Double(alertDays) * 24 * 3600)
        let trendSince = now.addingTimeInterval(-30 * 24 * 3600)
        let firstDay = PrescriptionSchedule(prescriptions).firstDay?.start(in: time.timeZone)
        let since = [alertsSince, firstDay ?? alertsSince].min()!
        let sessions = try await store.sessions(SessionQuery(from: since), owner: patient.id)
        let screenings = try await store.screenings(from: alertsSince, owner: patient.id)
        let alerts = ClinicAlert.alerts(
            screenings: screenings, sessions: sessions.filter { $0.startedAt >= alertsSince }, prescriptions: prescriptions,
            catalog: catalog, timeZone: time.timeZone, now: now)
        let seen = try await accounts.seenAlerts(clinician: clinician, patient: patient.id)
        let views = alerts.map { AlertView(alert: $0, seen: seen.contains($0.key)) }
        var report = PatientReport(
            patient: AccountCard(patient), grantedAt: link.grantedAt,
            adherence: Adherence(prescriptions: prescriptions, sessions: sessions, timeZone: time.timeZone, now: now),
            trend: HistorySummary(sessions: sessions.filter { $0.startedAt >= trendSince }, phrases: catalog.phrases),
            alerts: views, unseenAlerts: views.count { !$0.seen })
        if detail {
            report.prescriptions = prescriptions
            report.sessions = Array(sessions.sorted { $0.startedAt > $1.startedAt }.prefix(50))
        }
        return report
    }
}
