/// A body region where a person can feel pain.
public struct Region: Codable, Sendable, Equatable {
    public let id: RegionID
    public let name: String
    /// Its short name, written on the body map ("Back of thigh").
    public let label: String
    /// Muscles that may refer pain here, most typical first.
    public let referredFrom: [MuscleID]
}
