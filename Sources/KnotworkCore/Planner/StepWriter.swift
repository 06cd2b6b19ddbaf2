/// Lays the chosen doses out as ordered steps, and writes every step's cue and reason from the
/// catalog's words under the request's precautions: for the planner's own plans, and again for
/// a plan made elsewhere, so the coach only ever says Knotwork's words.
struct StepWriter {
    let catalog: Catalog
    let request: PlanRequest
    let constraints: Constraints

    private var phrases: Phrases { catalog.phrases }

    func steps(for units: [Unit], budget: Budget) -> [Step] {
        var drafts: [Draft] = []
        drafts.append(Draft(technique: .warmUp, seconds: budget.warmUp, range: catalog.technique(.warmUp).seconds))
        drafts.append(Draft(technique: .hydrate, seconds: budget.hydrate, range: catalog.technique(.hydrate).seconds))

        let sides = request.side.bodySides
        // Broad work first: every rolling unit, side by side.
        for unit in units where !unit.isBall {
            for side in sides {
                drafts.append(pressureDraft(.foamRoll, unit: unit, side: side, seconds: unit.seconds, spot: nil))
            }
        }
        // Then precise work, one side at a time, most typical muscle first.
        for side in sides {
            for unit in units where unit.isBall {
                for spot in 1...unit.spots {
                    drafts.append(pressureDraft(.sustainedPressure, unit: unit, side: side, seconds: unit.seconds, spot: spot))
                    if unit.pin > 0 {
                        drafts.append(pressureDraft(.pinAndStretch, unit: unit, side: side, seconds: unit.pin, spot: spot))
                    }
                    if spot < unit.spots {
                        drafts.append(
                            Draft(
                                technique: .releaseAndSearch, muscle: unit.muscle.id, tool: unit.tool.id, side: side,
                                seconds: budget.release, range: catalog.technique(.releaseAndSearch).seconds, spot: spot))
                    }
                }
            }
        }
        drafts.append(Draft(technique: .hydrate, seconds: budget.hydrate, range: catalog.technique(.hydrate).seconds))
        let last = drafts.count - 1
        return drafts.enumerated().map { index, draft in
            let (cue, why) = words(for: draft, first: index < last)
            return Step(
                number: index + 1, technique: draft.technique, muscle: draft.muscle, tool: draft.tool, side: draft.side,
                seconds: draft.seconds, range: draft.range, pressure: draft.technique.isPressure, spot: draft.spot, cue: cue,
                why: why, drawing: drawing(for: draft))
        }
    }

    /// The steps of a plan with their cues and reasons written anew from the catalog; every other
    /// field is kept. The plan must have passed ``Planner/violations(of:)``.
    func rewritten(_ steps: [Step]) -> [Step] {
        let last = steps.count - 1
        return steps.enumerated().map { index, step in
            let draft = Draft(
                technique: step.technique, muscle: step.muscle, tool: step.tool, side: step.side, seconds: step.seconds,
                range: step.range, spot: step.spot)
            let (cue, why) = words(for: draft, first: index < last)
            return Step(
                number: step.number, technique: step.technique, muscle: step.muscle, tool: step.tool, side: step.side,
                seconds: step.seconds, range: step.range, pressure: step.pressure, spot: step.spot, cue: cue, why: why,
                drawing: drawing(for: draft))
        }
    }

    /// The drawing of a step, in the gentle position when a precaution asks for one.
    private func drawing(for draft: Draft) -> String? {
        let kind = draft.tool.flatMap { catalog.tool($0)?.kind }
        return catalog.drawings.id(
            technique: draft.technique, muscle: draft.muscle, toolKind: kind, gentle: constraints.gentlePositions)
    }

    private func pressureDraft(_ id: TechniqueID, unit: Unit, side: BodySide, seconds: Int, spot: Int?) -> Draft {
        var range = catalog.technique(id).seconds
        if id == .sustainedPressure, let cap = constraints.maxHoldSeconds {
            range = Dosage(min: range.min, default: min(range.default, cap), max: min(range.max, cap))
        }
        return Draft(
            technique: id, muscle: unit.muscle.id, tool: unit.tool.id, side: side, seconds: seconds,
            range: Dosage(min: range.min, default: seconds, max: range.max), spot: spot)
    }

    /// What the coach says as a step begins, and why the step is there. `first` tells the water
    /// before the session from the water after it.
    private func words(for draft: Draft, first: Bool) -> (cue: String, why: String) {
        let technique = catalog.technique(draft.technique)
        let instruction = constraints.gentlePositions ? technique.gentleInstruction ?? technique.instruction : technique.instruction
        let words = StepWords(draft.technique, first: first)
        switch draft.technique {
        case .warmUp:
            return (
                phrases.render(PhraseKey.step(words), ["duration": TimeText.spoken(draft.seconds), "instruction": instruction]),
                phrases.render(PhraseKey.why(words))
            )
        case .hydrate:
            return (phrases.render(PhraseKey.step(words), ["instruction": instruction]), phrases.render(PhraseKey.why(words)))
        case .foamRoll, .sustainedPressure, .pinAndStretch, .releaseAndSearch:
            guard let muscleID = draft.muscle, let muscle = catalog.muscle(muscleID), let toolID = draft.tool,
                let tool = catalog.tool(toolID), let side = draft.side
            else {
                return (instruction, "")
            }
            let values = values(muscle: muscle, tool: tool, side: side, seconds: draft.seconds, instruction: instruction)
            var cue = phrases.render(PhraseKey.step(words), values)
            if draft.technique.isPressure {
                var extras: [String] = []
                if constraints.lightPressure { extras.append(phrases.render("cue.light-pressure")) }
                extras += constraints.stepNotes
                if let caution = muscle.cautions[tool.kind] { extras.append(caution) }
                if !extras.isEmpty { cue += " " + extras.joined(separator: " ") }
            }
            return (cue, phrases.render(PhraseKey.why(words), values))
        }
    }

    private func values(muscle: Muscle, tool: Tool, side: BodySide, seconds: Int, instruction: String) -> [String: String] {
        let positions = constraints.gentlePositions ? muscle.gentlePositions : muscle.positions
        return [
            "side": catalog.name(of: side),
            "muscle": muscle.name.lowercased(),
            "tool": tool.name.lowercased(),
            "duration": TimeText.spoken(seconds),
            "position": positions[tool.kind] ?? "",
            "instruction": instruction,
            "regions": regionList(for: muscle),
        ]
    }

    /// The named regions this muscle may refer pain to, by name: "low back and outer hip".
    private func regionList(for muscle: Muscle) -> String {
        phrases.list(
            request.regions.filter { muscle.refersTo.contains($0) }.map { catalog.region($0)?.name.lowercased() ?? $0 })
    }
}

/// A step before it has its number and words.
private struct Draft {
    var technique: TechniqueID
    var muscle: MuscleID? = nil
    var tool: ToolID? = nil
    var side: BodySide? = nil
    var seconds: Int
    var range: Dosage
    var spot: Int? = nil
}
