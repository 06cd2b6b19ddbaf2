import Foundation
import KnotworkCore
import KnotworkJournal
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

@Suite("knotwork serve (the real binary)")
struct ServeCommandTests {
    /// Starts the server on a free port and returns it with its URL and its watchdog.
    func serve(db: String) throws -> (Process, String, Watchdog) {
        let (process, url, watchdog, _) = try Binary.serve(["serve", "--port", "0", "--db", db])
        return (process, url, watchdog)
    }

    @Test("prints its URL, serves the app, and on SIGTERM saves live sessions and stops promptly")
    func gracefulShutdown() async throws {
        let scratch = try Scratch()
        let db = scratch.path("j.sqlite")
        let (process, url, watchdog) = try serve(db: db)
        defer { watchdog.expectFinished() }
        let (page, _) = try await URLSession.shared.data(from: URL(string: url)!)
        #expect(String(decoding: page, as: UTF8.self).contains("<title>Knotwork</title>"))
        let noes = try Catalog.bundled().screening.questionIDs.map { "\"\($0)\": false" }.joined(separator: ", ")
        #expect(try await post(url + "api/v1/screening", "{\"answers\": {\(noes)}}")["verdict"] as? String == "clear")
        let live = try await post(url + "api/v1/live", #"{"request": {"regions": ["buttock"], "minutes": 5}, "painBefore": 4}"#)
        let id = try #require(live["id"] as? String)
        // An open stream must not hold the shutdown up.
        let stream = Task { try? await URLSession.shared.data(from: URL(string: url + "api/v1/live/\(id)/stream")!) }
        try await Task.sleep(for: .milliseconds(300))
        let sent = Date()
        process.terminate()
        process.waitUntilExit()
        #expect(Date().timeIntervalSince(sent) < 10)
        #expect(process.terminationStatus == 0)
        stream.cancel()
        let saved = try await SQLiteJournalStore(path: db).liveSession(id: UUID(uuidString: id)!, owner: .local)
        #expect(saved?.painBefore == 4)
        #expect(saved?.checkpoint.machine.phase == .running)
    }

    @Test("a non-loopback address without KNOTWORK_TOKEN is refused with exit 64")
    func tokenRequired() async throws {
        let scratch = try Scratch()
        let run = try await Binary.run(
            ["serve", "--host", "0.0.0.0", "--port", "0", "--db", scratch.path("j.sqlite")], environment: ["KNOTWORK_TOKEN": ""])
        #expect(run.status == 64)
        #expect(run.stderr.contains("set KNOTWORK_TOKEN"))
        let port = try await Binary.run(["serve", "--port", "http"])
        #expect(port.status == 64)
        #expect(port.stderr.contains("'http' is not a port from 0 to 65535"))
    }
}
