import Foundation
import Logging
import Synchronization
import Testing

@testable import KnotworkCLI

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `serve`'s operating options: the JSON log lines (`--log-format`, `KNOTWORK_LOG_FORMAT`) and
/// who may read `/metrics` (`--metrics`).
@Suite("knotwork serve: logs and metrics options")
struct ServeOperationsTests {
    /// `2026-11-26T23:20:57.123Z`: ISO 8601, UTC, milliseconds.
    static let isoTime = #"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$"#

    @Test("serve --log-format json writes one JSON object a line on standard error: time, level, label, message, string metadata")
    func jsonLines() async throws {
        let scratch = try Scratch()
        let process = Binary.process(
            ["serve", "--port", "0", "--log-format", "json", "--metrics", "loopback", "--db", scratch.path("j.sqlite")],
            environment: ["KNOTWORK_LOG_LEVEL": "debug"])
        let out = Pipe()
        let err = Pipe()
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = out
        process.standardError = err
        let watchdog = try process.start(timeout: 120)
        defer { watchdog.expectFinished() }
        let first = try await onThread { () -> String in
            var text = ""
            while !text.contains("\n") {
                let chunk = out.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                text += String(decoding: chunk, as: UTF8.self)
            }
            return text
        }
        let url = try #require(
            first.range(of: #"http://127\.0\.0\.1:\d+/"#, options: .regularExpression).map { String(first[$0]) }, "\(first)")
        // The server answers its operators while it logs as JSON.
        let (data, response) = try await URLSession.shared.data(from: URL(string: url + "metrics")!)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        #expect(String(decoding: data, as: UTF8.self).contains("knotwork_live_sessions 0"))
        process.terminate()
        let text = try await onThread { () -> String in
            let data = err.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return String(decoding: data, as: UTF8.self)
        }
        #expect(process.terminationStatus == 0)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(text.hasSuffix("\n") && lines.count >= 2, "\(text)")
        var messages: [String] = []
        var metadataKeys: Set<String> = []
        for line in lines {
            let object = try #require(
                try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "not one JSON object: \(line)")
            let fields = try #require(object as? [String: String], "every field a string: \(line)")
            #expect(fields["time"]?.range(of: Self.isoTime, options: .regularExpression) != nil, "\(line)")
            #expect(fields["level"].flatMap(Logger.Level.init(rawValue:)) != nil, "\(line)")
            #expect(fields["label"]?.isEmpty == false, "\(line)")
            messages.append(try #require(fields["message"], "\(line)"))
            metadataKeys.formUnion(fields.keys)
        }
        #expect(messages.contains { $0.contains("Server started and listening on 127.0.0.1") }, "\(messages)")
        #expect(metadataKeys.count > 4, "some line carries metadata: \(metadataKeys)")
    }

    @Test("a log line escapes quotes, backslashes, newlines and control characters, keeps non-ASCII, and names metadata apart")
    func escaping() throws {
        let captured = Captured()
        var handler = JSONLogHandler(
            label: "knotwork \"test\"", now: { Date(timeIntervalSince1970: 1_790_000_000.5) }, write: { captured.append($0) })
        handler[metadataKey: "path"] = "C:\\journal\n\"x\""
        handler.logLevel = .trace
        let logger = Logger(label: "unused") { _ in handler }
        let message = "she said \"stop\"\nthen:\tcafé — 痛み ✓ \u{1}\u{7F}"
        logger.warning("\(message)", metadata: ["message": "a clash", "count": "\(3)", "list": ["a", "b"]])
        let line = try #require(captured.lines.first)
        #expect(captured.lines.count == 1 && line.hasSuffix("}\n") && !line.dropLast().contains("\n"), "one line: \(line)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String])
        #expect(object["message"] == message)
        #expect(object["label"] == "knotwork \"test\"")
        #expect(object["level"] == "warning")
        #expect(object["time"] == "2026-09-21T14:13:20.500Z")
        #expect(object["path"] == "C:\\journal\n\"x\"")
        #expect(object["metadata.message"] == "a clash")
        #expect(object["count"] == "3")
        #expect(object["list"] == #"["a", "b"]"#, "a list, as swift-log writes it")
        #expect(line.contains("café — 痛み ✓"), "non-ASCII stays as it is")
        #expect(line.contains(#"\u0001"#) && line.contains(#"\u007f"#))
    }

    @Test("--log-format and KNOTWORK_LOG_FORMAT take text or json; another value exits 64 naming it and the valid ones")
    func badLogFormat() async throws {
        let scratch = try Scratch()
        let flag = try await Binary.run(["serve", "--port", "0", "--log-format", "xml", "--db", scratch.path("j.sqlite")])
        #expect(flag.status == 64)
        #expect(flag.stderr.contains("unknown log format 'xml'") && flag.stderr.contains("valid: text, json"), "\(flag.stderr)")
        let environment = try await Binary.run(
            ["serve", "--port", "0", "--db", scratch.path("j.sqlite")], environment: ["KNOTWORK_LOG_FORMAT": "jsno"])
        #expect(environment.status == 64)
        #expect(environment.stderr.contains("--log-format: KNOTWORK_LOG_FORMAT: unknown log format 'jsno'"), "\(environment.stderr)")
        #expect(environment.stderr.contains("did you mean 'json'?"), "\(environment.stderr)")
        let metrics = try await Binary.run(["serve", "--port", "0", "--metrics", "everyone", "--db", scratch.path("j.sqlite")])
        #expect(metrics.status == 64)
        #expect(metrics.stderr.contains("unknown metrics access 'everyone'") && metrics.stderr.contains("loopback, public, off"))
        #expect(!scratch.exists("j.sqlite"), "nothing is written on a usage error")
    }

    @Test("serve --help tells who may read /metrics and what the probes answer")
    func help() {
        let help = Knotwork.helpMessage(for: ServeCommand.self, columns: 1000)
        #expect(help.contains("--metrics <who>"))
        #expect(help.contains("loopback (this machine; the default), public or off"))
        #expect(help.contains("--log-format <format>"))
        #expect(help.contains("GET /ready"))
    }
}

/// Lines a test's log handler wrote.
final class Captured: Sendable {
    private let store = Mutex<[String]>([])
    func append(_ line: String) { store.withLock { $0.append(line) } }
    var lines: [String] { store.withLock { $0 } }
}
