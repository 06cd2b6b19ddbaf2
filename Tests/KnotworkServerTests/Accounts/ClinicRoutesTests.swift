import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KnotworkJournal
import Testing

@testable import KnotworkServer

/// A clinician invites, a patient accepts and can end it, the clinician prescribes and reads;
/// every read is in the patient's access log.
@Suite("Clinicians and patients")
struct ClinicRoutesTests {
    /// A clinician's cookie (made as `knotwork admin create-user` makes one) and a patient's.
    static func clinicAndPatient(_ client: any TestClientProtocol, _ store: SQLiteJournalStore, now: Date) async throws -> (
        clinician: String, clinicianID: AccountID, patient: String, patientID: AccountID
    ) {
        let clinician = try await AccountAdmin.createUser(
            store: store, email: "dr@example.org", displayName: "Dr Lee", role: .clinician, isAdmin: false,
            password: "correct horse battery",
            bcryptCost: 4, now: now)
        let clinicianCookie = try #require(sessionCookie(try await client.signIn("dr@example.org")))
        let patientCookie = try await client.signUp("pat@example.org")
        let patient = try #require(try await store.credentials(email: "pat@example.org")).account
        return (clinicianCookie, clinician.id, patientCookie, patient.id)
    }

    static func invite(_ client: any TestClientProtocol, _ clinician: String) async throws -> String {
        let made = try await client.send("/api/v1/invites", method: .post, cookie: clinician, json: [String: Any]())
        #expect(made.status == .created, "\(String(buffer: made.body))")
        return try #require(try json(made.body)["code"] as? String)
    }

    @Test("an invitation accepted once links the two; a reused, expired or made-up code does not")
    func invitations() async throws {
        let now = TestNow()
        try await withAccountsServer(now: now) { client, store in
            let (clinician, clinicianID, patient, _) = try await Self.clinicAndPatient(client, store, now: now.date)
            try expectProblem(
                try await client.send("/api/v1/invites", method: .post, cookie: patient, json: [String: Any]()), .forbidden,
                detail: "only a clinician")
            let code = try await Self.invite(client, clinician)
            #expect(code.range(of: #"^[A-Z2-9]{4}-[A-Z2-9]{4}$"#, options: .regularExpression) != nil)
            let accepted = try await client.send(
                "/api/v1/care", method: .post, cookie: patient,
                json: ["invite": code.lowercased().replacingOccurrences(of: "-", with: " ")])
            #expect(accepted.status == .created, "\(String(buffer: accepted.body))")
            let other = try await client.signUp("sam@example.org")
            try expectProblem(
                try await client.send("/api/v1/care", method: .post, cookie: other, json: ["invite": code]), .unprocessableContent,
                field: "invite", detail: "not valid")
            let late = try await Self.invite(client, clinician)
            now.advance(seconds: ClinicianRoutes.inviteLifetime + 1)
            try expectProblem(
                try await client.send("/api/v1/care", method: .post, cookie: other, json: ["invite": late]), .unprocessableContent,
                field: "invite", detail: "not valid")
            try expectProblem(
                try await client.send("/api/v1/care", method: .post, cookie: other, json: ["invite": "ABCD-EFGH"]),
                .unprocessableContent, field: "invite", detail: "not valid")
            let care = try json(try await client.send("/api/v1/care", cookie: patient).body)
            let links = try #require(care["links"] as? [[String: Any]])
            #expect(links.count == 1)
            #expect((links[0]["clinician"] as? [String: Any])?["id"] as? String == clinicianID.description)
            #expect((links[0]["sees"] as? String)?.contains("access log") == true)
        }
    }

    @Test("the clinician sees only linked patients, each read logged; once the patient ends it, 404")
    func accessAndRevocation() async throws {
        let now = TestNow()
        try await withAccountsServer(now: now) { client, store in
            let (clinician, _, patient, patientID) = try await Self.clinicAndPatient(client, store, now: now.date)
            let stranger = try await client.signUp("sam@example.org")
            let strangerID = try #require(try await store.credentials(email: "sam@example.org")).account.id
            let code = try await Self.invite(client, clinician)
            _ = try await client.send("/api/v1/care", method: .post, cookie: patient, json: ["invite": code])
            _ = stranger

            #expect(try await client.send("/api/v1/patients/\(patientID)", cookie: clinician).status == .ok)
            try expectProblem(
                try await client.send("/api/v1/patients/\(strangerID)", cookie: clinician), .notFound, field: "id", detail: "no patient")
            let log = try #require(try json(try await client.send("/api/v1/care", cookie: patient).body)["accessLog"] as? [[String: Any]])
            #expect(log.count == 1)

            let clinicianID = try #require(try await store.credentials(email: "dr@example.org")).account.id
            #expect(try await client.send("/api/v1/care/\(clinicianID)", method: .delete, cookie: patient).status == .noContent)
            #expect(try await client.send("/api/v1/patients/\(patientID)", cookie: clinician).status == .notFound)
            let list = try JSONSerialization.jsonObject(
                with: Data(buffer: try await client.send("/api/v1/patients", cookie: clinician).body))
            #expect((list as? [Any])?.isEmpty == true)
        }
    }

    @Test("a prescription is checked against the catalog, and is the patient's to read")
    func prescriptions() async throws {
        let now = TestNow()
        try await withAccountsServer(now: now) { client, store in
            let (clinician, _, patient, patientID) = try await Self.clinicAndPatient(client, store, now: now.date)
            let code = try await Self.invite(client, clinician)
            _ = try await client.send("/api/v1/care", method: .post, cookie: patient, json: ["invite": code])
            let bad = try await client.send(
                "/api/v1/patients/\(patientID)/prescriptions", method: .post, cookie: clinician,
                json: ["regions": ["buttocks"], "days": ["monday"], "starts": "2026-11-01"] as [String: Any])
            try expectProblem(bad, .unprocessableContent, field: "regions", detail: "did you mean")
            let badDay = try await client.send(
                "/api/v1/patients/\(patientID)/prescriptions", method: .post, cookie: clinician,
                json: ["regions": ["buttock"], "days": ["mon"], "starts": "2026-11-01"] as [String: Any])
            try expectProblem(badDay, .unprocessableContent, field: "days", detail: "unknown day")
            let made = try await client.send(
                "/api/v1/patients/\(patientID)/prescriptions", method: .post, cookie: clinician,
                json: ["regions": ["buttock"], "days": Weekday.allCases.map(\.rawValue), "starts": "2026-01-01", "minutes": 8]
                    as [String: Any])
            #expect(made.status == .created, "\(String(buffer: made.body))")
            let mine = try json(try await client.send("/api/v1/prescriptions", cookie: patient).body)
            #expect((mine["prescriptions"] as? [Any])?.count == 1)
            #expect(mine["today"] as? String != nil)
        }
    }
}
