import Foundation
import KnotworkCore

/// Writing to the terminal.
enum Output {
    static func standardError(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// JSON with sorted keys and indents; dates as ISO 8601 in UTC.
    static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// Whether standard output is a terminal (for sparklines and other decoration).
    static var outputIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }

    /// Whether standard input is a terminal a person is typing at.
    static var inputIsTerminal: Bool { isatty(STDIN_FILENO) == 1 }

    /// Splits text into lines of at most `width` characters, each after the first indented.
    static func wrap(_ text: String, width: Int = 96, indent: String = "") -> [String] {
        var lines: [String] = []
        let lead = String(text.prefix { $0 == " " })
        var line = lead
        for word in text.split(separator: " ") {
            if !line.isEmpty, line.count + 1 + word.count > width {
                lines.append(line)
                line = indent
            }
            line += (line == lead || line == indent ? "" : " ") + word
        }
        if !line.isEmpty, line != indent { lines.append(line) }
        return lines
    }

    /// A plain-text table: columns padded to their widest cell, two spaces apart.
    static func table(_ header: [String], _ rows: [[String]]) -> [String] {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        return all.map { row in
            row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
    }
}

extension Output {
    static func standardErrorNoNewline(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}

extension Output {
    /// Writes text to a file all at once (a temporary file renamed into place, so a reader
    /// never sees half of it), or to standard output for `-`.
    static func write(_ text: String, to path: String) throws {
        if path == "-" {
            FileHandle.standardOutput.write(Data(text.utf8))
            return
        }
        if isSpecial(path) {
            guard let handle = FileHandle(forWritingAtPath: path) else {
                throw OutputError(path: path, reason: "cannot be opened for writing")
            }
            defer { try? handle.close() }
            do { try handle.write(contentsOf: Data(text.utf8)) } catch {
                throw OutputError(path: path, reason: (error as NSError).localizedDescription)
            }
            return
        }
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw OutputError(path: path, reason: (error as NSError).localizedDescription)
        }
    }
}

extension Output {
    /// Whether a path is something other than a regular file (a device such as /dev/null or
    /// /dev/stdout, a FIFO): written in place, never replaced.
    static func isSpecial(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) != S_IFREG
    }

    /// Writes text that comes in pieces to a file (a temporary file beside it, renamed into
    /// place only when the last piece is written, so a reader never sees half of it and a
    /// failure leaves nothing), or to standard output for `-`.
    static func streaming<T>(to path: String, _ body: (_ write: (String) async throws -> Void) async throws -> T) async throws -> T {
        if path == "-" {
            return try await body { piece in FileHandle.standardOutput.write(Data(piece.utf8)) }
        }
        if isSpecial(path) {
            // A device or a pipe (/dev/stdout, a FIFO) is written to as it is: renaming a file
            // over it would replace it.
            guard let handle = FileHandle(forWritingAtPath: path) else {
                throw OutputError(path: path, reason: "cannot be opened for writing")
            }
            defer { try? handle.close() }
            return try await body { piece in
                do { try handle.write(contentsOf: Data(piece.utf8)) } catch {
                    throw OutputError(path: path, reason: (error as NSError).localizedDescription)
                }
            }
        }
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(
            ".\(url.lastPathComponent).\(UUID().uuidString.prefix(8)).partial")
        guard FileManager.default.createFile(atPath: temporary.path, contents: nil),
            let handle = FileHandle(forWritingAtPath: temporary.path)
        else {
            throw OutputError(path: path, reason: "cannot create a file in \(url.deletingLastPathComponent().path)")
        }
        var done = false
        defer {
            try? handle.close()
            if !done { try? FileManager.default.removeItem(at: temporary) }
        }
        func failed(_ error: any Error) -> OutputError {
            OutputError(path: path, reason: (error as NSError).localizedDescription)
        }
        let result = try await body { piece in
            do { try handle.write(contentsOf: Data(piece.utf8)) } catch { throw failed(error) }
        }
        do {
            try handle.synchronize()
        } catch {
            throw failed(error)
        }
        guard rename(temporary.path, url.path) == 0 else {
            throw OutputError(path: path, reason: String(cString: strerror(errno)))
        }
        done = true
        return result
    }
}

extension DecodingError {
    /// Where in the document and what: `steps[2].seconds: expected a whole number`.
    var summary: String {
        func path(_ keys: [any CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingCharacters(
                in: CharacterSet(charactersIn: "."))
        }
        switch self {
        case .keyNotFound(let key, let context): return "\(path(context.codingPath + [key])) is missing"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            let at = path(context.codingPath)
            return (at.isEmpty ? "" : "\(at): ") + context.debugDescription
        @unknown default: return "\(self)"
        }
    }
}

/// Standard input read a byte at a time, without stdio's buffer: the questions before a session
/// and the keys during it read from the same pipe, and a buffered read would swallow the keys.
enum StandardInput {
    /// Whether standard input is a terminal (a person typing), not a pipe or a file.
    static var isTerminal: Bool { isatty(STDIN_FILENO) == 1 }

    /// A password: `KNOTWORK_PASSWORD` when set (for scripts; never an option, where other users
    /// of the machine could read it), else asked with `prompt` as ``readSecret(prompt:)`` does.
    /// - Throws: ``InputError`` (field `password`) when there is none.
    static func password(prompt: String) throws(InputError) -> String {
        if let given = ProcessInfo.processInfo.environment["KNOTWORK_PASSWORD"], !given.isEmpty { return given }
        guard let line = readSecret(prompt: prompt), !line.isEmpty else {
            throw InputError(field: "password", value: "", problem: "give the password in KNOTWORK_PASSWORD or on standard input")
        }
        return line
    }

    /// A secret (a password): asked with `prompt` on standard error and read without echo when
    /// a person types it; the first line of a pipe otherwise. Nil at the end of input.
    static func readSecret(prompt: String) -> String? {
        guard isTerminal else { return readLine() }
        Output.standardErrorNoNewline(prompt)
        var saved = termios()
        tcgetattr(STDIN_FILENO, &saved)
        var quiet = saved
        quiet.c_lflag &= ~tcflag_t(ECHO)
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet)
        defer {
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved)
            Output.standardError("")
        }
        return readLine()
    }

    /// The next line without its line end; nil at the end of input.
    static func readLine() -> String? {
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while true {
            let count = read(STDIN_FILENO, &byte, 1)
            if count < 0, errno == EINTR { continue }
            if count <= 0 { return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self) }
            if byte == UInt8(ascii: "\n") { break }
            bytes.append(byte)
        }
        if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// An output file that could not be written; exit 73. Nothing is left half-written.
struct OutputError: Error, CustomStringConvertible {
    let path: String
    let reason: String
    var description: String { "cannot write \(path): \(reason)" }
}
