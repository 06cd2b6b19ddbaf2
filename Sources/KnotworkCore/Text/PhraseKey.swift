/// The phrase keys that follow one of the model's closed sets, each family spelled here once
/// from its enum: code asks for `PhraseKey.side(.left)`, never `"side." + name`. A test holds
/// that ``Phrases/required`` lists the key of every case, so a case added to one of these enums
/// is a phrase the catalog must give before it loads.
public enum PhraseKey {
    /// A heading of the screening questions (`group.same-day`).
    public static func group(_ group: QuestionGroup.Kind) -> String { "group." + group.rawValue }

    /// A side's name (`side.left`).
    public static func side(_ side: BodySide) -> String { "side." + side.rawValue }

    /// Why a session may or may not start (`clearance.expired`).
    public static func clearance(_ reason: Clearance.Reason) -> String { "clearance." + reason.rawValue }

    /// A step's instruction (`step.foam-roll`).
    public static func step(_ words: StepWords) -> String { "step." + words.rawValue }

    /// Why a step is in the plan (`why.foam-roll`).
    public static func why(_ words: StepWords) -> String { "why." + words.rawValue }

    /// What a step of a technique asks, as its heading (`title.foam-roll`).
    public static func title(_ technique: TechniqueID) -> String { "title." + technique.rawValue }

    /// Every key of these families, for the check that the catalog defines them all.
    public static var everyFamilyKey: [String] {
        QuestionGroup.Kind.allCases.map(group) + BodySide.allCases.map(side) + Clearance.Reason.allCases.map(clearance)
            + StepWords.allCases.map(step) + StepWords.allCases.map(why) + TechniqueID.allCases.map(title)
    }
}

/// Which words a step is written with: its technique's, except that water is worded apart
/// before the session and after it.
public enum StepWords: String, CaseIterable, Sendable {
    case warmUp = "warm-up"
    case hydrateBefore = "hydrate-before"
    case hydrateAfter = "hydrate-after"
    case foamRoll = "foam-roll"
    case sustainedPressure = "sustained-pressure"
    case pinAndStretch = "pin-and-stretch"
    case releaseAndSearch = "release-and-search"

    /// The words for a step of `technique`; `first` tells water before the session from after.
    public init(_ technique: TechniqueID, first: Bool) {
        switch technique {
        case .warmUp: self = .warmUp
        case .hydrate: self = first ? .hydrateBefore : .hydrateAfter
        case .foamRoll: self = .foamRoll
        case .sustainedPressure: self = .sustainedPressure
        case .pinAndStretch: self = .pinAndStretch
        case .releaseAndSearch: self = .releaseAndSearch
        }
    }
}
