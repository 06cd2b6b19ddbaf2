import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KnotworkJournal
import Testing

@testable import KnotworkServer

/// Two people and two clinicians on one server: every endpoint that takes an id, tried by each
/// with the others' ids, reads, changes, deletes, streams and exports nothing (404).
@Suite("Isolation between accounts over HTTP")
struct IsolationTests {
    @Test("every endpoint with another's id is a 404, and the owner's records are untouched")
    func everyEndpoint() async throws {
        let now = TestNow(Date())
        try await withAccountsServer(now: now) { client, store in
            // Pat: a live session, a token, a prescription from Dr Lee.
            let pat = try await client.signUp("pat@example.org")
            let patID = try #require(try await store.credentials(email: "pat@example.org")).account.id
            let answers = try body(["answers": allNo])
            #expect(try await client.execute(uri: "/api/v1/screening", method: .post, headers: [.cookie: pat], body: answers).status == .ok)
            let live = try await client.send("/api/v1/live", method: .post, cookie: pat, json: ["request": shortRequest, "painBefore": 4])
            #expect(live.status == .created, "\(String(buffer: live.body))")
            let liveID = try #require(try json(live.body)["id"] as? String)
            let token = try json(try await client.send("/api/v1/account/tokens", method: .post, cookie: pat, json: ["name": "laptop"]).body)
            let tokenID = try #require(token["id"] as? String)

            let lee = try await AccountAdmin.createUser(
                store: store, email: "lee@example.org", displayName: "Dr Lee", role: .clinician, isAdmin: false,
                password: "correct horse battery", bcryptCost: 4, now: now.date)
            let leeCookie = try #require(sessionCookie(try await client.signIn("lee@example.org")))
            let code = try #require(
                try json(try await client.send("/api/v1/invites", method: .post, cookie: leeCookie, json: [String: Any]()).body)["code"]
                    as? String)
            #expect(try await client.send("/api/v1/care", method: .post, cookie: pat, json: ["invite": code]).status == .created)
            let prescribed = try await client.send(
                "/api/v1/patients/\(patID)/prescriptions", method: .post, cookie: leeCookie,
                json: ["regions": ["buttock"], "days": ["monday"], "starts": "2026-01-01"] as [String: Any])
            let prescriptionID = try #require(try json(prescribed.body)["id"] as? String)

            // Sam: another person; Dr Kim: a clinician Pat never invited.
            let sam = try await client.signUp("sam@example.org")
            _ = try await AccountAdmin.createUser(
                store: store, email: "kim@example.org", displayName: "Dr Kim", role: .clinician, isAdmin: false,
                password: "correct horse battery", bcryptCost: 4, now: now.date)
            let kim = try #require(sessionCookie(try await client.signIn("kim@example.org")))

            let event = ["event": "pause"]
            let tries: [(String, String, HTTPRequest.Method, Any?)] = [
                (sam, "/api/v1/live/\(liveID)", .get, nil),
                (sam, "/api/v1/live/\(liveID)/events", .post, event),
                (sam, "/api/v1/live/\(liveID)/stream", .get, nil),
                (sam, "/api/v1/live/\(liveID)/finish", .post, ["painAfter": 2]),
                (sam, "/api/v1/account/tokens/\(tokenID)", .delete, nil),
                (sam, "/api/v1/care/\(lee.id)", .delete, nil),
                (sam, "/api/v1/prescriptions/\(prescriptionID)/reminders.ics", .get, nil),
                (leeCookie, "/api/v1/live/\(liveID)", .get, nil),
                (leeCookie, "/api/v1/live/\(liveID)/events", .post, event),
                (leeCookie, "/api/v1/live/\(liveID)/stream", .get, nil),
                (leeCookie, "/api/v1/prescriptions/\(prescriptionID)/reminders.ics", .get, nil),
                (kim, "/api/v1/patients/\(patID)", .get, nil),
                (kim, "/api/v1/patients/\(patID)", .delete, nil),
                (
                    kim, "/api/v1/patients/\(patID)/prescriptions", .post,
                    ["regions": ["buttock"], "days": ["monday"], "starts": "2026-01-01"]
                ),
                (kim, "/api/v1/patients/\(patID)/prescriptions/\(prescriptionID)", .delete, nil),
                (kim, "/api/v1/patients/\(patID)/alerts/missed-days:2026-01-05/seen", .post, [String: Any]()),
                (kim, "/api/v1/patients/\(patID)/export/fhir", .get, nil),
                (kim, "/api/v1/live/\(liveID)", .get, nil),
            ]
            for (cookie, path, method, json) in tries {
                let response = try await client.send(path, method: method, cookie: cookie, json: json)
                #expect(response.status == .notFound, "\(method) \(path): \(response.status) \(String(buffer: response.body))")
            }
            // A person is no clinician: the patients' endpoints refuse them before any id.
            #expect(try await client.send("/api/v1/patients/\(patID)", cookie: sam).status == .forbidden)
            // Nobody else's lists or exports hold Pat's ids.
            for cookie in [sam, kim] {
                for path in [
                    "/api/v1/sessions", "/api/v1/history", "/api/v1/exports/json", "/api/v1/exports/fhir", "/api/v1/care",
                    "/api/v1/prescriptions",
                ] {
                    let text = String(buffer: try await client.send(path, cookie: cookie).body).lowercased()
                    #expect(!text.contains(liveID.lowercased()) && !text.contains(prescriptionID.lowercased()), "\(path)")
                }
            }
            #expect(String(buffer: try await client.send("/api/v1/patients", cookie: kim).body) == "[]")

            // Pat's records are as they were.
            #expect(try await client.send("/api/v1/live/\(liveID)", cookie: pat).status == .ok)
            #expect(try await client.send("/api/v1/sessions", bearer: try #require(token["token"] as? String)).status == .ok)
            #expect((try json(try await client.send("/api/v1/prescriptions", cookie: pat).body)["prescriptions"] as? [Any])?.count == 1)
            #expect(try await client.send("/api/v1/patients/\(patID)", cookie: leeCookie).status == .ok)
        }
    }
}
