import Foundation

extension Catalog {
    /// The data files a catalog is built from.
    public static let fileNames = [
        "muscles.json", "regions.json", "tools.json", "techniques.json", "screening.json", "phrases.en.json", "drawings.json",
    ]

    /// The seed's bounds, which data may narrow but never widen.
    public enum ProtocolBounds {
        /// Sustained ball pressure: 30 to 60 seconds.
        public static let hold = 30...60
        /// Foam rolling: one to two minutes per side.
        public static let foamRoll = 60...120
        /// Pressure work of one session: within 10 minutes.
        public static let maxPressureSeconds = 600
    }

    /// Builds and validates a catalog from the contents of its data files.
    /// - Parameter files: file name → contents, for every name in ``fileNames``.
    /// - Throws: ``CatalogError`` naming the file, entry and field of the first problem found.
    public static func decode(files: [String: Data]) throws(CatalogError) -> Catalog {
        func root(_ name: String) throws(CatalogError) -> JSONReader {
            guard let data = files[name] else { throw CatalogError(file: name, problem: "is missing") }
            return try JSONReader.root(file: name, data: data)
        }
        let tools = try readTools(root("tools.json"))
        let muscles = try readMuscles(root("muscles.json"), tools: tools)
        let regions = try readRegions(root("regions.json"), muscles: muscles)
        let (techniques, limits) = try readTechniques(root("techniques.json"))
        let screening = try readScreening(root("screening.json"), techniques: techniques)
        let phrases = try readPhrases(root("phrases.en.json"))
        let drawings = try readDrawings(root("drawings.json"), muscles: muscles, regions: regions, techniques: techniques)
        return Catalog(
            muscles: muscles, regions: regions, tools: tools, techniques: techniques,
            limits: limits, screening: screening, phrases: phrases, drawings: drawings)
    }

    // MARK: - Tools

    static func readTools(_ root: JSONReader) throws(CatalogError) -> [Tool] {
        var tools: [Tool] = []
        var ids = IDSet(noun: "tool")
        for entry in try root.entries("tools") {
            let id = try ids.claim(entry)
            tools.append(
                Tool(
                    id: id, name: try entry.string("name"), kind: try entry.enumValue("kind", as: ToolKind.self),
                    firmness: try entry.enumValue("firmness", as: Firmness.self), note: try entry.string("note")))
            try entry.finish()
        }
        try root.finish()
        return tools
    }

    // MARK: - Techniques

    static func readTechniques(_ root: JSONReader) throws(CatalogError) -> ([Technique], Limits) {
        var techniques: [Technique] = []
        var ids = IDSet(noun: "technique")
        for entry in try root.entries("techniques") {
            let raw = try ids.claim(entry)
            guard let id = TechniqueID(rawValue: raw) else {
                let valid = TechniqueID.allCases.map(\.rawValue)
                throw entry.fail("id", "unknown technique '\(raw)'; \(Suggestion.hint(for: raw, in: valid))")
            }
            let seconds = try dosage(entry.object("seconds"))
            let bounds: ClosedRange<Int>? =
                switch id {
                case .sustainedPressure: ProtocolBounds.hold
                case .foamRoll: ProtocolBounds.foamRoll
                default: nil
                }
            if let bounds, seconds.min < bounds.lowerBound || seconds.max > bounds.upperBound {
                throw entry.fail(
                    "seconds", "\(seconds.min)–\(seconds.max) s is outside the protocol's \(bounds.lowerBound)–\(bounds.upperBound) s")
            }
            let kinds = try entry.enumValues("toolKinds", as: ToolKind.self, allowEmpty: true)
            if id.isPressure || id == .releaseAndSearch, kinds.isEmpty {
                throw entry.fail("toolKinds", "must list the tool kinds '\(raw)' is done with")
            }
            techniques.append(
                Technique(
                    id: id, name: try entry.string("name"), toolKinds: kinds, seconds: seconds,
                    perSide: try entry.bool("perSide"), instruction: try entry.string("instruction"),
                    gentleInstruction: try entry.optionalString("gentleInstruction")))
            try entry.finish()
        }
        for id in TechniqueID.allCases where !techniques.contains(where: { $0.id == id }) {
            throw root.fail("techniques", "has no entry for technique '\(id.rawValue)'")
        }
        let limitsReader = try root.object("limits")
        let maxPressure = try limitsReader.int("maxPressureSecondsPerSession")
        guard (1...ProtocolBounds.maxPressureSeconds).contains(maxPressure) else {
            throw limitsReader.fail(
                "maxPressureSecondsPerSession",
                "\(maxPressure) is outside 1–\(ProtocolBounds.maxPressureSeconds) (the protocol keeps pressure work within 10 minutes)")
        }
        let maxSpots = try limitsReader.int("maxSpotsPerMusclePerSide")
        guard (1...5).contains(maxSpots) else {
            throw limitsReader.fail("maxSpotsPerMusclePerSide", "\(maxSpots) is outside 1–5")
        }
        try limitsReader.finish()
        try root.finish()
        return (techniques, Limits(maxPressureSecondsPerSession: maxPressure, maxSpotsPerMusclePerSide: maxSpots))
    }

    static func dosage(_ reader: JSONReader) throws(CatalogError) -> Dosage {
        let dosage = Dosage(min: try reader.int("min"), default: try reader.int("default"), max: try reader.int("max"))
        guard dosage.min > 0 else { throw reader.fail("min", "must be more than 0 seconds") }
        guard dosage.min <= dosage.default, dosage.default <= dosage.max else {
            throw reader.fail("default", "must lie within min–max (\(dosage.min)–\(dosage.max)), found \(dosage.default)")
        }
        try reader.finish()
        return dosage
    }

    // MARK: - Shared rules

    static func noDuplicates(_ values: [String], field: String, in entry: JSONReader) throws(CatalogError) {
        var seen: Set<String> = []
        for (index, value) in values.enumerated() where !seen.insert(value).inserted {
            throw entry.fail("\(field)[\(index)]", "'\(value)' is listed twice")
        }
    }
}

/// Ids already used in a file: rejects duplicates and ids that are not kebab-case.
struct IDSet {
    let noun: String
    private var seen: Set<String> = []

    init(noun: String) { self.noun = noun }

    mutating func claim(_ entry: JSONReader, prefix: String = "") throws(CatalogError) -> String {
        let id = try entry.string("id")
        guard Self.isKebabCase(id) else {
            throw entry.fail("id", "'\(id)' must be kebab-case: lower-case letters and digits joined by single hyphens")
        }
        guard id.hasPrefix(prefix) else {
            throw entry.fail("id", "'\(id)' must start with '\(prefix)'")
        }
        guard seen.insert(id).inserted else {
            throw entry.fail("id", "duplicate \(noun) id '\(id)'")
        }
        return id
    }

    static func isKebabCase(_ id: String) -> Bool {
        let parts = id.split(separator: "-", omittingEmptySubsequences: false)
        return !parts.isEmpty
            && parts.allSatisfy { part in
                !part.isEmpty && part.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber) }
            }
    }
}
