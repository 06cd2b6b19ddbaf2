import Foundation

/// A point in a drawing's own units.
public struct Point: Sendable, Equatable {
    public var x: Double
    public var y: Double

    public init(_ x: Double, _ y: Double) {
        self.x = x
        self.y = y
    }

    func moved(_ length: Double, degrees: Double) -> Point {
        let radians = degrees * .pi / 180
        return Point(x + length * cos(radians), y + length * sin(radians))
    }

    /// The distance to the segment from `a` to `b`.
    func distance(toSegment a: Point, _ b: Point) -> Double {
        let dx = b.x - a.x
        let dy = b.y - a.y
        let lengthSquared = dx * dx + dy * dy
        let t = lengthSquared == 0 ? 0 : max(0, min(1, ((x - a.x) * dx + (y - a.y) * dy) / lengthSquared))
        let px = a.x + t * dx - x
        let py = a.y + t * dy - y
        return (px * px + py * py).squareRoot()
    }
}

/// A shape of the anatomy: a polygon, a line, or a circle, drawn once or on both sides.
public struct Shape: Sendable, Equatable {
    public let points: [Point]
    /// For a circle: its radius, with its centre as the only point.
    public let radius: Double?
    /// Drawn on both sides: the points are the left half, mirrored about the middle.
    public let mirror: Bool
    /// A line rather than a closed shape.
    public let open: Bool
}
