import Foundation

/// Turns the catalog's drawing descriptions into inline SVG: the one renderer of every picture
/// Knotwork shows. Pure: the same catalog and id always give the same bytes.
///
/// Every drawing is `role="img"` labelled by a `<title>` holding its text alternative; motion is
/// a short CSS animation that stays still under `prefers-reduced-motion: reduce`, and arrows show
/// it either way.
public struct DrawingRenderer: Sendable {
    public let catalog: Catalog

    public init(catalog: Catalog) {
        self.catalog = catalog
    }

    private var drawings: Drawings { catalog.drawings }

    // MARK: - Text alternatives

    /// What a step's drawing shows, in plain words; nil for an id that is not a drawing.
    /// - Parameter id: a drawing id (see ``Drawings/ids``).
    public func text(_ id: String) -> String? {
        switch drawings.subject(id) {
        case .move(let move): return move.text
        case .position(let setup, let technique, let look):
            let name = catalog.technique(technique).name
            let muscle = catalog.muscle(setup.muscle)?.name.lowercased() ?? setup.muscle
            return "\(name) on the \(muscle): \(setup.text.lowercasingFirst()) \(look.text) The small back view marks the spot."
        case nil: return nil
        }
    }

    /// The anatomy's text alternative, with the lit regions and the muscles that refer to them.
    /// - Parameter regions: regions to light; unknown ids are ignored.
    public func anatomyText(lit regions: [RegionID]) -> String {
        let lit = regions.compactMap { catalog.region($0) }
        guard !lit.isEmpty else { return drawings.anatomy.text }
        let muscles = litMuscles(lit.map(\.id)).compactMap { catalog.muscle($0)?.name.lowercased() }
        let addition = drawings.anatomy.litText.render([
            "regions": catalog.phrases.list(lit.map { $0.name.lowercased() }), "muscles": catalog.phrases.list(muscles),
        ])
        return drawings.anatomy.text + " " + addition
    }

    /// Muscles that may send pain to any of these regions, in the catalog's order.
    func litMuscles(_ regions: [RegionID]) -> [MuscleID] {
        catalog.muscles.filter { muscle in muscle.refersTo.contains { regions.contains($0) } }.map(\.id)
    }

    // MARK: - Step drawings

    /// The SVG of a step's drawing, or nil for an id that is not a drawing.
    /// - Parameter id: a drawing id (see ``Drawings/ids``).
    public func svg(_ id: String) -> String? {
        guard let subject = drawings.subject(id), let text = text(id) else { return nil }
        let figure = drawings.figure
        var svg = SVG(width: figure.width, height: figure.height, title: text, id: id)
        switch subject {
        case .move(let move):
            guard let pose = drawings.poses[move.pose] else { return nil }
            let joints = pose.joints(figure.bones)
            svg.style += Self.baseStyle + motionStyle(move.motion, joints: joints, along: nil)
            scene(&svg, pose: pose)
            body(&svg, joints: joints, motion: move.motion)
            if let cup = move.cup {
                svg.body +=
                    "<path d=\"M\(f(cup.x - 3)) \(f(cup.y - 4))h6l-1 8h-4z\" fill=\"#9fd3e6\" stroke=\"#2f6f8a\" stroke-width=\"1\"/>"
            }
            if move.motion == .march { kneeArrow(&svg, joints: joints, swing: 12) }
        case .position(let setup, _, let look):
            guard let pose = drawings.poses[setup.pose] else { return nil }
            let joints = pose.joints(figure.bones)
            svg.style += Self.baseStyle + motionStyle(look.motion, joints: joints, along: setup.along)
            scene(&svg, pose: pose)
            body(&svg, joints: joints, motion: look.motion)
            tool(&svg, setup: setup, motion: look.motion)
            switch look.motion {
            case .roll: straightArrow(&svg, setup: setup, pose: pose, bothWays: true)
            case .search: straightArrow(&svg, setup: setup, pose: pose, bothWays: false)
            case .pin: kneeArrow(&svg, joints: joints, swing: 12)
            case .hold, .march, .none: break
            }
            inset(&svg, setup: setup)
        }
        return svg.rendered
    }

    /// Only the motion is styled by CSS: the shapes carry their own colours and widths, so a
    /// drawing reads the same where inline styles are not applied.
    private static let baseStyle = "@media(prefers-reduced-motion:reduce){*{animation:none!important}}"
    private static let dark = "#2f3e3a"
    private static let lines = "fill=\"none\" stroke-linecap=\"round\" stroke-linejoin=\"round\""

    private func motionStyle(_ motion: Motion, joints: Pose.Joints, along: Point?) -> String {
        let pivot = "transform-box:view-box;transform-origin:\(f(joints.hipNear.x))px \(f(joints.hipNear.y))px;"
        switch motion {
        case .roll:
            let along = along ?? Point(0, 0)
            return
                ".m{animation:m 3s ease-in-out infinite alternate}@keyframes m{from{transform:translate(\(px(-along.x / 2)),\(px(-along.y / 2)))}"
                + "to{transform:translate(\(px(along.x / 2)),\(px(along.y / 2)))}}"
        case .search:
            let along = along ?? Point(0, 0)
            return ".t{animation:t 2s ease-in-out infinite alternate}@keyframes t{to{transform:translate(\(px(along.x)),\(px(along.y)))}}"
        case .pin:
            return
                ".k{\(pivot)animation:k 2.4s ease-in-out infinite alternate}@keyframes k{from{transform:rotate(-12deg)}to{transform:rotate(12deg)}}"
        case .march:
            return ".k{\(pivot)animation:k 1.4s ease-in-out infinite alternate}@keyframes k{to{transform:rotate(30deg)}}"
        case .hold, .none:
            return ""
        }
    }

    /// The floor, and the wall where the pose has one.
    private func scene(_ svg: inout SVG, pose: Pose) {
        var d = "M0 \(f(pose.floor))H\(f(svg.width))"
        if let wall = pose.wall { d += "M\(f(wall)) 2V\(f(pose.floor))" }
        svg.body += "<path d=\"\(d)\" stroke=\"#b9b1a6\" stroke-width=\"2\"/>"
    }

    /// The figure: far limbs pale and behind, then the torso, the near arm, the near leg (which
    /// turns for pin and stretch and marching) and the head.
    private func body(_ svg: inout SVG, joints: Pose.Joints, motion: Motion) {
        let moving = motion == .roll ? " class=\"m\"" : ""
        svg.body += "<g\(moving) \(Self.lines)>"
        svg.body += "<path d=\"\(polyline(joints.arm2))\(polyline(joints.leg2))\" stroke=\"#a9b4b0\" stroke-width=\"5\"/>"
        svg.body +=
            "<g stroke=\"\(Self.dark)\" stroke-width=\"5.5\"><path d=\"\(polyline([joints.hip, joints.neck]))\" stroke-width=\"9\"/>"
        svg.body += "<path d=\"\(polyline(joints.arm))\"/>"
        let turning = motion == .pin || motion == .march ? " class=\"k\"" : ""
        svg.body += "<path\(turning) d=\"\(polyline(joints.leg))\"/></g>"
        svg.body +=
            "<circle cx=\"\(f(joints.head.x))\" cy=\"\(f(joints.head.y))\" r=\"\(f(joints.headRadius))\" fill=\"\(Self.dark)\" stroke=\"none\"/>"
        svg.body += "</g>"
    }

    /// The roller or ball, and the spot it presses, marked.
    private func tool(_ svg: inout SVG, setup: PositionSetup, motion: Motion) {
        let c = setup.tool
        let s = setup.spot
        let searching = motion == .search ? " class=\"t\"" : ""
        svg.body += "<g\(searching)>"
        switch setup.toolKind {
        case .roller:
            svg.body +=
                "<circle cx=\"\(f(c.x))\" cy=\"\(f(c.y))\" r=\"6\" fill=\"#3f8f88\" stroke=\"#1f5f5b\"/>"
                + "<circle cx=\"\(f(c.x))\" cy=\"\(f(c.y))\" r=\"1.8\" fill=\"#f7f5f0\"/>"
        case .ball:
            svg.body += "<circle cx=\"\(f(c.x))\" cy=\"\(f(c.y))\" r=\"3.5\" fill=\"#d9822b\" stroke=\"#8a4b12\" stroke-width=\".8\"/>"
        }
        svg.body +=
            "<circle cx=\"\(f(s.x))\" cy=\"\(f(s.y))\" r=\"5.5\" fill=\"none\" stroke=\"#e4572e\" stroke-width=\"1.2\" stroke-dasharray=\"2 1.5\"/>"
            + "<circle cx=\"\(f(s.x))\" cy=\"\(f(s.y))\" r=\"2.2\" fill=\"#e4572e\" stroke=\"#fff\" stroke-width=\".8\"/>"
        svg.body += "</g>"
    }

    /// An arrow along the rolling or searching move: below the floor for a move along it,
    /// beside the wall for a move up and down it.
    private func straightArrow(_ svg: inout SVG, setup: PositionSetup, pose: Pose, bothWays: Bool) {
        let along = setup.along
        let length = (along.x * along.x + along.y * along.y).squareRoot()
        let unit = Point(along.x / length, along.y / length)
        let half = length + 4
        let centre =
            abs(along.x) >= abs(along.y)
            ? Point(setup.tool.x, min(pose.floor + 4, svg.height - 1.5))
            : Point(max(2, (pose.wall ?? setup.tool.x) - 6), setup.tool.y)
        let from = bothWays ? Point(centre.x - unit.x * half, centre.y - unit.y * half) : centre
        let to = Point(centre.x + unit.x * half, centre.y + unit.y * half)
        let degrees = atan2(unit.y, unit.x) * 180 / .pi
        var d = "M\(f(from.x)) \(f(from.y))L\(f(to.x)) \(f(to.y))" + head(at: to, degrees: degrees)
        if bothWays { d += head(at: from, degrees: degrees + 180) }
        svg.body += "<path d=\"\(d)\" \(Self.arrow)/>"
    }

    private static let arrow = lines + " stroke=\"#1f5f5b\" stroke-width=\"1.6\""

    /// A curved arrow around the near knee: it turns in and out (or lifts) about the hip.
    private func kneeArrow(_ svg: inout SVG, joints: Pose.Joints, swing: Double) {
        let hip = joints.hipNear
        let knee = joints.leg[1]
        let dx = knee.x - hip.x
        let dy = knee.y - hip.y
        let radius = (dx * dx + dy * dy).squareRoot() + 5
        let angle = atan2(dy, dx) * 180 / .pi
        let start = hip.moved(radius, degrees: angle - swing)
        let end = hip.moved(radius, degrees: angle + swing)
        var d = "M\(f(start.x)) \(f(start.y))A\(f(radius)) \(f(radius)) 0 0 1 \(f(end.x)) \(f(end.y))"
        d += head(at: end, degrees: angle + swing + 90) + head(at: start, degrees: angle - swing - 90)
        svg.body += "<path d=\"\(d)\" \(Self.arrow)/>"
    }

    /// Two short strokes meeting at `point`, for an arrow travelling at `degrees`.
    private func head(at point: Point, degrees: Double) -> String {
        let a = point.moved(3.2, degrees: degrees + 150)
        let b = point.moved(3.2, degrees: degrees - 150)
        return "M\(f(a.x)) \(f(a.y))L\(f(point.x)) \(f(point.y))L\(f(b.x)) \(f(b.y))"
    }

    /// A small back view of the pelvis in the top right corner with the muscle and its spot.
    private func inset(_ svg: inout SVG, setup: PositionSetup) {
        let anatomy = drawings.anatomy
        guard let muscle = anatomy.muscles.first(where: { $0.muscle == setup.muscle }) else { return }
        let size = 40.0
        let x = svg.width - size - 2
        svg.body += "<rect x=\"\(f(x))\" y=\"2\" width=\"\(f(size))\" height=\"\(f(size))\" rx=\"3\" fill=\"#fff\" stroke=\"#d8d4cb\"/>"
        // The pelvis only: a square of the anatomy around the buttocks.
        svg.body += "<svg x=\"\(f(x))\" y=\"2\" width=\"\(f(size))\" height=\"\(f(size))\" viewBox=\"36 8 128 128\">"
        svg.body += "<path d=\"\(path(anatomy.outline, width: anatomy.width))\" fill=\"#f3ede4\" stroke=\"#8a817a\" stroke-width=\"2\"/>"
        svg.body += "<path d=\"\(path(muscle.shape, width: anatomy.width))\" fill=\"\(muscle.color)\" fill-opacity=\".75\"/>"
        for spot in [setup.mapSpot, Point(anatomy.width - setup.mapSpot.x, setup.mapSpot.y)] {
            svg.body += "<circle cx=\"\(f(spot.x))\" cy=\"\(f(spot.y))\" r=\"7\" fill=\"#e4572e\" stroke=\"#fff\" stroke-width=\"2.5\"/>"
        }
        svg.body += "</svg>"
    }

    // MARK: - Anatomy

    /// The back view of the pelvis and legs: the four muscles in their layers with their tender
    /// spots, the sciatic nerve, and the regions asked for lit with the muscles that may send
    /// pain there in colour (all of them when no region is lit).
    /// - Parameter regions: regions to light; unknown ids are ignored (the server refuses them first).
    public func anatomy(lit regions: [RegionID]) -> String {
        let anatomy = drawings.anatomy
        let known = regions.filter { catalog.region($0) != nil }
        let lit = known.isEmpty ? catalog.muscles.map(\.id) : litMuscles(known)
        var svg = SVG(width: anatomy.width, height: anatomy.height, title: anatomyText(lit: known), id: "anatomy")
        let w = anatomy.width
        svg.body += "<path d=\"\(path(anatomy.outline, width: w))\" fill=\"#f3ede4\" stroke=\"#8a817a\" stroke-width=\"1.5\"/>"
        for area in anatomy.regions where known.contains(area.region) {
            svg.body += "<path d=\"\(path(area.shape, width: w))\" fill=\"#f2a65a\" fill-opacity=\".35\" stroke=\"#d9822b\"/>"
        }
        for bone in anatomy.bones {
            svg.body +=
                "<path d=\"\(path(bone, width: w))\" fill=\"\(bone.open ? "none" : "#e3d9cc")\" stroke=\"#b5aca3\" stroke-width=\"1.5\"/>"
        }
        for shape in anatomy.muscles {
            let depth = catalog.muscle(shape.muscle)?.depth ?? .superficial
            let on = lit.contains(shape.muscle)
            let colour = on ? shape.color : "#bdb6ae"
            let opacity = depth == .superficial ? ".45" : ".6"
            let dash = depth == .superficial ? "" : " stroke-dasharray=\"4 2\""
            svg.body +=
                "<path d=\"\(path(shape.shape, width: w))\" fill=\"\(colour)\" fill-opacity=\"\(on ? opacity : ".3")\""
                + " stroke=\"\(colour)\" stroke-width=\"1.5\"\(dash)/>"
        }
        let nerve = Shape(points: anatomy.nerve, radius: nil, mirror: true, open: true)
        svg.body += "<path d=\"\(path(nerve, width: w))\" fill=\"none\" stroke=\"#d4a900\" stroke-width=\"2.5\" stroke-dasharray=\"5 3\"/>"
        for shape in anatomy.muscles where lit.contains(shape.muscle) {
            for spot in shape.spots {
                for x in [spot.x, w - spot.x] {
                    svg.body +=
                        "<circle cx=\"\(f(x))\" cy=\"\(f(spot.y))\" r=\"3.4\" fill=\"\(shape.color)\" stroke=\"#fff\" stroke-width=\"1.4\"/>"
                }
            }
        }
        return svg.rendered
    }

    // MARK: - Paths and numbers

    /// Path data of a shape: a circle, a line, or a closed shape; a mirrored one on both sides
    /// (an outline whose half ends on the middle line is one closed shape).
    private func path(_ shape: Shape, width: Double) -> String {
        let mirrored = shape.points.map { Point(width - $0.x, $0.y) }
        if let radius = shape.radius, let c = shape.points.first {
            let circles = shape.mirror ? [c, mirrored[0]] : [c]
            return circles.map { c in
                "M\(f(c.x - radius)) \(f(c.y))a\(f(radius)) \(f(radius)) 0 1 0 \(f(2 * radius)) 0a\(f(radius)) \(f(radius)) 0 1 0 \(f(-2 * radius)) 0"
            }.joined()
        }
        let close = shape.open ? "" : "Z"
        guard shape.mirror else { return polyline(shape.points) + close }
        let halfway = shape.points.first?.x == width / 2 && shape.points.last?.x == width / 2
        if halfway { return polyline(shape.points + mirrored.reversed()) + close }
        return polyline(shape.points) + close + polyline(mirrored) + close
    }

    private func polyline(_ points: [Point]) -> String {
        points.enumerated().map { index, p in "\(index == 0 ? "M" : "L")\(f(p.x)) \(f(p.y))" }.joined()
    }

    private func px(_ value: Double) -> String { f(value) + "px" }

    private func f(_ value: Double) -> String { Markup.number(value) }
}
