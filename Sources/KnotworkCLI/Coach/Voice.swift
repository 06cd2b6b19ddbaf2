import Foundation
import KnotworkSession

/// Speaks cues with espeak-ng (or the program in `KNOTWORK_SPEECH_COMMAND`) one after another,
/// in the background, so the timer never waits for speech. A safety cue cuts in at once.
actor Voice {
    let program: URL
    private var queue: [String] = []
    private var speaking: Process?

    /// The speech program, if it is installed.
    static func find() -> URL? {
        let environment = ProcessInfo.processInfo.environment
        if let custom = environment["KNOTWORK_SPEECH_COMMAND"], !custom.isEmpty {
            return FileManager.default.isExecutableFile(atPath: custom) ? URL(fileURLWithPath: custom) : nil
        }
        for folder in (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(folder)).appendingPathComponent("espeak-ng")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }

    init(program: URL) {
        self.program = program
    }

    func say(_ cue: Cue) {
        if cue.isSafety {
            queue.removeAll()
            speaking?.terminate()
        }
        queue.append(cue.text)
        // When cues come faster than speech (at --speed), keep only the newest few.
        if queue.count > 3 { queue.removeFirst(queue.count - 3) }
        if speaking == nil { speakNext() }
    }

    /// Stops speaking and forgets what was queued.
    func stop() {
        queue.removeAll()
        speaking?.terminate()
    }

    private func speakNext() {
        guard !queue.isEmpty else {
            speaking = nil
            return
        }
        let text = queue.removeFirst()
        let process = Process()
        process.executableURL = program
        process.arguments = ["-s", "150", "--", text]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.terminationHandler = { [weak self] _ in
            Task { await self?.finished() }
        }
        do {
            try process.run()
            speaking = process
        } catch {
            speaking = nil
        }
    }

    private func finished() {
        speaking = nil
        speakNext()
    }
}
