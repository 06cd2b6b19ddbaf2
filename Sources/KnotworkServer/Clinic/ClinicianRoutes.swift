import Foundation
import Hummingbird
import KnotworkCore
import KnotworkJournal

/// A clinician's side of care (`/api/v1/invites`, `/api/v1/patients`): inviting patients, the
/// list of them, one patient's records, prescriptions, alerts seen, and the FHIR export. A
/// patient who has not granted the clinician access (or has ended it) is an unknown id: 404,
/// as any other account's records are. Every read of a patient's records is written to the
/// patient's access log first.
struct ClinicianRoutes: Sendable {
    static let routes = [
        "POST /api/v1/invites", "GET /api/v1/invites", "GET /api/v1/patients", "GET /api/v1/patients/{id}",
        "DELETE /api/v1/patients/{id}", "POST /api/v1/patients/{id}/prescriptions",
        "DELETE /api/v1/patients/{id}/prescriptions/{prescription}",
        "POST /api/v1/patients/{id}/alerts/{key}/seen", "GET /api/v1/patients/{id}/export/fhir",
    ]

    /// Nil on a server without accounts.
    let setup: AccountsSetup?
    let catalog: Catalog
    let store: any JournalStore
    let time: ServerTime

    /// How long an invitation can be accepted.
    static let inviteLifetime: TimeInterval = 7 * 24 * 3600

    var endpoints: RouteCollection<AppRequestContext> {
        RouteCollection(context: AppRequestContext.self)
            .post("invites") { request, context in
                _ = try await JSON.decode(EmptyBody.self, from: request)
                return try await invite(context: context)
            }
            .get("invites") { _, context in
                let (setup, clinician) = try clinician(context)
                return try JSON.response(try await setup.store.invites(clinician: clinician.id))
            }
            .get("patients") { _, context in try await patients(context: context) }
            .get("patients/:id") { _, context in try await patient(context: context) }
            .delete("patients/:id") { _, context in
                let (setup, clinician) = try clinician(context)
                let patient = try await linkedPatient(context, setup: setup, clinician: clinician)
                _ = try await setup.store.endCareLink(clinician: clinician.id, patient: patient.id, at: time.now())
                return Response(status: .noContent)
            }
            .post("patients/:id/prescriptions") { request, context in try await prescribe(request, context: context) }
            .delete("patients/:id/prescriptions/:prescription") { _, context in
                let (setup, clinician) = try clinician(context)
                let patient = try await linkedPatient(context, setup: setup, clinician: clinician)
                let raw = context.parameters.get("prescription") ?? ""
                guard let id = UUID(text: raw),
                    try await setup.store.deletePrescription(id: id, patient: patient.id, clinician: clinician.id)
                else { throw Problem(.notFound, "no prescription '\(raw)' of yours for this patient", field: "prescription") }
                return Response(status: .noContent)
            }
            .get("patients/:id/export/fhir") { _, context in try await exportFHIR(context: context) }
            .post("patients/:id/alerts/:key/seen") { request, context in
                let (setup, clinician) = try clinician(context)
                _ = try await JSON.decode(EmptyBody.self, from: request)
                let patient = try await linkedPatient(context, setup: setup, clinician: clinician)
                let key = context.parameters.get("key") ?? ""
                try await setup.store.markAlertSeen(key: key, clinician: clinician.id, patient: patient.id, at: time.now())
                return Response(status: .noContent)
            }
    }

    private func clinician(_ context: AppRequestContext) throws -> (AccountsSetup, Account) {
        let setup = try Clinic.enabled(setup)
        return (setup, try Clinic.clinician(context))
    }

    /// The patient the path names, when they have granted this clinician access; 404 otherwise.
    private func linkedPatient(_ context: AppRequestContext, setup: AccountsSetup, clinician: Account) async throws -> Account {
        try await linked(context, setup: setup, clinician: clinician).patient
    }

    private func linked(_ context: AppRequestContext, setup: AccountsSetup, clinician: Account) async throws -> (
        patient: Account, link: CareLink
    ) {
        let raw = context.parameters.get("id") ?? ""
        // The standing link is the grant: found, it is what `canSee` would have said.
        guard let id = AccountID(raw),
            let link = try await setup.store.careLinks(patient: id).first(where: { $0.clinician == clinician.id && $0.isActive }),
            let patient = try await setup.store.account(id: id)
        else { throw Problem(.notFound, "no patient '\(raw)' has given you access", field: "id") }
        return (patient, link)
    }

    private func invite(context: AppRequestContext) async throws -> Response {
        let (setup, clinician) = try clinician(context)
        let code = InviteCode.make()
        let now = time.now()
        let invite = Invite(clinician: clinician.id, createdAt: now, expiresAt: now.addingTimeInterval(Self.inviteLifetime))
        try await setup.store.addInvite(invite, codeHash: Secret.hash(InviteCode.normalized(code)))
        return try JSON.response(NewInvite(code: code, id: invite.id, expiresAt: invite.expiresAt), status: .created)
    }

    /// Every patient who has granted access, with adherence, trend and alerts: reading them is
    /// reading each patient's records, and each read is logged.
    private func patients(context: AppRequestContext) async throws -> Response {
        let (setup, clinician) = try clinician(context)
        var list: [PatientReport] = []
        for link in try await setup.store.careLinks(clinician: clinician.id) where link.isActive {
            guard let patient = try await setup.store.account(id: link.patient) else { continue }
            try await setup.store.logAccess(
                AccessLogEntry(patient: patient.id, clinician: clinician.id, at: time.now(), what: "patient list: adherence, trend, alerts")
            )
            list.append(
                try await PatientReport.make(
                    patient: patient, link: link, clinician: clinician.id, detail: false, store: store, accounts: setup.store,
                    catalog: catalog, time: time))
        }
        return try JSON.response(list)
    }

    private func patient(context: AppRequestContext) async throws -> Response {
        let (setup, clinician) = try clinician(context)
        let (patient, link) = try await linked(context, setup: setup, clinician: clinician)
        try await setup.store.logAccess(
            AccessLogEntry(
                patient: patient.id, clinician: clinician.id, at: time.now(), what: "patient record: sessions, prescriptions, alerts"))
        return try JSON.response(
            try await PatientReport.make(
                patient: patient, link: link, clinician: clinician.id, detail: true, store: store, accounts: setup.store, catalog: catalog,
                time: time))
    }

    /// One patient's FHIR R4 bundle: the Patient, their pain Observations and each prescription
    /// as a CarePlan.
    private func exportFHIR(context: AppRequestContext) async throws -> Response {
        let (setup, clinician) = try clinician(context)
        let patient = try await linkedPatient(context, setup: setup, clinician: clinician)
        let now = time.now()
        try await setup.store.logAccess(AccessLogEntry(patient: patient.id, clinician: clinician.id, at: now, what: "FHIR export"))
        let prescriptions = try await setup.store.prescriptions(patient: patient.id)
        var names: [AccountID: String] = [:]
        for id in Set(prescriptions.map(\.clinician)) { names[id] = try await setup.store.account(id: id)?.displayName }
        let bundle = try FHIRExport.patientBundle(
            patient: patient, sessions: try await store.sessions(SessionQuery(), owner: patient.id),
            painRatings: try await store.painRatings(from: nil, to: nil, owner: patient.id), prescriptions: prescriptions,
            clinicianNames: names, timeZone: time.timeZone, exportedAt: now)
        return Response(
            status: .ok,
            headers: [
                .contentType: "application/fhir+json", .contentDisposition: "attachment; filename=\"knotwork-\(patient.id)-fhir.json\"",
            ],
            body: .init(byteBuffer: ByteBuffer(data: bundle)))
    }

    private func prescribe(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (setup, clinician) = try clinician(context)
        let patient = try await linkedPatient(context, setup: setup, clinician: clinician)
        let body = try await JSON.decode(PrescriptionBody.self, from: request)
        let prescription = try body.prescription(patient: patient.id, clinician: clinician.id, catalog: catalog, now: time.now())
        try await setup.store.save(prescription)
        return try JSON.response(prescription, status: .created)
    }
}

/// A new invitation: the only time its code is shown.
struct NewInvite: Encodable {
    let code: String
    let id: UUID
    let expiresAt: Date
}

/// `POST /api/v1/patients/{id}/prescriptions`.
struct PrescriptionBody: Decodable {
    let regions: [String]
    let side: String?
    let tools: [String]?
    let minutes: Int?
    let days: [String]
    let starts: String
    let ends: String?
    let notes: String?
}

extension PrescriptionBody {
    /// The prescription the body describes, each id exactly as the catalog spells it; a 422
    /// naming the field otherwise. The defaults are the planner's: both sides, its tools and
    /// minutes.
    func prescription(patient: AccountID, clinician: AccountID, catalog: Catalog, now: Date) throws -> Prescription {
        let regions = try APIInput.regions(regions, in: catalog)
        let tools = tools ?? PlanRequest.defaultTools
        try APIInput.exact(tools, in: catalog.tools.map(\.id), noun: "tool", field: "tools")
        let days = try days.map { raw throws(InputError) -> Weekday in
            guard let day = Weekday(rawValue: raw) else {
                throw InputError(
                    field: "days", value: raw,
                    problem: "unknown day '\(raw)'; \(Suggestion.hint(for: raw, in: Weekday.allCases.map(\.rawValue)))")
            }
            return day
        }
        guard let starts = CalendarDay(starts) else {
            throw InputError(field: "starts", value: starts, problem: "'\(starts)' is not a day in YYYY-MM-DD form")
        }
        let ends = try ends.map { raw throws(InputError) -> CalendarDay in
            guard let day = CalendarDay(raw) else {
                throw InputError(field: "ends", value: raw, problem: "'\(raw)' is not a day in YYYY-MM-DD form")
            }
            return day
        }
        return try Prescription(
            patient: patient, clinician: clinician, regions: regions, side: try side.map(APIInput.side) ?? .both, tools: tools,
            minutes: minutes ?? PlanRequest.defaultMinutes, days: days, starts: starts, ends: ends, notes: notes, createdAt: now
        ).check(catalog: catalog)
    }
}
