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

extension Catalog {
    /// What a step asks of the person, in plain words ("Hold the ball on a sore spot in the
    /// gluteus minimus"): the heading every surface shows for it, from the phrases. Records keep
    /// the ids; the words are made when shown.
    public func title(of step: Step) -> String {
        phrases.render(PhraseKey.title(step.technique), ["muscle": step.muscle.flatMap { muscle($0)?.name.lowercased() } ?? "muscle"])
    }
}
