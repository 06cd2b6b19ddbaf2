import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KnotworkJournal
import Testing

@testable import KnotworkServer

/// What a signed-in person does with their account: limits met, the password changed, tokens
/// made and revoked, the account deleted with everything in it.
@Suite("Accounts")
struct AccountLifecycleTests {
    @Test("a burst of sign-ins is bounded per email, also with the right password, and the window passes")
    func limitPerEmail() async throws {
        let now = TestNow()
        try await withAccountsServer(perAccount: 3, now: now) { client, _ in
            _ = try await client.signUp("pat@example.org")
            for _ in 0..<2 { #expect(try await client.signIn("pat@example.org", password: "guess guess guess").status == .unauthorized) }
            let limited = try await client.signIn("pat@example.org")
            try expectProblem(limited, .tooManyRequests, detail: "too many sign-in attempts")
            #expect(limited.headers[.retryAfter] == "900")
            // An email with no account is limited just the same: the limit says nothing of which.
            for _ in 0..<3 { _ = try await client.signIn("nobody@example.org") }
            #expect(try await client.signIn("nobody@example.org").status == .tooManyRequests)
            now.advance(seconds: 15 * 60 + 1)
            #expect(try await client.signIn("pat@example.org").status == .ok)
        }
    }

    @Test("a burst from one address is bounded across emails")
    func limitPerAddress() async throws {
        try await withAccountsServer(perAddress: 5) { client, _ in
            for index in 0..<5 { #expect(try await client.signIn("p\(index)@example.org").status == .unauthorized) }
            try expectProblem(try await client.signIn("p9@example.org"), .tooManyRequests, detail: "too many sign-in attempts")
        }
    }

    @Test("a password change ends every other sign-in and keeps this one, under a new id")
    func passwordChange() async throws {
        try await withAccountsServer { client, _ in
            let first = try await client.signUp("pat@example.org")
            let second = try #require(sessionCookie(try await client.signIn("pat@example.org")))
            let wrong = try await client.send(
                "/api/v1/account/password", method: .post, cookie: first, json: ["current": "nope nope nope", "new": "another long one"])
            try expectProblem(wrong, .forbidden, field: "current", detail: "not right")
            let short = try await client.send(
                "/api/v1/account/password", method: .post, cookie: first, json: ["current": "correct horse battery", "new": "short"])
            try expectProblem(short, .unprocessableContent, field: "new", detail: "at least 10")
            let changed = try await client.send(
                "/api/v1/account/password", method: .post, cookie: first,
                json: ["current": "correct horse battery", "new": "another long one"])
            #expect(changed.status == .noContent)
            let renewed = try #require(sessionCookie(changed))
            #expect(renewed != first)
            #expect(try await client.send("/api/v1/sessions", cookie: renewed).status == .ok)
            #expect(try await client.send("/api/v1/sessions", cookie: first).status == .unauthorized)
            #expect(try await client.send("/api/v1/sessions", cookie: second).status == .unauthorized)
            #expect(try await client.signIn("pat@example.org").status == .unauthorized)
            #expect(try await client.signIn("pat@example.org", password: "another long one").status == .ok)
        }
    }

    @Test("a personal token is shown once, signs requests in, is listed with its last use, and once revoked reaches nothing")
    func tokens() async throws {
        let now = TestNow()
        try await withAccountsServer(now: now) { client, _ in
            let cookie = try await client.signUp("pat@example.org")
            let other = try await client.signUp("sam@example.org")
            let made = try await client.send("/api/v1/account/tokens", method: .post, cookie: cookie, json: ["name": "laptop"])
            #expect(made.status == .created)
            let token = try #require(try json(made.body)["token"] as? String)
            let id = try #require(try json(made.body)["id"] as? String)
            #expect(token.hasPrefix("kw_"))
            now.advance(seconds: 60)
            #expect(try await client.send("/api/v1/sessions", bearer: token).status == .ok)
            let listed = try #require(
                try JSONSerialization.jsonObject(with: Data(buffer: try await client.send("/api/v1/account/tokens", bearer: token).body))
                    as? [[String: Any]])
            #expect(listed.count == 1)
            #expect(listed[0]["lastUsedAt"] != nil)
            #expect(!String(buffer: try await client.send("/api/v1/account/tokens", cookie: cookie).body).contains(token))
            // Another account cannot revoke it: to them it is no token at all.
            try expectProblem(
                try await client.send("/api/v1/account/tokens/\(id)", method: .delete, cookie: other), .notFound, field: "id",
                detail: "no token")
            #expect(try await client.send("/api/v1/account/tokens/\(id)", method: .delete, cookie: cookie).status == .noContent)
            try expectProblem(try await client.send("/api/v1/sessions", bearer: token), .unauthorized, detail: "not valid")
            try expectProblem(try await client.send("/api/v1/sessions", bearer: "kw_made-up"), .unauthorized, detail: "not valid")
        }
    }

    @Test("deleting the account takes the password again, then removes it with everything it held")
    func delete() async throws {
        try await withAccountsServer { client, store in
            let cookie = try await client.signUp("pat@example.org")
            let logged = try await client.send(
                "/api/v1/sessions", method: .post, cookie: cookie,
                json: ["regions": ["buttock"], "painBefore": 6, "painAfter": 3] as [String: Any])
            #expect(logged.status == .created, "\(String(buffer: logged.body))")
            let wrong = try await client.send("/api/v1/account/delete", method: .post, cookie: cookie, json: ["password": "not it at all"])
            try expectProblem(wrong, .forbidden, field: "password", detail: "not right")
            let account = try #require(try await store.credentials(email: "pat@example.org")).account
            let deleted = try await client.send(
                "/api/v1/account/delete", method: .post, cookie: cookie, json: ["password": "correct horse battery"])
            #expect(deleted.status == .noContent)
            #expect(try await store.account(id: account.id) == nil)
            #expect(try await store.sessions(SessionQuery(), owner: account.id).isEmpty)
            #expect(try await client.send("/api/v1/sessions", cookie: cookie).status == .unauthorized)
            #expect(try await client.signIn("pat@example.org").status == .unauthorized)
        }
    }

    @Test("one account's records are another's unknown ids")
    func isolation() async throws {
        try await withAccountsServer { client, _ in
            let pat = try await client.signUp("pat@example.org")
            let sam = try await client.signUp("sam@example.org")
            let logged = try await client.send(
                "/api/v1/sessions", method: .post, cookie: pat,
                json: ["regions": ["buttock"], "painBefore": 6, "painAfter": 3] as [String: Any])
            let id = try #require(try json(logged.body)["id"] as? String)
            #expect(String(buffer: try await client.send("/api/v1/sessions", cookie: pat).body).contains(id))
            #expect(!String(buffer: try await client.send("/api/v1/sessions", cookie: sam).body).contains(id))
            #expect(!String(buffer: try await client.send("/api/v1/exports/json", cookie: sam).body).contains(id))
        }
    }
}
