// The planner's working types: a candidate muscle, a unit of work, the constraints and the time budget.

/// A muscle that may refer pain to a named region, and what the planner decided for it.
struct Candidate: Sendable {
    let muscle: Muscle
    let referrals: [MuscleChoice.Referral]
    let score: Double
    var technique: TechniqueID?
    var tool: Tool?
    /// Had deep pressure within ``Planner/restHours``: rolling only.
    var rested = false
    /// Why it is left out, in words from the phrases.
    var reason = ""
    /// Why it cannot be worked, with the ids a person passes to options: for the error when
    /// nothing can be.
    var problem = ""

    /// The muscle as the plan shows it, with why it is in or out in words from the phrases:
    /// the regions it may send pain to by name, and the tool by name.
    func summary(units: [Unit], catalog: Catalog) -> MuscleChoice {
        let phrases = catalog.phrases
        let included = units.contains { $0.muscle.id == muscle.id }
        let regions = referrals.map { referral in
            phrases.render(
                "choice.region",
                ["region": catalog.region(referral.region)?.name.lowercased() ?? referral.region, "rank": String(referral.rank)])
        }
        let refers = phrases.render("choice.refers", ["regions": phrases.list(regions)])
        let why: String
        if included, let technique, let tool {
            let key = rested ? "choice.rolling-only" : technique == .foamRoll ? "choice.rolled" : "choice.held"
            why = phrases.render(key, ["tool": tool.name.lowercased(), "hours": String(Planner.restHours)])
        } else {
            why = reason
        }
        let words = phrases.render("choice.reason", ["refers": refers, "why": why])
        return MuscleChoice(
            muscle: muscle.id, name: muscle.name, referrals: referrals, score: score, included: included,
            technique: included ? technique : nil, tool: included ? tool?.id : nil, reason: words)
    }
}

/// A muscle's dose for each side: rolling seconds, or ball holds with optional pin and stretch
/// over one or more tender spots.
struct Unit: Sendable, Equatable {
    let muscle: Muscle
    let score: Double
    let technique: TechniqueID
    let tool: Tool
    /// Rolling seconds, or seconds of each hold.
    var seconds: Int
    /// Seconds of pin and stretch after each hold; 0 for none.
    var pin: Int
    /// Tender spots per side.
    var spots: Int

    init(candidate: Candidate, technique: TechniqueID, tool: Tool, seconds: Int, pin: Int, spots: Int) {
        muscle = candidate.muscle
        score = candidate.score
        self.technique = technique
        self.tool = tool
        self.seconds = seconds
        self.pin = pin
        self.spots = spots
    }

    var isBall: Bool { technique == .sustainedPressure }
    var pressurePerSide: Int { isBall ? spots * (seconds + pin) : seconds }
    func timePerSide(release: Int) -> Int { pressurePerSide + (isBall ? (spots - 1) * release : 0) }
}

/// The rules precautions add to a plan.
struct Constraints: Sendable {
    var avoidKinds: Set<ToolKind> = []
    var avoidFirmness: Set<Firmness> = []
    var avoidTechniques: Set<TechniqueID> = []
    var maxHoldSeconds: Int?
    var lightPressure = false
    var gentlePositions = false
    var stepNotes: [String] = []
    var sources: [QuestionID] = []

    init(_ precautions: [Precaution]) {
        for precaution in precautions {
            let effects = precaution.effects
            avoidKinds.formUnion(effects.avoidToolKinds)
            avoidFirmness.formUnion(effects.avoidFirmness)
            avoidTechniques.formUnion(effects.avoidTechniques)
            if let max = effects.maxHoldSeconds { maxHoldSeconds = min(maxHoldSeconds ?? max, max) }
            lightPressure = lightPressure || effects.lightPressure
            gentlePositions = gentlePositions || effects.gentlePositions
            if let note = effects.stepNote, !stepNotes.contains(note) { stepNotes.append(note) }
            sources.append(precaution.id)
        }
    }

    func allows(_ tool: Tool) -> Bool { !avoidKinds.contains(tool.kind) && !avoidFirmness.contains(tool.firmness) }

    /// Whether a spot's continuous pressure (a hold and its pin and stretch) keeps the cap.
    func allowsPeriod(_ unit: Unit) -> Bool {
        guard unit.isBall, let cap = maxHoldSeconds else { return true }
        return unit.seconds + unit.pin <= cap
    }
}

/// The time of a session: the fixed steps, and what pressure work has used so far.
struct Budget: Sendable {
    let totalSeconds: Int
    let sides: Int
    let pressureCap: Int
    let hydrate: Int
    let release: Int
    let warmUpRange: Dosage
    private(set) var warmUp: Int
    private(set) var pressureUsed = 0
    private(set) var workUsed = 0

    init(catalog: Catalog, request: PlanRequest) {
        totalSeconds = request.minutes * 60
        sides = request.side.bodySides.count
        pressureCap = catalog.limits.maxPressureSecondsPerSession
        hydrate = catalog.technique(.hydrate).seconds.default
        release = catalog.technique(.releaseAndSearch).seconds.default
        warmUpRange = catalog.technique(.warmUp).seconds
        // A fifth of the session, in whole ten seconds, between the minimum and the default.
        warmUp = min(max(totalSeconds / 5 / 10 * 10, warmUpRange.min), warmUpRange.default)
    }

    var fixedSeconds: Int { warmUp + 2 * hydrate }

    func fits(adding unit: Unit) -> Bool {
        !pressureFull(adding: unit)
            && fixedSeconds + workUsed + sides * unit.timePerSide(release: release) <= totalSeconds
    }

    func pressureFull(adding unit: Unit) -> Bool { pressureUsed + sides * unit.pressurePerSide > pressureCap }

    mutating func add(_ unit: Unit) {
        pressureUsed += sides * unit.pressurePerSide
        workUsed += sides * unit.timePerSide(release: release)
    }

    mutating func remove(_ unit: Unit) {
        pressureUsed -= sides * unit.pressurePerSide
        workUsed -= sides * unit.timePerSide(release: release)
    }

    /// Gives time left over to the warm-up, up to its default length.
    mutating func growWarmUp() {
        let spare = totalSeconds - fixedSeconds - workUsed
        warmUp = min(warmUpRange.default, warmUp + max(0, spare) / 10 * 10)
    }

    /// Whole minutes a session with just this muscle at its smallest dose needs.
    func minimumMinutes(for candidate: Candidate, catalog: Catalog) -> Int {
        guard let technique = candidate.technique else { return PlanRequest.minutesRange.upperBound }
        let seconds = warmUpRange.min + 2 * hydrate + sides * catalog.technique(technique).seconds.min
        return (seconds + 59) / 60
    }
}
