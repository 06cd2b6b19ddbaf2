import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KnotworkJournal
import Synchronization
import Testing

@testable import KnotworkServer

/// Signing up, in and out with `serve --accounts`: the cookie, what it reaches, and what a
/// stranger learns from a failed sign-in (nothing).
@Suite("Sign-in")
struct SignInTests {
    @Test("sign-up signs in with an HttpOnly, SameSite=Strict cookie; without it the journal is 401")
    func signUp() async throws {
        try await withAccountsServer { client, _ in
            let response = try await client.execute(
                uri: "/api/v1/account/sign-up", method: .post,
                body: try body(["email": " Pat@Example.ORG ", "password": "correct horse battery", "displayName": "Pat"]))
            #expect(response.status == .created)
            let setCookie = try #require(response.headers[values: .setCookie].first)
            #expect(setCookie.contains("HttpOnly"))
            #expect(setCookie.contains("SameSite=Strict"))
            #expect(setCookie.contains("Path=/"))
            let cookie = try #require(sessionCookie(response))
            let me = try json(try await client.send("/api/v1/account", cookie: cookie).body)
            #expect(me["accounts"] as? Bool == true)
            #expect((me["account"] as? [String: Any])?["email"] as? String == "pat@example.org")
            #expect(try await client.send("/api/v1/sessions", cookie: cookie).status == .ok)

            let anonymous = try await client.send("/api/v1/sessions")
            try expectProblem(anonymous, .unauthorized, detail: "sign in first")
            #expect(try json(try await client.send("/api/v1/account").body)["account"] == nil)
            try expectProblem(try await client.send("/api/v1/screening"), .unauthorized, detail: "sign in first")
            // What needs no one: the catalog, the page.
            #expect(try await client.send("/api/v1/catalog").status == .ok)
        }
    }

    @Test("a bad email, a short password and a taken email are refused, naming the field")
    func signUpInput() async throws {
        try await withAccountsServer { client, _ in
            _ = try await client.signUp("pat@example.org")
            for (fields, status, field) in [
                (
                    ["email": "not an email", "password": "correct horse battery", "displayName": "P"],
                    HTTPResponse.Status.unprocessableContent, "email"
                ),
                (["email": "a@example.org", "password": "short", "displayName": "P"], .unprocessableContent, "password"),
                (
                    ["email": "b@example.org", "password": "correct horse battery", "displayName": " "], .unprocessableContent,
                    "displayName"
                ),
                (["email": "PAT@example.org", "password": "correct horse battery", "displayName": "P"], .conflict, "email"),
            ] {
                let response = try await client.execute(uri: "/api/v1/account/sign-up", method: .post, body: try body(fields))
                #expect(response.status == status, "\(fields)")
                #expect(try json(response.body)["field"] as? String == field)
                #expect(sessionCookie(response) == nil)
            }
        }
    }

    @Test("a wrong password and an unknown email get the same answer")
    func noAccountOracle() async throws {
        try await withAccountsServer { client, _ in
            _ = try await client.signUp("pat@example.org")
            let wrong = try await client.signIn("pat@example.org", password: "not the password")
            let unknown = try await client.signIn("nobody@example.org", password: "not the password")
            #expect(wrong.status == .unauthorized)
            #expect(unknown.status == .unauthorized)
            #expect(String(buffer: wrong.body) == String(buffer: unknown.body))
            #expect(sessionCookie(wrong) == nil)
            let right = try await client.signIn("PAT@example.org")
            #expect(right.status == .ok)
            #expect(sessionCookie(right) != nil)
        }
    }

    @Test("sign-out ends the session on the server: the old cookie reaches nothing")
    func signOut() async throws {
        try await withAccountsServer { client, _ in
            let cookie = try await client.signUp("pat@example.org")
            let out = try await client.send("/api/v1/account/sign-out", method: .post, cookie: cookie, json: [String: Any]())
            #expect(out.status == .noContent)
            #expect(out.headers[values: .setCookie].contains { $0.hasPrefix(SignInSessions.cookieName + "=") && $0.contains("Expires") })
            #expect(try await client.send("/api/v1/sessions", cookie: cookie).status == .unauthorized)
        }
    }

    @Test("a restart signs no one out: sessions are kept in the journal, their ids only as hashes")
    func restart() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("knotwork-restart-\(UUID().uuidString)/journal.sqlite")
            .path
        let cookie = Box<String>()
        try await withAccountsServer(path: path) { client, _ in cookie.value = try await client.signUp("pat@example.org") }
        try await withAccountsServer(path: path) { client, store in
            let value = try #require(cookie.value)
            #expect(try await client.send("/api/v1/sessions", cookie: value).status == .ok)
            let id = String(value.split(separator: "=", maxSplits: 1)[1])
            // What the journal keeps: the session under the hash of its id, never the id.
            let keys = try await DatabaseQueue(path: path).read { db in try String.fetchAll(db, sql: "SELECT key FROM keyValue") }
            #expect(keys.contains(JournalPersistDriver.storedKey("session:" + id)), "\(keys)")
            #expect(!keys.contains { $0.contains(id) }, "the session id is not stored as it is")
            _ = store
        }
    }

    @Test("a session id planted before sign-in is not the one signed in (no session fixation)")
    func fixation() async throws {
        try await withAccountsServer { client, _ in
            _ = try await client.signUp("pat@example.org")
            let planted = "\(SignInSessions.cookieName)=planted-by-someone-else"
            let signedIn = try await client.signIn("pat@example.org", cookie: planted)
            let fresh = try #require(sessionCookie(signedIn))
            #expect(fresh != planted)
            #expect(try await client.send("/api/v1/sessions", cookie: planted).status == .unauthorized)

            // Someone's own valid session, planted in another's browser, is ended, not taken over.
            let mallory = try await client.signUp("mallory@example.org")
            let overPlanted = try await client.signIn("pat@example.org", cookie: mallory)
            #expect(try #require(sessionCookie(overPlanted)) != mallory)
            #expect(try await client.send("/api/v1/sessions", cookie: mallory).status == .unauthorized)
        }
    }

    @Test("without accounts, the account endpoint says so and sign-in is a 404 that says how")
    func withoutAccounts() async throws {
        try await withServer { client, _ in
            #expect(try json(try await client.send("/api/v1/account").body)["accounts"] as? Bool == false)
            try expectProblem(
                try await client.signIn("pat@example.org"), .notFound, detail: "this server has no accounts")
            #expect(try await client.send("/api/v1/sessions").status == .ok)
        }
    }
}

/// A value a test sets in one closure and reads in another.
final class Box<Value: Sendable>: Sendable {
    private let storage = Mutex<Value?>(nil)

    var value: Value? {
        get { storage.withLock { $0 } }
        set { storage.withLock { $0 = newValue } }
    }
}
