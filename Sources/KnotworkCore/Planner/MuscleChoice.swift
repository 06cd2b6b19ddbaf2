/// A muscle considered for a plan.
public struct MuscleChoice: Codable, Sendable, Equatable {
    /// A named region this muscle may refer pain to, and its place in that region's list (1 = most typical).
    public struct Referral: Codable, Sendable, Equatable {
        public let region: RegionID
        public let rank: Int

        public init(region: RegionID, rank: Int) {
            self.region = region
            self.rank = rank
        }
    }

    public let muscle: MuscleID
    public let name: String
    public let referrals: [Referral]
    /// Higher is more typical for the named regions; the sum of 1/rank over them.
    public let score: Double
    /// Whether the plan works this muscle.
    public let included: Bool
    public let technique: TechniqueID?
    public let tool: ToolID?
    /// Why it is in, or why it is left out.
    public let reason: String
}
