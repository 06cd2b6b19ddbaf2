import Foundation
import KnotworkCore

/// Bytes that arrive a piece at a time: a file read in chunks, or data already in memory.
protocol ByteChunks {
    /// The next piece; nil at the end.
    mutating func next() throws -> [UInt8]?
}

/// A file read a megabyte at a time.
struct FileChunks: ByteChunks {
    let handle: FileHandle
    let path: String
    static let size = 1 << 20

    mutating func next() throws -> [UInt8]? {
        let data: Data?
        do {
            data = try handle.read(upToCount: Self.size)
        } catch {
            throw ImportError(location: "file", field: nil, problem: "cannot be read (\((error as NSError).localizedDescription))")
        }
        guard let data, !data.isEmpty else { return nil }
        return [UInt8](data)
    }
}

/// Bytes already in memory, handed over at once.
struct MemoryChunks: ByteChunks {
    var data: Data?

    mutating func next() throws -> [UInt8]? {
        defer { data = nil }
        return data.map { [UInt8]($0) }
    }
}

/// Walks a JSON document's top-level object without parsing all of it: each member's value,
/// or each item of a member that is a list, is cut out as bytes and parsed on its own. Only the
/// bytes of the item being read are kept, whatever the document's size. The grammar around the
/// items (braces, colons, commas) is checked here; each value's own by ``JSONValue/parse(_:)``.
struct TopLevelScanner<Chunks: ByteChunks> {
    private var chunks: Chunks
    private var buffer: [UInt8] = []
    private var position = 0
    /// Bytes before this may be dropped from the buffer.
    private var mark = 0
    /// Where the buffer starts in the document, for line and column numbers.
    private var dropped = 0
    private var line = 1
    /// The document offset where the current line starts.
    private var lineStart = 0
    private var atEnd = false

    init(chunks: Chunks) {
        self.chunks = chunks
    }

    // MARK: - The object and its lists

    /// Reads `{ "key": value, … }`, calling `member` for each key, which must read the value.
    /// - Throws: ``ImportError`` for a key given twice or broken grammar.
    mutating func readObject(_ member: (String, inout TopLevelScanner) throws -> Void) throws {
        try skipSpace()
        if try peek() == 0xEF {
            // A UTF-8 byte order mark.
            for byte: UInt8 in [0xEF, 0xBB, 0xBF] { try expect(byte, "a JSON object") }
        }
        try skipSpace()
        try expect(UInt8(ascii: "{"), "'{' (a Knotwork backup is a JSON object)")
        try skipSpace()
        var seen: Set<String> = []
        if try peek() == UInt8(ascii: "}") {
            position += 1
        } else {
            while true {
                try skipSpace()
                guard try peek() == UInt8(ascii: "\"") else { throw syntax("expected a key in double quotes") }
                let keyLine = (line, column)
                guard case .string(let key) = try readValue() else { throw syntax("expected a key in double quotes") }
                guard seen.insert(key).inserted else {
                    throw ImportError(
                        location: "line \(keyLine.0), column \(keyLine.1)", field: nil, problem: "the key '\(key)' is given twice")
                }
                try skipSpace()
                try expect(UInt8(ascii: ":"), "':' after the key")
                try skipSpace()
                try member(key, &self)
                try skipSpace()
                let next = try take()
                if next == UInt8(ascii: "}") { break }
                guard next == UInt8(ascii: ",") else { throw syntax("expected ',' or '}'", back: 1) }
            }
        }
        try skipSpace()
        guard try peek() == nil else { throw syntax("unexpected text after the end of the document") }
    }

    /// Reads the value at hand as a list, handing each item, parsed, to `item` with its index.
    mutating func readList(_ name: String, _ item: (Int, JSONValue) throws -> Void) throws {
        guard try peek() == UInt8(ascii: "[") else {
            throw ImportError(location: "file", field: name, problem: "expected a list")
        }
        position += 1
        try skipSpace()
        if try peek() == UInt8(ascii: "]") {
            position += 1
            return
        }
        var index = 0
        while true {
            try skipSpace()
            try item(index, try readValue())
            index += 1
            try skipSpace()
            let next = try take()
            if next == UInt8(ascii: "]") { return }
            guard next == UInt8(ascii: ",") else { throw syntax("expected ',' or ']'", back: 1) }
        }
    }

    /// Reads one value, parsed.
    mutating func readValue() throws -> JSONValue {
        let start = position
        let startLine = line
        let startColumn = column
        mark = start
        try skipValue()
        // The buffer may have been compacted while skipping: the mark moved with it.
        let bytes = buffer[mark..<position]
        mark = position
        do {
            return try JSONValue.parse(bytes)
        } catch {
            let errorLine = startLine + error.line - 1
            let errorColumn = error.line == 1 ? startColumn + error.column - 1 : error.column
            throw ImportError(location: "line \(errorLine), column \(errorColumn)", field: nil, problem: error.problem)
        }
    }

    // MARK: - Skipping a value

    /// Moves past one value: a string, a container to its matching end, or a bare word.
    private mutating func skipValue() throws {
        guard let first = try peek() else { throw syntax("unexpected end of the document; expected a value") }
        switch first {
        case UInt8(ascii: "\""):
            position += 1
            try skipStringRest()
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var depth = 0
            while true {
                guard let byte = try take() else { throw syntax("unexpected end of the document inside a value") }
                switch byte {
                case UInt8(ascii: "\""): try skipStringRest()
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 { return }
                default: break
                }
            }
        default:
            while let byte = try peek(), !Self.ends(byte) { position += 1 }
            guard position > mark else { throw syntax("unexpected character; expected a value") }
        }
    }

    private static func ends(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: ",") || byte == UInt8(ascii: "]") || byte == UInt8(ascii: "}") || byte == 0x20 || byte == 0x0A
            || byte == 0x0D || byte == 0x09
    }

    /// Moves past the rest of a string whose opening quote has been read.
    private mutating func skipStringRest() throws {
        var escaped = false
        while true {
            guard let byte = try take() else { throw syntax("unexpected end of the document inside a string") }
            if escaped {
                escaped = false
            } else if byte == UInt8(ascii: "\\") {
                escaped = true
            } else if byte == UInt8(ascii: "\"") {
                return
            }
        }
    }

    // MARK: - Bytes

    private var column: Int { dropped + position - lineStart + 1 }

    /// The next byte without taking it; nil at the end.
    private mutating func peek() throws -> UInt8? {
        if position == buffer.count, try !refill() { return nil }
        return buffer[position]
    }

    /// Takes the next byte, counting lines; nil at the end.
    private mutating func take() throws -> UInt8? {
        guard let byte = try peek() else { return nil }
        position += 1
        if byte == 0x0A {
            line += 1
            lineStart = dropped + position
        }
        return byte
    }

    private mutating func skipSpace() throws {
        while let byte = try peek(), byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { _ = try take() }
    }

    private mutating func expect(_ byte: UInt8, _ what: String) throws {
        guard try peek() == byte else { throw syntax("expected \(what)") }
        _ = try take()
    }

    /// Drops the bytes before the mark and appends the next chunk; false at the end.
    private mutating func refill() throws -> Bool {
        guard !atEnd else { return false }
        if mark > 0 {
            buffer.removeFirst(mark)
            dropped += mark
            position -= mark
            mark = 0
        }
        guard let chunk = try chunks.next() else {
            atEnd = true
            return false
        }
        buffer.append(contentsOf: chunk)
        return true
    }

    private func syntax(_ problem: String, back: Int = 0) -> ImportError {
        ImportError(location: "line \(line), column \(column - back)", field: nil, problem: problem)
    }
}
