extension Catalog {
    // MARK: - Screening

    static func readScreening(
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

    static func question(_ entry: JSONReader) throws(CatalogError) -> String {
        let text = try entry.string("question")
        guard text.hasSuffix("?") else { throw entry.fail("question", "must be a question ending in '?'") }
        return text
    }

    static func effects(_ reader: JSONReader, hold: Dosage?) throws(CatalogError) -> PrecautionEffects {
        var effects = PrecautionEffects()
        effects.avoidToolKinds = try reader.enumValues("avoidToolKinds", as: ToolKind.self, allowEmpty: true)
        effects.avoidFirmness = try reader.enumValues("avoidFirmness", as: Firmness.self, allowEmpty: true)
        effects.avoidTechniques = try reader.enumValues("avoidTechniques", as: TechniqueID.self, allowEmpty: true)
        for (index, technique) in effects.avoidTechniques.enumerated() where !technique.isPressure {
            throw reader.fail(
                "avoidTechniques[\(index)]", "'\(technique.rawValue)' is not pressure work; only pressure techniques can be avoided")
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

    static func readPhrases(_ root: JSONReader) throws(CatalogError) -> Phrases {
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
}
