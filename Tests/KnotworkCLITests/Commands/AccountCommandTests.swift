import Foundation
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `knotwork admin create-user`, `login` and `logout` with the real binary, against a real
/// `serve --accounts`.
@Suite("knotwork admin, login and logout (the real binary)")
struct AccountCommandTests {
    static let password = "correct horse battery"

    /// `serve --accounts` on a free port over `db`, with its URL.
    func serveAccounts(db: String) throws -> (Process, String, Watchdog) {
        let (process, url, watchdog, text) = try Binary.serve(["serve", "--accounts", "--bcrypt-cost", "4", "--port", "0", "--db", db])
        #expect(text.contains("accounts: sign in"), "\(text)")
        return (process, url, watchdog)
    }

    func status(_ url: String, bearer: String) async throws -> Int {
        var request = URLRequest(url: URL(string: url + "api/v1/sessions")!)
        request.setValue("Bearer \(bearer)", forHTTPHeaderField: "Authorization")
        let (_, response) = try await URLSession.shared.data(for: request)
        return (response as? HTTPURLResponse)?.statusCode ?? 0
    }

    @Test("create-user checks what it is given, names the option, and makes an account that signs in")
    func createUser() async throws {
        let scratch = try Scratch()
        let db = scratch.path("j.sqlite")
        let short = try await Binary.run(
            ["admin", "create-user", "--db", db, "--email", "lee@example.org", "--name", "Dr Lee", "--bcrypt-cost", "4"],
            environment: ["KNOTWORK_PASSWORD": "short"])
        #expect(short.status == 64)
        #expect(short.stderr.contains("--password: a password needs at least 10 characters"), "\(short.stderr)")
        let role = try await Binary.run(
            ["admin", "create-user", "--db", db, "--email", "lee@example.org", "--name", "Dr Lee", "--role", "clinican"],
            environment: ["KNOTWORK_PASSWORD": Self.password])
        #expect(role.status == 64)
        #expect(role.stderr.contains("did you mean 'clinician'"), "\(role.stderr)")
        let made = try await Binary.run(
            [
                "admin", "create-user", "--db", db, "--email", "Lee@Example.org", "--name", "Dr Lee", "--role", "clinician", "--admin",
                "--bcrypt-cost", "4",
            ],
            input: Self.password + "\n")
        #expect(made.status == 0, "\(made.stderr)")
        #expect(made.stdout.range(of: #"^[0-9a-f-]{36}\n$"#, options: .regularExpression) != nil, "\(made.stdout)")
        let again = try await Binary.run(
            ["admin", "create-user", "--db", db, "--email", "lee@example.org", "--name", "Dr Lee", "--bcrypt-cost", "4"],
            environment: ["KNOTWORK_PASSWORD": Self.password])
        #expect(again.status == 64)
        #expect(again.stderr.contains("already exists"), "\(again.stderr)")
    }

    @Test("login keeps a token the user alone can read, which signs requests in until logout revokes it")
    func loginAndLogout() async throws {
        let scratch = try Scratch()
        let db = scratch.path("j.sqlite")
        let made = try await Binary.run(
            ["admin", "create-user", "--db", db, "--email", "pat@example.org", "--name", "Pat", "--bcrypt-cost", "4"],
            environment: ["KNOTWORK_PASSWORD": Self.password])
        #expect(made.status == 0, "\(made.stderr)")
        let (process, url, watchdog) = try serveAccounts(db: db)
        defer {
            process.terminate()
            process.waitUntilExit()
            watchdog.expectFinished()
        }
        let config = ["XDG_CONFIG_HOME": scratch.path("config")]
        let wrong = try await Binary.run(
            ["login", "--server", url, "--email", "pat@example.org"],
            environment: config.merging(["KNOTWORK_PASSWORD": "not the password"]) { $1 })
        #expect(wrong.status == 69)
        #expect(wrong.stderr.contains("the email or the password is not right"), "\(wrong.stderr)")
        #expect(!scratch.exists("config/knotwork/login.json"))

        let login = try await Binary.run(
            ["login", "--server", url, "--email", "pat@example.org"],
            environment: config.merging(["KNOTWORK_PASSWORD": Self.password]) { $1 })
        #expect(login.status == 0, "\(login.stderr)")
        let file = scratch.path("config/knotwork/login.json")
        let mode = try #require(try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int)
        #expect(mode & 0o077 == 0, "login.json is \(String(mode, radix: 8))")
        let saved = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: file))) as? [String: Any])
        let token = try #require(saved["token"] as? String)
        #expect(try await status(url, bearer: token) == 200)

        let logout = try await Binary.run(["logout"], environment: config)
        #expect(logout.status == 0, "\(logout.stderr)")
        #expect(!scratch.exists("config/knotwork/login.json"))
        #expect(try await status(url, bearer: token) == 401)
    }
}
