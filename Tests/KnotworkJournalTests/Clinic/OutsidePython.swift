import Foundation
import Testing

/// The Python of the virtual environment `scripts/test` makes (PyPI `fhir.resources` and
/// `icalendar`), as `KNOTWORK_PYTHON` names it; tests that need it run only when it is set.
enum OutsidePython {
    static let path = ProcessInfo.processInfo.environment["KNOTWORK_PYTHON"]
    static var isSet: Bool { path != nil }

    /// Writes `text` to a temporary file and runs `script` on it (`sys.argv[1]`); the status and
    /// everything printed. The script is killed if it runs past two minutes.
    static func run(_ script: String, on text: String) throws -> (status: Int32, output: String) {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("knotwork-clinic-\(UUID().uuidString)")
        try Data(text.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path!)
        process.arguments = ["-c", script, file.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let pid = process.processIdentifier
        DispatchQueue.global().asyncAfter(deadline: .now() + 120) { [process] in
            if process.isRunning { kill(pid, SIGKILL) }
        }
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }
}
