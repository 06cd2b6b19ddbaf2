import Foundation
import Hummingbird
import KnotworkCore
import KnotworkJournal

/// A patient's side of care (`/api/v1/care`, `/api/v1/prescriptions`): accepting a clinician's
/// invitation, seeing who can see what and every time they looked, ending a clinician's access,
/// and the prescriptions written for them.
struct CareRoutes: Sendable {
    static let routes = [
        "GET /api/v1/care", "POST /api/v1/care", "DELETE /api/v1/care/{id}", "GET /api/v1/prescriptions",
        "GET /api/v1/prescriptions/{id}/reminders.ics",
    ]

    /// Nil on a server without accounts.
    let setup: AccountsSetup?
    let catalog: Catalog
    let time: ServerTime

    /// What a care link lets a clinician see, in the words the patient is shown.
    static let sees =
        "your sessions, pain ratings and screening results, your pain trend and how often you follow their prescriptions; each look is in your access log"

    var endpoints: RouteCollection<AppRequestContext> {
        RouteCollection(context: AppRequestContext.self)
            .get("care") { _, context in try await care(context: context, setup: try Clinic.enabled(setup)) }
            .post("care") { request, context in try await accept(request, context: context, setup: try Clinic.enabled(setup)) }
            .delete("care/:id") { _, context in
                let setup = try Clinic.enabled(setup)
                let raw = context.parameters.get("id") ?? ""
                guard let clinician = AccountID(raw),
                    try await setup.store.endCareLink(clinician: clinician, patient: try context.owner, at: time.now())
                else { throw Problem(.notFound, "no clinician '\(raw)' can see your journal", field: "id") }
                return Response(status: .noContent)
            }
            .get("prescriptions") { _, context in
                let setup = try Clinic.enabled(setup)
                let owner = try context.owner
                let prescriptions = try await setup.store.prescriptions(patient: owner)
                let today = PrescriptionSchedule(prescriptions).today(now: time.now(), timeZone: time.timeZone)
                return try JSON.response(PrescriptionList(prescriptions: prescriptions, today: today?.id))
            }
            .get("prescriptions/:id/reminders.ics") { request, context in try await reminders(request, context: context) }
    }

    /// A calendar of reminders for one of the patient's prescriptions, at `time` (HH:MM, 18:00
    /// when absent) on each prescribed day.
    private func reminders(_ request: Request, context: AppRequestContext) async throws -> Response {
        let setup = try Clinic.enabled(setup)
        let raw = context.parameters.get("id") ?? ""
        guard let id = UUID(text: raw),
            let prescription = try await setup.store.prescriptions(patient: try context.owner).first(where: { $0.id == id })
        else { throw Problem(.notFound, "you have no prescription '\(raw)'", field: "id") }
        let text = request.uri.queryParameters.get("time").map { String($0) } ?? "18:00"
        let parts = text.split(separator: ":")
        guard parts.count == 2, parts.allSatisfy({ $0.count == 2 }), let hour = Int(parts[0]), let minute = Int(parts[1]) else {
            throw Problem(.unprocessableContent, "'\(text)' is not a time of day; give HH:MM from 00:00 to 23:59", field: "time")
        }
        let calendar = try ICalendar.reminders(for: prescription, hour: hour, minute: minute, timeZone: time.timeZone, now: time.now())
        return Response(
            status: .ok,
            headers: [
                .contentType: "text/calendar; charset=utf-8", .contentDisposition: "attachment; filename=\"knotwork-prescription.ics\"",
            ],
            body: .init(byteBuffer: ByteBuffer(string: calendar)))
    }

    private func care(context: AppRequestContext, setup: AccountsSetup) async throws -> Response {
        let owner = try context.owner
        var links: [CareLinkView] = []
        for link in try await setup.store.careLinks(patient: owner) {
            guard let clinician = try await setup.store.account(id: link.clinician) else { continue }
            links.append(CareLinkView(link: link, other: AccountCard(clinician), sees: Self.sees))
        }
        let log = try await setup.store.accessLog(patient: owner, limit: 200)
        return try JSON.response(CareView(links: links, accessLog: log))
    }

    private func accept(_ request: Request, context: AppRequestContext, setup: AccountsSetup) async throws -> Response {
        let owner = try context.owner
        let body = try await JSON.decode(AcceptBody.self, from: request)
        // Guessing codes is limited as guessing passwords is.
        try await setup.limiter.attempt(email: "invite:" + owner.description, address: context.remoteAddress)
        let link = try await setup.store.acceptInvite(
            codeHash: Secret.hash(InviteCode.normalized(body.invite)), patient: owner, at: time.now())
        guard let clinician = try await setup.store.account(id: link.clinician) else {
            throw Problem(.notFound, "the clinician of this invitation has no account any more", field: "invite")
        }
        return try JSON.response(CareLinkView(link: link, other: AccountCard(clinician), sees: Self.sees), status: .created)
    }
}

/// What both sides of care share: the check that the server has accounts, and the clinician's.
enum Clinic {
    static func enabled(_ setup: AccountsSetup?) throws -> AccountsSetup {
        guard let setup else {
            throw Problem(.notFound, "this server has no accounts, and so no clinicians or patients (start it with --accounts)")
        }
        return setup
    }

    /// The signed-in account, when it is a clinician's; 403 otherwise.
    static func clinician(_ context: AppRequestContext) throws -> Account {
        let account = try context.account
        guard account.role == .clinician else {
            throw Problem(.forbidden, "only a clinician's account can do this; ask the server's administrator to make you one")
        }
        return account
    }
}

/// `POST /api/v1/care`: accepting an invitation.
struct AcceptBody: Decodable {
    let invite: String
}

/// Another account as one side of care sees it: its id, name and email.
struct AccountCard: Encodable {
    let id: AccountID
    let displayName: String
    let email: String?

    init(_ account: Account) {
        id = account.id
        displayName = account.displayName
        email = account.email
    }
}

/// A care link with the other side's card.
struct CareLinkView: Encodable {
    let link: CareLink
    let other: AccountCard
    let sees: String?

    private enum CodingKeys: String, CodingKey { case clinician, patient, grantedAt, revokedAt, active, sees }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(other, forKey: other.id == link.clinician ? .clinician : .patient)
        try container.encode(link.grantedAt, forKey: .grantedAt)
        try container.encodeIfPresent(link.revokedAt, forKey: .revokedAt)
        try container.encode(link.isActive, forKey: .active)
        try container.encodeIfPresent(sees, forKey: .sees)
    }
}

/// `GET /api/v1/care`.
struct CareView: Encodable {
    let links: [CareLinkView]
    let accessLog: [AccessLogEntry]
}

/// `GET /api/v1/prescriptions`: newest first, and the one for today, if any.
struct PrescriptionList: Encodable {
    let prescriptions: [Prescription]
    let today: UUID?
}
