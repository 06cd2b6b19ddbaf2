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

    private static func readTools(_ root: JSONReader) throws(CatalogError) -> [Tool] {
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

    // MARK: - Muscles

    private static func readMuscles(_ root: JSONReader, tools: [Tool]) throws(CatalogError) -> [Muscle] {
        let toolIDs = tools.map(\.id)
        var muscles: [Muscle] = []
        var ids = IDSet(noun: "muscle")
        for entry in try root.entries("muscles") {
            let id = try ids.claim(entry)
            let muscleTools = try entry.strings("tools")
            for (index, tool) in muscleTools.enumerated() where !toolIDs.contains(tool) {
                throw entry.fail("tools[\(index)]", "unknown tool '\(tool)'; \(Suggestion.hint(for: tool, in: toolIDs))")
            }
            try noDuplicates(muscleTools, field: "tools", in: entry)
            let kinds = Set(muscleTools.compactMap { id in tools.first { $0.id == id }?.kind })
            let positions = try positionMap("positions", kinds: kinds, in: entry)
            let gentle = try positionMap("gentlePositions", kinds: kinds, in: entry)
            let cautions = try cautionMap(entry.object("cautions"), kinds: kinds)
            let refersTo = try entry.strings("refersTo")
            try noDuplicates(refersTo, field: "refersTo", in: entry)
            muscles.append(
                Muscle(
                    id: id, name: try entry.string("name"), depth: try entry.enumValue("depth", as: Depth.self),
                    actions: try entry.strings("actions"), triggerPoints: try entry.strings("triggerPoints"),
                    refersTo: refersTo, referralSummary: try entry.string("referralSummary"),
                    tools: muscleTools, positions: positions, gentlePositions: gentle, cautions: cautions))
            try entry.finish()
        }
        try root.finish()
        return muscles
    }

    /// A map from tool kind to a position cue, with exactly one entry per kind the muscle uses.
    private static func positionMap(
        _ key: String, kinds: Set<ToolKind>, in entry: JSONReader
    ) throws(CatalogError) -> [ToolKind: String] {
        let map = try entry.object(key)
        var positions: [ToolKind: String] = [:]
        for kind in ToolKind.allCases where kinds.contains(kind) {
            positions[kind] = try map.string(kind.rawValue)
        }
        try map.finish()
        return positions
    }

    /// Safety notes by tool kind: only kinds the muscle is worked with, each optional.
    private static func cautionMap(_ map: JSONReader, kinds: Set<ToolKind>) throws(CatalogError) -> [ToolKind: String] {
        var cautions: [ToolKind: String] = [:]
        for key in map.keys.sorted() {
            guard let kind = ToolKind(rawValue: key), kinds.contains(kind) else {
                let valid = ToolKind.allCases.filter { kinds.contains($0) }.map(\.rawValue)
                throw map.fail(key, "is not a kind of tool this muscle is worked with; \(Suggestion.hint(for: key, in: valid))")
            }
            cautions[kind] = try map.string(key)
        }
        try map.finish()
        return cautions
    }

    // MARK: - Regions

    private static func readRegions(_ root: JSONReader, muscles: [Muscle]) throws(CatalogError) -> [Region] {
        let muscleIDs = muscles.map(\.id)
        var regions: [Region] = []
        var ids = IDSet(noun: "region")
        for entry in try root.entries("regions") {
            let id = try ids.claim(entry)
            let label = try entry.string("label")
            guard (1...16).contains(label.count) else {
                throw entry.fail("label", "'\(label)' must be 1 to 16 characters: it is written on the body map")
            }
            let referredFrom = try entry.strings("referredFrom")
            try noDuplicates(referredFrom, field: "referredFrom", in: entry)
            for (index, muscleID) in referredFrom.enumerated() where !muscleIDs.contains(muscleID) {
                throw entry.fail(
                    "referredFrom[\(index)]",
                    "unknown muscle '\(muscleID)'; \(Suggestion.hint(for: muscleID, in: muscleIDs))")
            }
            regions.append(Region(id: id, name: try entry.string("name"), label: label, referredFrom: referredFrom))
            try entry.finish()
        }
        try root.finish()
        try checkReferrals(muscles: muscles, regions: regions)
        return regions
    }

    /// The referral map is written twice, once per file; the two must agree.
    private static func checkReferrals(muscles: [Muscle], regions: [Region]) throws(CatalogError) {
        let regionIDs = regions.map(\.id)
        for muscle in muscles {
            for (index, regionID) in muscle.refersTo.enumerated() where !regionIDs.contains(regionID) {
                throw CatalogError(
                    file: "muscles.json", entry: muscle.id, field: "refersTo[\(index)]",
                    problem: "unknown region '\(regionID)'; \(Suggestion.hint(for: regionID, in: regionIDs))")
            }
        }
        for region in regions {
            for (index, muscleID) in region.referredFrom.enumerated() {
                guard let muscle = muscles.first(where: { $0.id == muscleID }), muscle.refersTo.contains(region.id) else {
                    throw CatalogError(
                        file: "regions.json", entry: region.id, field: "referredFrom[\(index)]",
                        problem: "muscle '\(muscleID)' does not list '\(region.id)' in its refersTo (muscles.json); the two must agree")
                }
            }
        }
        for muscle in muscles {
            for (index, regionID) in muscle.refersTo.enumerated() {
                guard let region = regions.first(where: { $0.id == regionID }), region.referredFrom.contains(muscle.id) else {
                    throw CatalogError(
                        file: "muscles.json", entry: muscle.id, field: "refersTo[\(index)]",
                        problem: "region '\(regionID)' does not list this muscle in its referredFrom (regions.json); the two must agree")
                }
            }
        }
    }

    // MARK: - Techniques

    private static func readTechniques(_ root: JSONReader) throws(CatalogError) -> ([Technique], Limits) {
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

    private static func dosage(_ reader: JSONReader) throws(CatalogError) -> Dosage {
        let dosage = Dosage(min: try reader.int("min"), default: try reader.int("default"), max: try reader.int("max"))
        guard dosage.min > 0 else { throw reader.fail("min", "must be more than 0 seconds") }
        guard dosage.min <= dosage.default, dosage.default <= dosage.max else {
            throw reader.fail("default", "must lie within min–max (\(dosage.min)–\(dosage.max)), found \(dosage.default)")
        }
        try reader.finish()
        return dosage
    }

    // MARK: - Screening

    private static func readScreening(
        _ root: JSONReader, techniques: [Technique]
    ) throws(CatalogError) -> ScreeningContent {
        var careLevels: [CareLevel: CareAdvice] = [:]
        var levelIDs = IDSet(noun: "care level")
        for entry in try root.entries("careLevels") {
            let raw = try levelIDs.claim(entry)
            guard let level = CareLevel(rawValue: raw) else {
                let valid = CareLevel.allCases.map(\.rawValue)
                throw entry.fail("id", "unknown care level '\(raw)'; \(Suggestion.hint(for: raw, in: valid))")
            }
            careLevels[level] = CareAdvice(level: level, title: try entry.string("title"), advice: try entry.string("advice"))
            try entry.finish()
        }
        for level in CareLevel.allCases where careLevels[level] == nil {
            throw root.fail("careLevels", "has no entry for level '\(level.rawValue)'")
        }

        var questionIDs = IDSet(noun: "question")
        var redFlags: [RedFlag] = []
        for entry in try root.entries("redFlags") {
            let id = try questionIDs.claim(entry, prefix: "rf-")
            redFlags.append(
                RedFlag(
                    id: id, level: try entry.enumValue("level", as: CareLevel.self),
                    question: try question(entry)))
            try entry.finish()
        }

        var signs: [Sign] = []
        for entry in try root.entries("signs") {
            signs.append(Sign(id: try questionIDs.claim(entry, prefix: "sg-"), question: try question(entry)))
            try entry.finish()
        }

        let hold = techniques.first { $0.id == .sustainedPressure }?.seconds
        var precautions: [Precaution] = []
        for entry in try root.entries("precautions") {
            let id = try questionIDs.claim(entry, prefix: "pc-")
            let effects = try effects(entry.object("effects"), hold: hold)
            let stillAllowed = try entry.optionalString("stillAllowed")
            if effects.skipPressureWork, stillAllowed == nil {
                throw entry.fail("stillAllowed", "is missing: a precaution that rules out pressure work says what is still allowed")
            }
            if !effects.skipPressureWork, stillAllowed != nil {
                throw entry.fail("stillAllowed", "is only for a precaution whose effects include skipPressureWork")
            }
            precautions.append(
                Precaution(
                    id: id, question: try question(entry), planChange: try entry.string("planChange"),
                    stillAllowed: stillAllowed, effects: effects))
            try entry.finish()
        }

        let asked = redFlags.map(\.id) + signs.map(\.id) + precautions.map(\.id)
        var escalationIDs = IDSet(noun: "escalation")
        var escalations: [Escalation] = []
        for entry in try root.entries("escalations") {
            let id = try escalationIDs.claim(entry)
            let allOf = try entry.optionalStrings("allOf")
            let anyOf = try entry.optionalStrings("anyOf")
            for (field, ids) in [("allOf", allOf), ("anyOf", anyOf)] {
                for (index, question) in ids.enumerated() where !asked.contains(question) {
                    throw entry.fail("\(field)[\(index)]", "unknown question '\(question)'; \(Suggestion.hint(for: question, in: asked))")
                }
                try noDuplicates(ids, field: field, in: entry)
            }
            let withAnother = try entry.bool("withAnotherRedFlag", default: false)
            guard allOf.count + anyOf.count + (withAnother ? 1 : 0) >= 2 else {
                throw entry.fail("allOf", "a combination needs at least two answers (allOf, anyOf, withAnotherRedFlag)")
            }
            escalations.append(
                Escalation(
                    id: id, level: try entry.enumValue("level", as: CareLevel.self), allOf: allOf, anyOf: anyOf,
                    withAnotherRedFlag: withAnother, reason: try entry.string("reason")))
            try entry.finish()
        }
        let retired = try root.optionalStrings("retiredQuestions")
        for (index, id) in retired.enumerated() where asked.contains(id) {
            throw root.fail("retiredQuestions[\(index)]", "'\(id)' is still asked; a retired id is one no longer in the questions")
        }

        var signalIDs = IDSet(noun: "stop signal")
        var stopSignals: [StopSignal] = []
        for entry in try root.entries("stopSignals") {
            stopSignals.append(
                StopSignal(
                    id: try signalIDs.claim(entry, prefix: "ss-"), signal: try entry.string("signal"),
                    message: try entry.optionalString("message")))
            try entry.finish()
        }
        let stopMessage = try root.string("stopMessage")
        try root.finish()
        return ScreeningContent(
            careLevels: careLevels, redFlags: redFlags, signs: signs, escalations: escalations, precautions: precautions,
            retiredQuestions: retired, stopSignals: stopSignals, stopMessage: stopMessage)
    }

    private static func question(_ entry: JSONReader) throws(CatalogError) -> String {
        let text = try entry.string("question")
        guard text.hasSuffix("?") else { throw entry.fail("question", "must be a question ending in '?'") }
        return text
    }

    private static func effects(_ reader: JSONReader, hold: Dosage?) throws(CatalogError) -> PrecautionEffects {
        var effects = PrecautionEffects()
        effects.avoidToolKinds = try reader.enumValues("avoidToolKinds", as: ToolKind.self, allowEmpty: true)
        effects.avoidFirmness = try reader.enumValues("avoidFirmness", as: Firmness.self, allowEmpty: true)
        effects.avoidTechniques = try reader.enumValues("avoidTechniques", as: TechniqueID.self, allowEmpty: true)
        for (index, technique) in effects.avoidTechniques.enumerated() where !technique.isPressure {
            throw reader.fail("avoidTechniques[\(index)]", "'\(technique.rawValue)' is not pressure work; only pressure techniques can be avoided")
        }
        effects.maxHoldSeconds = try reader.optionalInt("maxHoldSeconds")
        if let max = effects.maxHoldSeconds, let hold, !(hold.min...hold.max).contains(max) {
            throw reader.fail("maxHoldSeconds", "\(max) s is outside the hold's \(hold.min)–\(hold.max) s")
        }
        effects.lightPressure = try reader.bool("lightPressure", default: false)
        effects.gentlePositions = try reader.bool("gentlePositions", default: false)
        effects.skipPressureWork = try reader.bool("skipPressureWork", default: false)
        effects.stepNote = try reader.optionalString("stepNote")
        try reader.finish()
        return effects
    }

    // MARK: - Phrases

    private static func readPhrases(_ root: JSONReader) throws(CatalogError) -> Phrases {
        let map = try root.object("phrases")
        var templates: [String: Template] = [:]
        let known = Phrases.required.keys.sorted()
        for key in map.keys {
            guard let allowed = Phrases.required[key] else {
                throw map.fail(key, "is not a phrase Knotwork uses; \(Suggestion.hint(for: key, in: known))")
            }
            let template = Template(try map.string(key))
            guard template.isWellFormed else {
                throw map.fail(key, "has an unclosed or malformed {placeholder}")
            }
            for name in template.placeholders where !allowed.contains(name) {
                let valid = allowed.sorted()
                throw map.fail(
                    key,
                    "unknown placeholder '{\(name)}'; "
                        + (valid.isEmpty ? "this phrase takes none" : Suggestion.hint(for: name, in: valid)))
            }
            templates[key] = template
        }
        for key in known where templates[key] == nil {
            throw map.fail(key, "is missing")
        }
        try map.finish()
        try root.finish()
        return Phrases(templates: templates)
    }

    // MARK: - Shared rules

    private static func noDuplicates(_ values: [String], field: String, in entry: JSONReader) throws(CatalogError) {
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
