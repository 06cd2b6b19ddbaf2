import ArgumentParser
import Foundation
import KnotworkCore

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `knotwork login`: signs in to a server with accounts once and keeps a personal API token
/// for scripts, in the user's config, readable by them only.
struct LoginCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "login",
        abstract: "Sign in to a Knotwork server with accounts and keep a personal API token for scripts.",
        discussion: HelpText.discussion(
            """
            Asks for the password (or reads KNOTWORK_PASSWORD), signs in, makes a personal API \
            token named after this machine, signs the browser-style session out again, and \
            writes the server and the token to $XDG_CONFIG_HOME/knotwork/login.json (else \
            ~/.config/knotwork/login.json), readable by you only. Scripts send the token as \
            Authorization: Bearer <token>. The token is listed, with its last use, in the web \
            app's account page, where it can be revoked; `knotwork logout` revokes it too.

            """))

    @Option(help: ArgumentHelp("The server's address, e.g. https://knotwork.example.org", valueName: "url"))
    var server: String

    @Option(help: ArgumentHelp("The email you sign in with.", valueName: "address"))
    var email: String

    func run() async throws {
        let base = try LoginFile.serverURL(server)
        let password = try StandardInput.password(prompt: "Password for \(email) at \(base.absoluteString): ")
        let client = ServerClient(base: base)
        let signIn = try await client.send("POST", "api/v1/account/sign-in", json: ["email": email, "password": password])
        guard let cookie = signIn.cookie else { throw LoginError(description: "the server did not sign you in") }
        let name = "knotwork login on \(ProcessInfo.processInfo.hostName)"
        let made = try await client.send("POST", "api/v1/account/tokens", json: ["name": String(name.prefix(80))], cookie: cookie)
        guard let token = made.json["token"] as? String, let id = made.json["id"] as? String else {
            throw LoginError(description: "the server's answer held no token")
        }
        _ = try? await client.send("POST", "api/v1/account/sign-out", json: [:], cookie: cookie)
        let file = LoginFile.path
        try LoginFile.save(LoginFile(server: base.absoluteString, token: token, tokenID: id), to: file)
        print("Signed in to \(base.absoluteString) as \(email); the token is kept in \(file).")
    }
}

/// `knotwork logout`: revokes the kept token on its server and forgets it.
struct LogoutCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logout", abstract: "Revoke the personal API token `knotwork login` kept, and forget it.")

    func run() async throws {
        let path = LoginFile.path
        guard let login = try LoginFile.load(from: path) else {
            print("Not signed in: there is no \(path).")
            return
        }
        let client = ServerClient(base: try LoginFile.serverURL(login.server))
        do {
            _ = try await client.send("DELETE", "api/v1/account/tokens/\(login.tokenID)", bearer: login.token)
        } catch let error as LoginError where error.status == 401 || error.status == 404 {
            // Revoked already: forgetting it is all that is left to do.
        }
        try FileManager.default.removeItem(atPath: path)
        print("Signed out of \(login.server): the token is revoked and \(path) removed.")
    }
}

/// What `knotwork login` keeps.
struct LoginFile: Codable {
    var server: String
    var token: String
    var tokenID: String

    static var path: String {
        let environment = ProcessInfo.processInfo.environment
        if let config = environment["XDG_CONFIG_HOME"], !config.isEmpty { return config + "/knotwork/login.json" }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return home + "/.config/knotwork/login.json"
    }

    /// A server's address, as http or https with a host; 64 otherwise.
    static func serverURL(_ text: String) throws -> URL {
        guard var url = URL(string: text), ["http", "https"].contains(url.scheme?.lowercased() ?? ""), url.host?.isEmpty == false else {
            throw InputError(field: "server", value: text, problem: "'\(text)' is not a URL like https://knotwork.example.org")
        }
        if !url.absoluteString.hasSuffix("/") { url = URL(string: url.absoluteString + "/")! }
        return url
    }

    static func save(_ login: LoginFile, to path: String) throws {
        let folder = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let data = try JSONEncoder().encode(login)
        // The process's umask (077) makes it the user's only, before any byte is in it.
        try Output.write(String(decoding: data, as: UTF8.self) + "\n", to: path)
        chmod(path, 0o600)
    }

    static func load(from path: String) throws -> LoginFile? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        do {
            return try JSONDecoder().decode(LoginFile.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw FileError(path: path, problem: "is not a login file knotwork wrote: \(error.localizedDescription)")
        }
    }
}

/// A refusal from the server, or no answer: exit 69, its own words.
struct LoginError: Error, CustomStringConvertible {
    let description: String
    var status: Int? = nil
}

/// Requests to a Knotwork server, as a program without a browser sends them.
struct ServerClient {
    let base: URL

    struct Answer {
        let json: [String: Any]
        /// The sign-in session cookie it set, as `name=value`.
        let cookie: String?
    }

    func send(_ method: String, _ path: String, json: [String: Any]? = nil, cookie: String? = nil, bearer: String? = nil) async throws
        -> Answer
    {
        var request = URLRequest(url: base.appendingPathComponent(path))
        request.httpMethod = method
        request.httpShouldHandleCookies = false
        if let json {
            request.httpBody = try JSONSerialization.data(withJSONObject: json)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        if let cookie { request.setValue(cookie, forHTTPHeaderField: "Cookie") }
        if let bearer { request.setValue("Bearer \(bearer)", forHTTPHeaderField: "Authorization") }
        let data: Data
        let response: URLResponse
        do {
            (data, response) = try await URLSession.shared.data(for: request)
        } catch {
            throw LoginError(description: "cannot reach \(base.absoluteString): \(error.localizedDescription)")
        }
        let http = response as? HTTPURLResponse
        let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
        guard let status = http?.statusCode, (200..<300).contains(status) else {
            let detail = object["detail"] as? String ?? "HTTP \(http?.statusCode ?? 0)"
            throw LoginError(description: "\(base.absoluteString) said: \(detail)", status: http?.statusCode)
        }
        let cookie = (http?.value(forHTTPHeaderField: "Set-Cookie") ?? "").split(separator: ",").map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        .first { $0.hasPrefix("knotwork_session=") }
        .map { String($0.split(separator: ";")[0]) }
        return Answer(json: object, cookie: cookie)
    }
}
