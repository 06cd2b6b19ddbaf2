/// Everything Knotwork knows about the protocol: muscles, regions, tools, techniques, screening
/// and the phrases the coach speaks. Built from the bundled JSON files by ``Catalog/bundled()``
/// or from any set of files by ``Catalog/decode(files:)``; always validated.
public struct Catalog: Sendable {
    public let muscles: [Muscle]
    public let regions: [Region]
    public let tools: [Tool]
    public let techniques: [Technique]
    public let limits: Limits
    public let screening: ScreeningContent
    public let phrases: Phrases
    /// The anatomy and a drawing of every step a plan can hold.
    public let drawings: Drawings

    private let muscleIndex: [MuscleID: Int]
    private let regionIndex: [RegionID: Int]
    private let toolIndex: [ToolID: Int]

    init(
        muscles: [Muscle], regions: [Region], tools: [Tool], techniques: [Technique],
        limits: Limits, screening: ScreeningContent, phrases: Phrases, drawings: Drawings
    ) {
        self.muscles = muscles
        self.regions = regions
        self.tools = tools
        self.techniques = techniques
        self.limits = limits
        self.screening = screening
        self.phrases = phrases
        self.drawings = drawings
        muscleIndex = Dictionary(uniqueKeysWithValues: muscles.enumerated().map { ($1.id, $0) })
        regionIndex = Dictionary(uniqueKeysWithValues: regions.enumerated().map { ($1.id, $0) })
        toolIndex = Dictionary(uniqueKeysWithValues: tools.enumerated().map { ($1.id, $0) })
    }

    /// The muscle with this id, if the catalog has one.
    public func muscle(_ id: MuscleID) -> Muscle? { muscleIndex[id].map { muscles[$0] } }
    /// The region with this id, if the catalog has one.
    public func region(_ id: RegionID) -> Region? { regionIndex[id].map { regions[$0] } }
    /// The tool with this id, if the catalog has one.
    public func tool(_ id: ToolID) -> Tool? { toolIndex[id].map { tools[$0] } }
    /// The technique with this id. Every ``TechniqueID`` is present once the catalog is valid.
    public func technique(_ id: TechniqueID) -> Technique {
        guard let technique = techniques.first(where: { $0.id == id }) else {
            preconditionFailure("a validated catalog has every technique; \(id.rawValue) is missing")
        }
        return technique
    }
    /// Position of the muscle in the catalog, used to break ties deterministically.
    func order(of muscle: MuscleID) -> Int { muscleIndex[muscle] ?? Int.max }
}

/// A muscle Knotwork can work on.
public struct Muscle: Codable, Sendable, Equatable {
    public let id: MuscleID
    public let name: String
    public let depth: Depth
    public let actions: [String]
    /// Where its trigger points usually are, in plain words.
    public let triggerPoints: [String]
    /// Regions it may send pain to (the set; the order of typicality lives in ``Region/referredFrom``).
    public let refersTo: [RegionID]
    public let referralSummary: String
    /// Tools that suit it.
    public let tools: [ToolID]
    /// The usual position for each kind of tool it can be worked with.
    public let positions: [ToolKind: String]
    /// A gentler position (standing at a wall, no crossing of the legs) for each kind of tool.
    public let gentlePositions: [ToolKind: String]
    /// A safety note spoken with every step on this muscle done with a tool of that kind
    /// (the sciatic-nerve caution of ball work near it).
    public let cautions: [ToolKind: String]
}

/// A body region where a person can feel pain.
public struct Region: Codable, Sendable, Equatable {
    public let id: RegionID
    public let name: String
    /// Its short name, written on the body map ("Back of thigh").
    public let label: String
    /// Muscles that may refer pain here, most typical first.
    public let referredFrom: [MuscleID]
}

/// A massage tool.
public struct Tool: Codable, Sendable, Equatable {
    public let id: ToolID
    public let name: String
    public let kind: ToolKind
    public let firmness: Firmness
    public let note: String
}

/// A closed range of seconds with a default inside it.
public struct Dosage: Codable, Sendable, Equatable {
    public let min: Int
    public let `default`: Int
    public let max: Int

    public init(min: Int, default value: Int, max: Int) {
        self.min = min
        self.default = value
        self.max = max
    }
}

/// A technique of the protocol with its dosage.
public struct Technique: Codable, Sendable, Equatable {
    public let id: TechniqueID
    public let name: String
    /// Tool kinds the technique is done with; empty for warm-up and hydration.
    public let toolKinds: [ToolKind]
    public let seconds: Dosage
    /// Whether the dosage is per side of the body.
    public let perSide: Bool
    public let instruction: String
    /// The instruction under a precaution that asks for gentle positions (standing at a wall, the
    /// knees below the hips, no crossing of the legs); nil when the usual one already is.
    public let gentleInstruction: String?
}

/// Limits that hold for a whole session.
public struct Limits: Codable, Sendable, Equatable {
    /// Pressure work (rolling, holds, pin and stretch) in one session, at most.
    public let maxPressureSecondsPerSession: Int
    /// Tender spots searched per muscle and side, at most.
    public let maxSpotsPerMusclePerSide: Int
}

/// Screening questions, what each answer means, and the stop signals of a session.
public struct ScreeningContent: Sendable, Equatable {
    public let careLevels: [CareLevel: CareAdvice]
    public let redFlags: [RedFlag]
    /// Questions whose "yes" matters only together with another answer (see ``escalations``).
    public let signs: [Sign]
    /// Answers that together are more urgent than each alone.
    public let escalations: [Escalation]
    public let precautions: [Precaution]
    /// Ids of questions no longer asked: old journals may hold answers to them, which are kept
    /// but mean nothing now.
    public let retiredQuestions: [QuestionID]
    public let stopSignals: [StopSignal]
    /// What the coach says when a stop signal happens during pressure, unless the signal has a
    /// message of its own.
    public let stopMessage: String

    /// Every question in the order they are asked: red flags, signs, then precautions.
    public var questionIDs: [QuestionID] { redFlags.map(\.id) + signs.map(\.id) + precautions.map(\.id) }

    /// The text of a question, by id.
    public func question(_ id: QuestionID) -> String? {
        redFlags.first { $0.id == id }?.question ?? signs.first { $0.id == id }?.question
            ?? precautions.first { $0.id == id }?.question
    }

    /// What the coach says for a stop signal: its own message, or the common one.
    public func stopMessage(for signal: StopSignal.ID) -> String {
        stopSignals.first { $0.id == signal }?.message ?? stopMessage
    }
}

extension ScreeningContent: Encodable {
    private enum CodingKeys: String, CodingKey {
        case careLevels, redFlags, signs, escalations, precautions, stopSignals, stopMessage, checkInQuestions
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(CareLevel.allCases.compactMap { careLevels[$0] }, forKey: .careLevels)
        try container.encode(redFlags, forKey: .redFlags)
        try container.encode(signs, forKey: .signs)
        try container.encode(escalations, forKey: .escalations)
        try container.encode(precautions, forKey: .precautions)
        try container.encode(stopSignals, forKey: .stopSignals)
        try container.encode(stopMessage, forKey: .stopMessage)
        try container.encode(checkInQuestions, forKey: .checkInQuestions)
    }
}

/// Where to get care, and how urgently.
public struct CareAdvice: Codable, Sendable, Equatable {
    public let level: CareLevel
    public let title: String
    public let advice: String
}

/// A question whose "yes" stops self-treatment.
public struct RedFlag: Codable, Sendable, Equatable {
    public let id: QuestionID
    public let level: CareLevel
    public let question: String
}

/// A question whose "yes" stops nothing alone but escalates together with other answers: a
/// nerve sign in a leg, or pain after a minor knock.
public struct Sign: Codable, Sendable, Equatable {
    public let id: QuestionID
    public let question: String
}

/// Answers that together call for care sooner than each alone would (NICE CG75): cancer history
/// with night pain, a red flag with a nerve sign, fragile bones with an injury.
public struct Escalation: Codable, Sendable, Equatable {
    public let id: String
    public let level: CareLevel
    /// Every one of these must be answered yes.
    public let allOf: [QuestionID]
    /// At least one of these must be answered yes (no condition when empty).
    public let anyOf: [QuestionID]
    /// Whether a red flag other than those named must be answered yes too.
    public let withAnotherRedFlag: Bool
    /// Why the combination is urgent, in words.
    public let reason: String

    /// Whether these answers meet the combination.
    public func matches(_ answers: [QuestionID: Bool], redFlags: [RedFlag]) -> Bool {
        guard allOf.allSatisfy({ answers[$0] == true }) else { return false }
        guard anyOf.isEmpty || anyOf.contains(where: { answers[$0] == true }) else { return false }
        guard withAnotherRedFlag else { return true }
        let named = Set(allOf + anyOf)
        return redFlags.contains { !named.contains($0.id) && answers[$0.id] == true }
    }
}

/// A question whose "yes" changes the plan.
public struct Precaution: Codable, Sendable, Equatable {
    public let id: QuestionID
    public let question: String
    /// The change in plain words, as shown to the person.
    public let planChange: String
    /// For a precaution that rules out all pressure work: what the person can still do.
    public let stillAllowed: String?
    public let effects: PrecautionEffects
}

/// How a precaution changes a plan. Every field is optional in the data; absent means no change.
public struct PrecautionEffects: Codable, Sendable, Equatable {
    public var avoidToolKinds: [ToolKind] = []
    public var avoidFirmness: [Firmness] = []
    public var avoidTechniques: [TechniqueID] = []
    public var maxHoldSeconds: Int? = nil
    public var lightPressure: Bool = false
    public var gentlePositions: Bool = false
    public var skipPressureWork: Bool = false
    public var stepNote: String? = nil

    public init() {}
}

/// A sensation during pressure that stops the step at once.
public struct StopSignal: Codable, Sendable, Equatable, Identifiable {
    /// `ss-sharp`, `ss-dizzy`…
    public let id: String
    /// The sensation in words.
    public let signal: String
    /// What the coach says when it happens, when the common stop message does not fit.
    public let message: String?
}

extension Catalog {
    /// What a step asks of the person, in plain words ("Hold the ball on a sore spot in the
    /// gluteus minimus"): the heading every surface shows for it, from the phrases. Records keep
    /// the ids; the words are made when shown.
    public func title(of step: Step) -> String {
        let key = step.technique == .hydrate ? "title.hydrate" : "title.\(step.technique.rawValue)"
        return phrases.render(key, ["muscle": step.muscle.flatMap { muscle($0)?.name.lowercased() } ?? "muscle"])
    }
}

/// Screening questions asked together under one heading, as a phone shows them.
public struct QuestionGroup: Codable, Sendable, Equatable {
    /// The red flags by the care they call for, then the signs, then the precautions.
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case emergency
        case sameDay = "same-day"
        case soon, signs, precautions

        /// The group of the red flags that call for this care.
        public init(_ level: CareLevel) {
            switch level {
            case .emergency: self = .emergency
            case .sameDay: self = .sameDay
            case .soon: self = .soon
            }
        }
    }

    public let id: Kind
    public let title: String
    public let questions: [QuestionID]
}

extension Catalog {
    /// Every screening question once, in the order asked, grouped: the red flags by how urgent
    /// the care they call for is, then the signs, then the precautions; headings from the
    /// phrases.
    public var screeningGroups: [QuestionGroup] {
        let flags = CareLevel.allCases.map { level in
            (QuestionGroup.Kind(level), screening.redFlags.filter { $0.level == level }.map(\.id))
        }
        let groups = flags + [(.signs, screening.signs.map(\.id)), (.precautions, screening.precautions.map(\.id))]
        return groups.filter { !$0.1.isEmpty }.map {
            QuestionGroup(id: $0.0, title: phrases.render(PhraseKey.group($0.0)), questions: $0.1)
        }
    }
}
