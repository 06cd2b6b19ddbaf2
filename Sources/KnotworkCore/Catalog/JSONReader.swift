import Foundation

/// Reads one JSON object of a catalog file field by field, so that every problem is reported
/// with its file, entry and field, and fields nobody reads are reported as unknown.
final class JSONReader {
    let file: String
    let entry: String?
    private let prefix: String
    private let object: [String: JSONValue]
    private var read: Set<String> = []

    private init(file: String, entry: String?, prefix: String, object: [String: JSONValue]) {
        self.file = file
        self.entry = entry
        self.prefix = prefix
        self.object = object
    }

    /// The top-level object of a file.
    static func root(file: String, data: Data) throws(CatalogError) -> JSONReader {
        let value: JSONValue
        do {
            value = try JSONValue.parse(data)
        } catch {
            throw CatalogError(file: file, problem: "is not valid JSON (\(error))")
        }
        guard case .object(let object) = value else {
            throw CatalogError(file: file, problem: "must hold a JSON object at the top level")
        }
        return JSONReader(file: file, entry: nil, prefix: "", object: object)
    }

    func fail(_ field: String?, _ problem: String) -> CatalogError {
        let path = field.map { prefix + $0 } ?? (prefix.isEmpty ? nil : String(prefix.dropLast()))
        return CatalogError(file: file, entry: entry, field: path, problem: problem)
    }

    private func value(_ key: String) throws(CatalogError) -> JSONValue {
        read.insert(key)
        guard let value = object[key], !value.isNull else {
            throw fail(key, "is missing")
        }
        return value
    }

    func has(_ key: String) -> Bool {
        read.insert(key)
        if let value = object[key], !value.isNull { return true }
        return false
    }

    func string(_ key: String) throws(CatalogError) -> String {
        guard case .string(let string) = try value(key) else { throw fail(key, "must be a string") }
        guard !string.trimmingSpaces().isEmpty else { throw fail(key, "must not be empty") }
        return string
    }

    func optionalString(_ key: String) throws(CatalogError) -> String? {
        has(key) ? try string(key) : nil
    }

    func int(_ key: String) throws(CatalogError) -> Int {
        guard case .number(let number) = try value(key), let int = Int(exactly: number)
        else { throw fail(key, "must be a whole number") }
        return int
    }

    func number(_ key: String) throws(CatalogError) -> Double {
        guard case .number(let number) = try value(key), number.isFinite else { throw fail(key, "must be a number") }
        return number
    }

    func optionalNumber(_ key: String) throws(CatalogError) -> Double? {
        has(key) ? try number(key) : nil
    }

    /// A list of numbers.
    func numbers(_ key: String) throws(CatalogError) -> [Double] {
        guard case .array(let items) = try value(key) else { throw fail(key, "must be a list of numbers") }
        var numbers: [Double] = []
        for (index, item) in items.enumerated() {
            guard case .number(let number) = item, number.isFinite else { throw fail("\(key)[\(index)]", "must be a number") }
            numbers.append(number)
        }
        return numbers
    }

    /// A point `[x, y]` inside `bounds` (width × height from 0).
    func point(_ key: String, in bounds: (width: Double, height: Double)) throws(CatalogError) -> Point {
        let read = Self.point(try value(key), bounds: bounds)
        guard let point = read.point else { throw fail(key, read.problem) }
        return point
    }

    func optionalPoint(_ key: String, in bounds: (width: Double, height: Double)) throws(CatalogError) -> Point? {
        has(key) ? try point(key, in: bounds) : nil
    }

    /// A list of at least `minimum` points `[[x, y], …]` inside `bounds`.
    func points(_ key: String, in bounds: (width: Double, height: Double), minimum: Int) throws(CatalogError) -> [Point] {
        guard case .array(let items) = try value(key) else { throw fail(key, "must be a list of [x, y] points") }
        guard items.count >= minimum else { throw fail(key, "must list at least \(minimum) points") }
        var points: [Point] = []
        for (index, item) in items.enumerated() {
            let read = Self.point(item, bounds: bounds)
            guard let point = read.point else { throw fail("\(key)[\(index)]", read.problem) }
            points.append(point)
        }
        return points
    }

    /// The point a value holds, or what is wrong with it.
    private static func point(_ value: JSONValue, bounds: (width: Double, height: Double)) -> (point: Point?, problem: String) {
        guard case .array(let pair) = value, pair.count == 2, case .number(let x) = pair[0], case .number(let y) = pair[1],
            x.isFinite, y.isFinite
        else { return (nil, "must be a point [x, y] of two numbers") }
        guard (0...bounds.width).contains(x), (0...bounds.height).contains(y) else {
            return (nil, "[\(x), \(y)] is outside the drawing (0–\(bounds.width) × 0–\(bounds.height))")
        }
        return (Point(x, y), "")
    }

    func optionalInt(_ key: String) throws(CatalogError) -> Int? {
        has(key) ? try int(key) : nil
    }

    func bool(_ key: String, default fallback: Bool? = nil) throws(CatalogError) -> Bool {
        if let fallback, !has(key) { return fallback }
        guard case .bool(let bool) = try value(key) else { throw fail(key, "must be true or false") }
        return bool
    }

    func strings(_ key: String, allowEmpty: Bool = false) throws(CatalogError) -> [String] {
        guard case .array(let array) = try value(key) else { throw fail(key, "must be a list of strings") }
        var strings: [String] = []
        for (index, item) in array.enumerated() {
            guard case .string(let string) = item, !string.trimmingSpaces().isEmpty else {
                throw fail("\(key)[\(index)]", "must be a non-empty string")
            }
            strings.append(string)
        }
        if strings.isEmpty, !allowEmpty { throw fail(key, "must list at least one value") }
        return strings
    }

    /// Optional list; absent means empty.
    func optionalStrings(_ key: String) throws(CatalogError) -> [String] {
        has(key) ? try strings(key, allowEmpty: true) : []
    }

    /// A string that must be one of the cases of `E`.
    func enumValue<E: RawRepresentable & CaseIterable>(
        _ key: String, as type: E.Type
    ) throws(CatalogError) -> E where E.RawValue == String {
        let raw = try string(key)
        return try Self.parse(raw, as: type) { problem throws(CatalogError) in fail(key, problem) }
    }

    /// A list of strings, each one of the cases of `E`.
    func enumValues<E: RawRepresentable & CaseIterable>(
        _ key: String, as type: E.Type, allowEmpty: Bool = false
    ) throws(CatalogError) -> [E] where E.RawValue == String {
        let raws = allowEmpty ? try optionalStrings(key) : try strings(key)
        var values: [E] = []
        for (index, raw) in raws.enumerated() {
            values.append(
                try Self.parse(raw, as: type) { problem throws(CatalogError) in fail("\(key)[\(index)]", problem) })
        }
        return values
    }

    private static func parse<E: RawRepresentable & CaseIterable>(
        _ raw: String, as type: E.Type, fail: (String) throws(CatalogError) -> CatalogError
    ) throws(CatalogError) -> E where E.RawValue == String {
        if let value = E(rawValue: raw) { return value }
        let valid = E.allCases.map(\.rawValue)
        throw try fail("unknown value '\(raw)'; \(Suggestion.hint(for: raw, in: valid))")
    }

    func object(_ key: String) throws(CatalogError) -> JSONReader {
        guard case .object(let object) = try value(key) else { throw fail(key, "must be an object") }
        return JSONReader(file: file, entry: entry, prefix: prefix + key + ".", object: object)
    }

    func optionalObject(_ key: String) throws(CatalogError) -> JSONReader? {
        has(key) ? try object(key) : nil
    }

    /// The entries of a list of objects, each reader naming its entry by `labelKey` (`id`) or position.
    func entries(_ key: String, labelKey: String = "id") throws(CatalogError) -> [JSONReader] {
        guard case .array(let array) = try value(key) else { throw fail(key, "must be a list of objects") }
        guard !array.isEmpty else { throw fail(key, "must list at least one entry") }
        var readers: [JSONReader] = []
        for (index, item) in array.enumerated() {
            guard case .object(let object) = item else {
                throw CatalogError(file: file, entry: "#\(index + 1)", problem: "must be an object")
            }
            var label = "#\(index + 1)"
            if case .string(let id) = object[labelKey], !id.isEmpty { label = id }
            readers.append(JSONReader(file: file, entry: label, prefix: "", object: object))
        }
        return readers
    }

    /// All keys of this object, sorted, for maps such as the phrases.
    var keys: [String] { object.keys.sorted() }

    /// Reports the first field that no call read, with the closest known field.
    func finish() throws(CatalogError) {
        let known = read.sorted()
        for key in object.keys.sorted() where !read.contains(key) {
            throw fail(key, "is not a known field; \(Suggestion.hint(for: key, in: known))")
        }
    }
}
