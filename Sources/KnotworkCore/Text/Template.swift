/// A phrase with `{name}` placeholders. A placeholder written with a capital first letter
/// (`{Side}`) is filled with the value's first letter capitalised.
public struct Template: Sendable, Equatable, Codable {
    public let text: String
    /// The text split once into literals and placeholders, so rendering is only appending.
    private let pieces: [Piece]

    public init(_ text: String) {
        self.text = text
        pieces = Self.scan(text)
    }

    public init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }

    public static func == (lhs: Template, rhs: Template) -> Bool { lhs.text == rhs.text }

    /// The placeholder names used, lower-cased, in order of first use.
    public var placeholders: [String] {
        var names: [String] = []
        for case .placeholder(let name, _) in pieces where !names.contains(name) {
            names.append(name)
        }
        return names
    }

    /// Whether every `{` has a matching `}` with a name between them.
    public var isWellFormed: Bool {
        !pieces.contains {
            if case .broken = $0 { true } else { false }
        }
    }

    /// The text with each placeholder replaced; unknown placeholders become empty, and the
    /// spaces an empty one leaves behind are tidied.
    public func render(_ values: [String: String]) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count + 128)
        var leftGap = false
        for piece in pieces {
            switch piece {
            case .literal(let literal), .broken(let literal):
                out += literal
            case .placeholder(let name, let capitalized):
                let value = values[name] ?? ""
                if value.isEmpty {
                    leftGap = true
                } else if capitalized {
                    out += value.prefix(1).uppercased()
                    out += value.dropFirst()
                } else {
                    out += value
                }
            }
        }
        return leftGap ? Self.collapseSpaces(out) : out
    }

    private enum Piece: Sendable {
        case literal(String)
        /// Lower-cased name, and whether it was written with a capital first letter.
        case placeholder(String, capitalized: Bool)
        case broken(String)
    }

    /// Splits the text at its braces, walking its UTF-8 bytes: braces, letters of a name and
    /// hyphens are ASCII, and a catalog has a few hundred phrases to scan at every start.
    private static func scan(_ text: String) -> [Piece] {
        let bytes = Array(text.utf8)
        func string(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }
        func isNameByte(_ byte: UInt8) -> Bool {
            (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || byte == UInt8(ascii: "-")
        }
        var pieces: [Piece] = []
        var start = 0
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "{") || byte == UInt8(ascii: "}") else {
                index += 1
                continue
            }
            if index > start { pieces.append(.literal(string(start..<index))) }
            guard byte == UInt8(ascii: "{"), let close = bytes[index...].firstIndex(of: UInt8(ascii: "}")) else {
                pieces.append(.broken(string(index..<bytes.count)))
                return pieces
            }
            let name = bytes[(index + 1)..<close]
            if name.isEmpty || !name.allSatisfy(isNameByte) {
                pieces.append(.broken(string(index..<(close + 1))))
            } else {
                let first = name[name.startIndex]
                pieces.append(.placeholder(string((index + 1)..<close).lowercased(), capitalized: (0x41...0x5A).contains(first)))
            }
            index = close + 1
            start = index
        }
        if start < bytes.count { pieces.append(.literal(string(start..<bytes.count))) }
        return pieces
    }

    /// Empty placeholders can leave double spaces or a space before a full stop.
    private static func collapseSpaces(_ text: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            if byte == UInt8(ascii: " "), bytes.last == UInt8(ascii: " ") || bytes.isEmpty { continue }
            if byte == UInt8(ascii: "."), bytes.last == UInt8(ascii: " ") { bytes.removeLast() }
            bytes.append(byte)
        }
        while bytes.last == UInt8(ascii: " ") { bytes.removeLast() }
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension String {
    func trimmingSpaces() -> String {
        var view = Substring(self)
        while view.first?.isWhitespace == true { view.removeFirst() }
        while view.last?.isWhitespace == true { view.removeLast() }
        return String(view)
    }
}
