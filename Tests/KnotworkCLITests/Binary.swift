import Foundation
import Testing

/// The real `knotwork` executable, run as a person or a script would run it.
enum Binary {
    /// What one run printed and how it ended.
    struct Run: Sendable {
        let status: Int32
        let stdout: String
        let stderr: String
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

    /// A data folder of this test process's own, so no test writes to the user's journal.
    static let isolatedData = FileManager.default.temporaryDirectory.appendingPathComponent("knotwork-data-\(UUID().uuidString)").path

    /// A `knotwork` process, not yet running, with a test environment: no colour, and never
    /// the real journal (a scratch data folder unless the test names one).
    static func process(_ arguments: [String], environment extra: [String: String] = [:]) -> Process {
        #expect(FileManager.default.isExecutableFile(atPath: url.path), "build knotwork first: \(url.path)")
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
    static func run(_ arguments: [String], input: String? = nil, environment extra: [String: String] = [:]) throws -> Run {
        let process = process(arguments, environment: extra)
        let out = Pipe(), err = Pipe(), inPipe = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = inPipe
        try process.run()
        if let input { try? inPipe.fileHandleForWriting.write(contentsOf: Data(input.utf8)) }
        try inPipe.fileHandleForWriting.close()
        // Read both pipes before waiting so a large output cannot block the child.
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
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
