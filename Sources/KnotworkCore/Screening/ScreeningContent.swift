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
