/// The body map a person taps to say where it hurts (the `bodyMap` of `drawings.json`): a
/// silhouette from behind and from each side, with every region drawn on it as a target of its
/// own for each side it has. Rendered by ``BodyMapRenderer``.
public struct BodyMap: Sendable, Equatable {
    public struct View: Sendable, Equatable {
        public let id: String
        /// Its caption, e.g. "From behind".
        public let name: String
        public let width: Double
        public let height: Double
        /// The silhouette, as a closed outline drawn with rounded corners (see ``Outline``).
        public let outline: [Point]
        public let targets: [Target]
    }

    /// One region on one side (or a region on the middle line, with no side).
    public struct Target: Sendable, Equatable {
        public let region: RegionID
        public let side: BodySide?
        public let points: [Point]
        /// Where its name is written.
        public let label: Point
    }

    public let views: [View]

    /// Whether a region is chosen per side (a buttock) or as one (the low back).
    public func isSided(_ region: RegionID) -> Bool {
        views.contains { $0.targets.contains { $0.region == region && $0.side != nil } }
    }
}

/// Geometry of a closed outline drawn smoothly: a quadratic curve from the middle of each edge to
/// the middle of the next, bent by the corner between them. The curve is what a person sees, so
/// the checks that a target lies inside the body use points along it rather than the corners.
enum Outline {
    static func midpoint(_ a: Point, _ b: Point) -> Point { Point((a.x + b.x) / 2, (a.y + b.y) / 2) }

    /// SVG path data of the smooth outline through `corners`.
    static func smoothPath(_ corners: [Point], format f: (Double) -> String) -> String {
        guard let last = corners.last else { return "" }
        let start = midpoint(last, corners[0])
        var d = "M\(f(start.x)) \(f(start.y))"
        for (index, corner) in corners.enumerated() {
            let end = midpoint(corner, corners[(index + 1) % corners.count])
            d += "Q\(f(corner.x)) \(f(corner.y)) \(f(end.x)) \(f(end.y))"
        }
        return d + "Z"
    }

    /// Points along the smooth outline, `steps` to each corner.
    static func sampled(_ corners: [Point], steps: Int = 12) -> [Point] {
        var points: [Point] = []
        for (index, corner) in corners.enumerated() {
            let from = midpoint(corners[(index + corners.count - 1) % corners.count], corner)
            let to = midpoint(corner, corners[(index + 1) % corners.count])
            for step in 0..<steps {
                let t = Double(step) / Double(steps)
                let u = 1 - t
                points.append(
                    Point(
                        u * u * from.x + 2 * t * u * corner.x + t * t * to.x,
                        u * u * from.y + 2 * t * u * corner.y + t * t * to.y))
            }
        }
        return points
    }

    /// Whether `point` is inside the polygon (even-odd rule).
    static func contains(_ polygon: [Point], _ point: Point) -> Bool {
        var inside = false
        var previous = polygon[polygon.count - 1]
        for current in polygon {
            if (current.y > point.y) != (previous.y > point.y),
                point.x < (previous.x - current.x) * (point.y - current.y) / (previous.y - current.y) + current.x
            {
                inside.toggle()
            }
            previous = current
        }
        return inside
    }

    /// The nearest distance from `point` to the polygon's edges.
    static func clearance(_ polygon: [Point], _ point: Point) -> Double {
        var nearest = Double.infinity
        var previous = polygon[polygon.count - 1]
        for current in polygon {
            nearest = min(nearest, point.distance(toSegment: previous, current))
            previous = current
        }
        return nearest
    }

    /// Points along the straight edges of a polygon, `steps` to each edge.
    static func alongEdges(_ polygon: [Point], steps: Int = 8) -> [Point] {
        var points: [Point] = []
        for (index, a) in polygon.enumerated() {
            let b = polygon[(index + 1) % polygon.count]
            for step in 0..<steps {
                let t = Double(step) / Double(steps)
                points.append(Point(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t))
            }
        }
        return points
    }
}
