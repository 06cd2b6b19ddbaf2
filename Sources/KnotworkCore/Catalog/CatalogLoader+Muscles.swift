extension Catalog {
    // MARK: - Muscles

    static func readMuscles(_ root: JSONReader, tools: [Tool]) throws(CatalogError) -> [Muscle] {
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
    static func positionMap(
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
    static func cautionMap(_ map: JSONReader, kinds: Set<ToolKind>) throws(CatalogError) -> [ToolKind: String] {
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

    static func readRegions(_ root: JSONReader, muscles: [Muscle]) throws(CatalogError) -> [Region] {
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
    static func checkReferrals(muscles: [Muscle], regions: [Region]) throws(CatalogError) {
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
}
