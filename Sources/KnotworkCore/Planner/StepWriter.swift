/// Lays the chosen doses out as ordered steps with their cues and reasons.
struct StepWriter {
    let catalog: Catalog
    let request: PlanRequest
    let constraints: Constraints
    let budget: Budget

    private var phrases: Phrases { catalog.phrases }

    func steps(for units: [Unit]) -> [Step] {
        var drafts: [Draft] = []
        let warmUp = catalog.technique(.warmUp)
        drafts.append(
            Draft(
                technique: .warmUp, seconds: budget.warmUp, range: warmUp.seconds,
                cue: phrases.render(
                    "step.warm-up",
                    ["duration": TimeText.spoken(budget.warmUp), "instruction": warmUp.instruction]),
                why: phrases.render("why.warm-up")))
        drafts.append(hydrate(before: true))

        let sides = request.side.bodySides
        // Broad work first: every rolling unit, side by side.
        for unit in units where !unit.isBall {
            for side in sides {
                drafts.append(pressureStep(.foamRoll, unit: unit, side: side, seconds: unit.seconds, spot: nil))
            }
        }
        // Then precise work, one side at a time, most typical muscle first.
        for side in sides {
            for unit in units where unit.isBall {
                for spot in 1...unit.spots {
                    drafts.append(pressureStep(.sustainedPressure, unit: unit, side: side, seconds: unit.seconds, spot: spot))
                    if unit.pin > 0 {
                        drafts.append(pressureStep(.pinAndStretch, unit: unit, side: side, seconds: unit.pin, spot: spot))
                    }
                    if spot < unit.spots {
                        drafts.append(releaseStep(unit: unit, side: side, spot: spot))
                    }
                }
            }
        }
        drafts.append(hydrate(before: false))
        return drafts.enumerated().map { index, draft in draft.step(number: index + 1) }
    }

    private func hydrate(before: Bool) -> Draft {
        let technique = catalog.technique(.hydrate)
        let key = before ? "hydrate-before" : "hydrate-after"
        return Draft(
            technique: .hydrate, seconds: budget.hydrate, range: technique.seconds,
            cue: phrases.render("step." + key, ["instruction": technique.instruction]),
            why: phrases.render("why." + key))
    }

    private func values(unit: Unit, side: BodySide, seconds: Int, technique: Technique) -> [String: String] {
        let positions = constraints.gentlePositions ? unit.muscle.gentlePositions : unit.muscle.positions
        return [
            "side": side.rawValue,
            "muscle": unit.muscle.name.lowercased(),
            "tool": unit.tool.name.lowercased(),
            "duration": TimeText.spoken(seconds),
            "position": positions[unit.tool.kind] ?? "",
            "instruction": technique.instruction,
            "regions": regionList(for: unit.muscle),
        ]
    }

    private func pressureStep(_ id: TechniqueID, unit: Unit, side: BodySide, seconds: Int, spot: Int?) -> Draft {
        let technique = catalog.technique(id)
        var cue = phrases.render("step." + id.rawValue, values(unit: unit, side: side, seconds: seconds, technique: technique))
        var extras: [String] = []
        if constraints.lightPressure { extras.append(phrases.render("cue.light-pressure")) }
        extras += constraints.stepNotes
        if let caution = unit.muscle.caution { extras.append(caution) }
        if !extras.isEmpty { cue += " " + extras.joined(separator: " ") }

        var range = technique.seconds
        if id == .sustainedPressure, let cap = constraints.maxHoldSeconds {
            range = Dosage(min: range.min, default: min(range.default, cap), max: min(range.max, cap))
        }
        return Draft(
            technique: id, muscle: unit.muscle.id, tool: unit.tool.id, side: side, seconds: seconds,
            range: Dosage(min: range.min, default: seconds, max: range.max), spot: spot, cue: cue,
            why: phrases.render("why." + id.rawValue, values(unit: unit, side: side, seconds: seconds, technique: technique)))
    }

    private func releaseStep(unit: Unit, side: BodySide, spot: Int) -> Draft {
        let technique = catalog.technique(.releaseAndSearch)
        let values = values(unit: unit, side: side, seconds: budget.release, technique: technique)
        return Draft(
            technique: .releaseAndSearch, muscle: unit.muscle.id, tool: unit.tool.id, side: side,
            seconds: budget.release, range: technique.seconds, spot: spot,
            cue: phrases.render("step.release-and-search", values),
            why: phrases.render("why.release-and-search", values))
    }

    /// The named regions this muscle may refer pain to, in words: "low back and outer hip".
    private func regionList(for muscle: Muscle) -> String {
        let names = request.regions.filter { muscle.refersTo.contains($0) }.map {
            $0.replacingHyphens()
        }
        switch names.count {
        case 0: return ""
        case 1: return names[0]
        default: return names.dropLast().joined(separator: ", ") + " and " + names[names.count - 1]
        }
    }
}

/// A step before it has its number.
private struct Draft {
    var technique: TechniqueID
    var muscle: MuscleID? = nil
    var tool: ToolID? = nil
    var side: BodySide? = nil
    var seconds: Int
    var range: Dosage
    var spot: Int? = nil
    var cue: String
    var why: String

    func step(number: Int) -> Step {
        Step(
            number: number, technique: technique, muscle: muscle, tool: tool, side: side, seconds: seconds,
            range: range, pressure: technique.isPressure, spot: spot, cue: cue, why: why)
    }
}

extension String {
    func replacingHyphens() -> String { String(map { $0 == "-" ? " " : $0 }) }
}
