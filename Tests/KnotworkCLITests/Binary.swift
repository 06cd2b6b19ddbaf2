import Foundation
import Synchronization
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The real `knotwork` executable, run as a person or a script would run it.
enum Binary {
    /// What one run printed and how it ended.
    struct Run: Sendable {
        let status: Int32
        let stdout: String
        let stderr: String
        /// Set when the run outlived its time and a ``Watchdog`` killed it: what it was.
        var killed: String? = nil
    }

    /// `KNOTWORK_BIN`, or the `knotwork` built beside the test bundle, or in `.build/debug`.
    static let url: URL = {
        if let path = ProcessInfo.processInfo.environment["KNOTWORK_BIN"] {
            return URL(fileURLWithPath: path)
        }
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("knotwork"),
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent(".build/debug/knotwork"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[1]
    }()

    /// Starts `knotwork` with these arguments (a `serve` on port 0) and waits for the first line
    /// it prints: returns the process, the URL in that line, its watchdog, and what it printed.
    static func serve(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> (
        Process, String, Watchdog, String
    ) {
        let process = process(arguments)
        let output = Pipe()
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output
        process.standardError = output
        let watchdog = try process.start(timeout: 120)
        var text = ""
        while !text.contains("\n") {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        let url = try #require(
            text.range(of: #"http://127\.0\.0\.1:\d+/"#, options: .regularExpression).map { String(text[$0]) }, "\(text)",
            sourceLocation: sourceLocation)
        return (process, url, watchdog, text)
    }

    /// A data folder of this test process's own, so no test writes to the user's journal.
    static let isolatedData = FileManager.default.temporaryDirectory.appendingPathComponent("knotwork-data-\(UUID().uuidString)").path

    /// A `knotwork` process, not yet running, with a test environment: no colour, and never
    /// the real journal (a scratch data folder unless the test names one).
    static func process(_ arguments: [String], environment extra: [String: String] = [:]) -> Process {
        // A child that exits early closes its input; writing to it must not kill the tests.
        signal(SIGPIPE, SIG_IGN)
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        environment["KNOTWORK_DB"] = nil
        environment["XDG_DATA_HOME"] = isolatedData
        environment.merge(extra) { $1 }
        process.environment = environment
        return process
    }

    /// Runs `knotwork` with these arguments, extra environment and standard input (closed when nil).
    static func run(
        _ arguments: [String], input: String? = nil, environment extra: [String: String] = [:], timeout: Double = 120,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> Run {
        try await offThePool(sourceLocation: sourceLocation) {
            let process = process(arguments, environment: extra)
            let out = Pipe()
            let err = Pipe()
            let inPipe = Pipe()
            process.standardOutput = out
            process.standardError = err
            process.standardInput = inPipe
            let watchdog = try process.start(timeout: timeout)
            if let input { try? inPipe.fileHandleForWriting.write(contentsOf: Data(input.utf8)) }
            try inPipe.fileHandleForWriting.close()
            // Read both pipes before waiting so a large output cannot block the child.
            let outData = out.fileHandleForReading.readDataToEndOfFile()
            let errData = err.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return Run(
                status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                stderr: String(decoding: errData, as: UTF8.self), killed: watchdog.finish())
        }
    }

    /// Runs blocking work (waiting on child processes) on a thread of its own, so the few
    /// threads of Swift's concurrency pool (two on a 2-core machine) stay free for the tests that
    /// run in process. Fails the test if a watchdog had to kill a child.
    static func offThePool(
        sourceLocation: SourceLocation = #_sourceLocation, _ work: @escaping @Sendable () throws -> Run
    ) async throws -> Run {
        #expect(FileManager.default.isExecutableFile(atPath: url.path), "build knotwork first: \(url.path)", sourceLocation: sourceLocation)
        let run = try await onThread(work)
        if let killed = run.killed { Issue.record(Comment(rawValue: killed), sourceLocation: sourceLocation) }
        return run
    }
}

/// Runs blocking work on a new thread and waits for it without holding a pool thread.
func onThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try work() }) }.start()
    }
}

/// A temporary folder for one test's files.
struct Scratch {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("knotwork-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    func read(_ name: String) throws -> String { try String(contentsOfFile: path(name), encoding: .utf8) }

    func exists(_ name: String) -> Bool { FileManager.default.fileExists(atPath: path(name)) }
}

/// Kills a child process that outlives its time, so a test waiting on its output or its exit
/// fails, naming the command, instead of hanging the whole run.
final class Watchdog: Sendable {
    private struct State {
        var finished = false
        var fired = false
    }

    private let state = Mutex(State())
    private let command: String
    private let seconds: Double

    fileprivate init(pid: pid_t, command: String, seconds: Double) {
        self.command = command
        self.seconds = seconds
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds) { [self] in
            let fire = state.withLock { state -> Bool in
                guard !state.finished else { return false }
                state.fired = true
                return true
            }
            if fire { kill(pid, SIGKILL) }
        }
    }

    /// Call once the process has ended (from any thread): what was killed, if it had to be.
    @discardableResult
    func finish() -> String? {
        let fired = state.withLock { state -> Bool in
            state.finished = true
            return state.fired
        }
        return fired ? "\(command) ran past \(Int(seconds)) s and was killed" : nil
    }

    /// Call once the process has ended, from the test: fails it if the process had to be killed.
    func expectFinished(sourceLocation: SourceLocation = #_sourceLocation) {
        if let killed = finish() { Issue.record(Comment(rawValue: killed), sourceLocation: sourceLocation) }
    }
}

extension Process {
    /// Starts the process under a ``Watchdog`` that kills it after `timeout` seconds.
    func start(timeout: Double) throws -> Watchdog {
        try run()
        let name = ([executableURL?.lastPathComponent ?? "?"] + (arguments ?? []).prefix(3)).joined(separator: " ")
        return Watchdog(pid: processIdentifier, command: name, seconds: timeout)
    }
}

/// POSTs a JSON body to a running server and returns the JSON object it answers with.
func post(_ url: String, _ body: String) async throws -> [String: Any] {
    var request = URLRequest(url: URL(string: url)!)
    request.httpMethod = "POST"
    request.httpBody = Data(body.utf8)
    request.setValue("application/json", forHTTPHeaderField: "Content-Type")
    let (data, _) = try await URLSession.shared.data(for: request)
    return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any], "\(String(decoding: data, as: UTF8.self))")
}
