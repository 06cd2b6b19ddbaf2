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
