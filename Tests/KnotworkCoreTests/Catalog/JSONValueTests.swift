import Foundation
import Testing

@testable import KnotworkCore

@Suite("The catalog's JSON reader")
struct JSONValueTests {
    func parse(_ text: String) throws(JSONValue.SyntaxError) -> JSONValue {
        try JSONValue.parse(Array(text.utf8))
    }

    @Test("reads every kind of value")
    func values() throws {
        let value = try parse(#" { "a": [1, -2.5e2, 0], "b": {"c": null}, "d": true, "e": false, "f": "x\"\\\/\n\u00e9\ud83d\ude00" } "#)
        #expect(
            value
                == .object([
                    "a": .array([.number(1), .number(-250), .number(0)]),
                    "b": .object(["c": .null]),
                    "d": .bool(true), "e": .bool(false),
                    "f": .string("x\"\\/\né😀"),
                ]))
        #expect(try parse("\u{FEFF}[]") == .array([]))
        #expect(try parse("\"naïve\"") == .string("naïve"))
    }

    @Test("agrees with Foundation on the shipped files")
    func agreesWithFoundation() throws {
        for (name, data) in Catalog.bundledFiles() {
            let ours = try JSONValue.parse(data)
            let theirs = try JSONSerialization.jsonObject(with: data)
            #expect(Self.convert(theirs) == ours, "\(name)")
        }
    }

    static func convert(_ value: Any) -> JSONValue {
        switch value {
        case let dictionary as [String: Any]: .object(dictionary.mapValues(convert))
        case let array as [Any]: .array(array.map(convert))
        case let string as String: .string(string)
        case let number as NSNumber:
            String(cString: number.objCType) == "c" ? .bool(number.boolValue) : .number(number.doubleValue)
        default: .null
        }
    }

    struct Broken: Sendable, CustomTestStringConvertible {
        let text: String
        let line: Int
        let column: Int
        let problem: String
        var testDescription: String { problem }
    }

    static let broken: [Broken] = [
        Broken(text: "{\n  \"a\": 1,\n}", line: 3, column: 1, problem: "expected a quoted key"),
        Broken(text: "{\"a\" 1}", line: 1, column: 6, problem: "expected ':' after the key 'a'"),
        Broken(text: "[1 2]", line: 1, column: 4, problem: "expected ',' or ']' in a list"),
        Broken(text: "{\"a\": 1, \"a\": 2}", line: 1, column: 10, problem: "key 'a' appears twice in one object"),
        Broken(text: "\"abc", line: 1, column: 5, problem: "unterminated string"),
        Broken(text: "\"a\tb\"", line: 1, column: 3, problem: "control character inside a string"),
        Broken(text: "\"\\q\"", line: 1, column: 3, problem: "unknown escape '\\q'"),
        Broken(text: "01", line: 1, column: 2, problem: "unexpected text after the end of the document"),
        Broken(text: "-", line: 1, column: 2, problem: "expected a digit"),
        Broken(text: "1.", line: 1, column: 3, problem: "expected a digit after the decimal point"),
        Broken(text: "tru", line: 1, column: 4, problem: "expected 'true'"),
        Broken(text: "", line: 1, column: 1, problem: "unexpected end of the document"),
        Broken(text: String(repeating: "[", count: 100), line: 1, column: 65, problem: "nested deeper than 64 levels"),
    ]

    @Test("a syntax error says the line and column", arguments: broken)
    func syntaxErrors(_ broken: Broken) {
        do {
            _ = try parse(broken.text)
            Issue.record("expected an error")
        } catch {
            #expect(error.line == broken.line)
            #expect(error.column == broken.column)
            #expect(error.problem.hasPrefix(broken.problem), "\(error.problem)")
        }
    }
}
