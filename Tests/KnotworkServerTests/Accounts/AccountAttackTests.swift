import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KnotworkJournal
import Testing

@testable import KnotworkServer

/// What another site, or someone holding an old secret, can do to a signed-in person: nothing.
@Suite("Attacks on accounts")
struct AccountAttackTests {
    @Test("a forged cross-site POST carrying the person's cookie changes nothing")
    func forgedPost() async throws {
        try await withAccountsServer { client, store in
            let cookie = try await client.signUp("pat@example.org")
            let owner = try #require(try await store.credentials(email: "pat@example.org")).account.id
            let session = try body(["regions": ["buttock"], "painBefore": 6, "painAfter": 3] as [String: Any])
            for headers: HTTPFields in [
                [.cookie: cookie, HTTPField.Name("Sec-Fetch-Site")!: "cross-site", .contentType: "application/json"],
                [.cookie: cookie, .origin: "https://evil.example", .contentType: "application/json"],
                [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"],
            ] {
                let response = try await client.execute(uri: "/api/v1/sessions", method: .post, headers: headers, body: session)
                #expect([.forbidden, .unsupportedMediaType].contains(response.status), "\(headers)")
            }
            let delete = try await client.execute(
                uri: "/api/v1/account/delete", method: .post,
                headers: [.cookie: cookie, HTTPField.Name("Sec-Fetch-Site")!: "cross-site", .contentType: "application/json"],
                body: try body(["password": "correct horse battery"]))
            #expect(delete.status == .forbidden)
            #expect(try await store.sessions(SessionQuery(), owner: owner).isEmpty)
            #expect(try await store.account(id: owner) != nil)
        }
    }

    @Test("odd bytes in an email or a name are refused or kept as given, never a 5xx")
    func oddBytes() async throws {
        try await withAccountsServer { client, _ in
            for email in [
                "pat\u{0}@example.org", "pat@exa mple.org", "@example.org", "pat@", String(repeating: "a", count: 300) + "@x.org",
            ] {
                let response = try await client.execute(
                    uri: "/api/v1/account/sign-up", method: .post,
                    body: try body(["email": email, "password": "correct horse battery", "displayName": "Pat"]))
                try expectProblem(response, .unprocessableContent, field: "email", detail: "not an email")
            }
            let zero = try await client.execute(
                uri: "/api/v1/account/sign-up", method: .post,
                body: try body(["email": "pat@example.org", "password": "correct horse battery", "displayName": "P\u{0}t"]))
            #expect(zero.status == .unprocessableContent)
            let name = try await client.execute(
                uri: "/api/v1/account/sign-up", method: .post,
                body: try body(["email": "zoe@example.org", "password": "correct horse battery", "displayName": "Zoë 🌿 <b>"]))
            #expect(name.status == .created)
            #expect(String(buffer: name.body).contains("Zoë 🌿 <b>"))
            let long = try await client.signIn("pat@example.org", password: String(repeating: "x", count: 10_000))
            #expect(long.status == .unauthorized)
        }
    }

    @Test("two sign-ups with one email at once make one account")
    func doubleSubmit() async throws {
        try await withAccountsServer { client, store in
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for _ in 0..<2 {
                    group.addTask {
                        try await client.execute(
                            uri: "/api/v1/account/sign-up", method: .post,
                            body: try body(["email": "pat@example.org", "password": "correct horse battery", "displayName": "Pat"])
                        ).status
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.sorted { $0.code < $1.code } == [.created, .conflict])
            #expect(try await store.accountCount() == 1)
        }
    }
}
