import Foundation

/// The back view of the pelvis and legs.
public struct Anatomy: Sendable, Equatable {
    public struct MuscleShape: Sendable, Equatable {
        public let muscle: MuscleID
        /// A colour as `#rrggbb`.
        public let color: String
        /// The left half's outline; drawn on both sides.
        public let shape: Shape
        /// Its usual tender spots, one for each of the muscle's `triggerPoints`, left half.
        public let spots: [Point]
    }

    public struct RegionShape: Sendable, Equatable {
        public let region: RegionID
        public let shape: Shape
    }

    public let width: Double
    public let height: Double
    public let text: String
    /// Added to ``text`` when regions are lit: `{regions}` and `{muscles}` are their names.
    public let litText: Template
    /// The body's outline: its left half, mirrored.
    public let outline: Shape
    public let bones: [Shape]
    /// The sciatic nerve, left half: ball spots keep clear of it.
    public let nerve: [Point]
    /// Deepest first, so that the shallower ones are drawn over them.
    public let muscles: [MuscleShape]
    public let regions: [RegionShape]

    /// How far a ball's spot keeps from the sciatic nerve, in the anatomy's units.
    public static let nerveClearance = 6.0
}
