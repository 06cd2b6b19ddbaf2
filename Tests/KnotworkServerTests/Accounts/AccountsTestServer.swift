import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KnotworkJournal
import Synchronization
import Testing

@testable import KnotworkServer

/// The time as a test sets it: a server's `now`, moved on by hand, so that no test waits.
final class TestNow: Sendable {
    private let value: Mutex<Date>

    init(_ start: Date = Date(timeIntervalSince1970: 1_790_000_000)) {
        value = Mutex(start)
    }

    var date: Date { value.withLock { $0 } }

    func advance(seconds: TimeInterval) {
        value.withLock { $0 += seconds }
    }

    var closure: @Sendable () -> Date { { self.date } }
}

/// A server with accounts over a fresh journal file, at the router level, bcrypt at its least
/// cost (the cost is the library's business; what is tested is that passwords go through it).
func withAccountsServer(
    signUp: AccountsConfiguration.SignUp = .open, perAccount: Int = 10, perAddress: Int = 50, now: TestNow = TestNow(),
    path: String? = nil, _ test: @Sendable (any TestClientProtocol, SQLiteJournalStore) async throws -> Void
) async throws {
    let path =
        path ?? FileManager.default.temporaryDirectory.appendingPathComponent("knotwork-accounts-\(UUID().uuidString)/journal.sqlite").path
    let store = try SQLiteJournalStore(path: path)
    let configuration = ServerConfiguration(
        accounts: AccountsConfiguration(
            signUp: signUp, bcryptCost: 4, signInLimitPerAccount: perAccount, signInLimitPerAddress: perAddress),
        now: now.closure)
    let app = try buildApplication(configuration: configuration, store: store)
    try await app.test(.router) { client in try await test(JSONClient(client: client), store) }
}

/// The `name=value` of a response's session cookie, to send back as a browser would; nil when
/// it sets none.
func sessionCookie(_ response: TestResponse) -> String? {
    response.headers[values: .setCookie].first { $0.hasPrefix(SignInSessions.cookieName + "=") }
        .map { String($0.split(separator: ";")[0]) }
}

extension TestClientProtocol {
    /// Signs up with the open sign-up and returns the session cookie.
    func signUp(_ email: String, password: String = "correct horse battery", name: String = "Pat", invite: String? = nil) async throws
        -> String
    {
        var fields: [String: Any] = ["email": email, "password": password, "displayName": name]
        if let invite { fields["invite"] = invite }
        let response = try await execute(uri: "/api/v1/account/sign-up", method: .post, body: try body(fields))
        #expect(response.status == .created, "\(String(buffer: response.body))")
        return try #require(sessionCookie(response))
    }

    /// Signs in and returns the response.
    func signIn(_ email: String, password: String = "correct horse battery", cookie: String? = nil) async throws -> TestResponse {
        var headers: HTTPFields = [:]
        if let cookie { headers[.cookie] = cookie }
        return try await execute(
            uri: "/api/v1/account/sign-in", method: .post, headers: headers, body: try body(["email": email, "password": password]))
    }

    /// A request as a signed-in browser sends it.
    func send(_ uri: String, method: HTTPRequest.Method = .get, cookie: String? = nil, bearer: String? = nil, json: Any? = nil)
        async throws -> TestResponse
    {
        var headers: HTTPFields = [:]
        if let cookie { headers[.cookie] = cookie }
        if let bearer { headers[.authorization] = "Bearer \(bearer)" }
        return try await execute(uri: uri, method: method, headers: headers, body: try json.map { try body($0) })
    }
}
