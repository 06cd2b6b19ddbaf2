/// Reading identifiers and numbers as people type them, with errors that name the bad value
/// and the valid ones.
extension Catalog {
    /// Region ids, trimmed, without repeats, each checked against the catalog.
    /// - Throws: ``InputError`` for an unknown region, with the closest match.
    public func parseRegions(_ values: [String], field: String = "regions") throws(InputError) -> [RegionID] {
        var regions: [RegionID] = []
        for value in values.map({ $0.trimmingSpaces() }) where !value.isEmpty && !regions.contains(value) {
            guard region(value) != nil else {
                throw InputError.unknown("region", field: field, value: value, valid: self.regions.map(\.id))
            }
            regions.append(value)
        }
        return regions
    }
}

extension Catalog {
    /// Tool ids, trimmed, empty ones dropped, without repeats, each checked against the catalog.
    /// - Throws: ``InputError`` for an unknown tool, with the closest match.
    public func parseTools(_ values: [String], field: String = "tools") throws(InputError) -> [ToolID] {
        var tools: [ToolID] = []
        for value in values.map({ $0.trimmingSpaces() }) where !value.isEmpty && !tools.contains(value) {
            guard tool(value) != nil else {
                throw InputError.unknown("tool", field: field, value: value, valid: self.tools.map(\.id))
            }
            tools.append(value)
        }
        return tools
    }
}

extension Side {
    /// `left`, `right` or `both`, in any case.
    /// - Throws: ``InputError`` (field `side`) naming the valid sides.
    public static func parse(_ text: String) throws(InputError) -> Side {
        guard let side = Side(rawValue: text.trimmingSpaces().lowercased()) else {
            throw InputError.unknown("side", field: "side", value: text, valid: Side.allCases.map(\.rawValue))
        }
        return side
    }
}

/// Pain on the 0–10 numeric rating scale.
public enum PainScore {
    public static let range = 0...10

    /// A whole number from 0 (no pain) to 10 (worst imaginable).
    /// - Throws: ``InputError`` naming the field and the valid range.
    public static func parse(_ text: String, field: String) throws(InputError) -> Int {
        guard let value = Int(text.trimmingSpaces()) else { throw notAScore(text, field: field) }
        try check(value, field: field)
        return value
    }

    /// Checks a score given as a number (an API body).
    /// - Throws: ``InputError`` naming the field and the valid range.
    public static func check(_ value: Int, field: String) throws(InputError) {
        guard range.contains(value) else { throw notAScore(String(value), field: field) }
    }

    private static func notAScore(_ text: String, field: String) -> InputError {
        InputError(
            field: field, value: text,
            problem: "'\(text)' is not a pain score: give a whole number from 0 (no pain) to 10 (worst imaginable)")
    }
}
