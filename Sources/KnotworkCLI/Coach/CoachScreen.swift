import KnotworkCore
import KnotworkSession

/// The full-screen view of a session: the step and muscle with how to set up for it (on screen
/// for the whole step), a big countdown, progress bars for the step and the session, the latest
/// timed cue beside the set-up, the next step and the keys. Pure: a snapshot in, lines out.
struct CoachScreen {
    let snapshot: Snapshot
    let lastCue: Cue?
    let width: Int
    let colour: Bool
    let voice: String
    let catalog: Catalog
    private var stopSignals: [StopSignal] { catalog.screening.stopSignals }

    func render() -> [String] {
        let s = snapshot
        var lines: [String] = []
        let position = s.position.map { "step \($0) of \(s.stepCount)" } ?? "ready"
        let side = s.step?.side.map { " · \($0.rawValue) side" } ?? ""
        lines.append(style(" KNOTWORK", bold: true) + "  \(position)\(side)")
        lines.append(" session  " + bar(s.sessionProgress, width: max(10, width - 18)) + " \(Int(s.sessionProgress * 100))%")
        lines.append("")

        switch s.phase {
        case .safetyStop:
            lines.append(style(" STOPPED FOR SAFETY", bold: true, red: true))
            lines.append("")
            lines += Output.wrap(lastCue?.text ?? "", width: width - 4).map { "  " + $0 }
            lines.append("")
            lines.append("  space: go on to the next step    q: stop here")
            return lines
        case .finished:
            lines.append(style(" SESSION COMPLETE", bold: true))
            lines.append("")
            lines += Output.wrap(lastCue?.text ?? "", width: width - 4).map { "  " + $0 }
            return lines
        default:
            break
        }

        if let step = s.step {
            var title = " " + catalog.title(of: step).uppercased()
            if let tool = step.tool.flatMap(catalog.tool) { title += " — " + tool.name.lowercased() }
            lines.append(style(title, bold: true))
            lines += Output.wrap(step.cue, width: width - 4).prefix(6).map { "  " + $0 }
            lines.append("")
        }
        let digits = BigDigits.render(TimeText.clock(Int(s.stepRemaining.inSeconds.rounded(.up))))
        let indent = String(repeating: " ", count: max(2, (width - (digits.first?.count ?? 0)) / 2))
        lines += digits.map { indent + $0 }
        if s.phase == .paused || s.phase == .quit {
            lines.append(indent + style("PAUSED — space to resume", bold: true))
        } else {
            lines.append("")
        }
        let stepFraction = s.stepLength == .zero ? 0 : s.stepElapsed / s.stepLength
        lines.append(" step     " + bar(stepFraction, width: max(10, width - 18)))
        lines.append("")
        // The step's own cue is the set-up above; the timed ones ("Halfway") come beside it.
        if let cue = lastCue, cue.kind != "step", cue.step == s.step?.number {
            lines += Output.wrap("» " + cue.text, width: width - 4).prefix(4).map { "  " + $0 }
        }
        lines.append("")
        if let next = s.next {
            var text = " next: " + catalog.title(of: next).lowercased()
            if let side = next.side { text += " · " + side.rawValue + " side" }
            text += " · " + TimeText.clock(next.seconds)
            lines.append(text)
        }
        let pressure = "pressure \(TimeText.clock(Int(s.pressureUsed.inSeconds.rounded(.up)))) of \(TimeText.clock(Int(s.pressureCap.inSeconds.rounded(.up))))"
        lines.append(" \(pressure) · voice: \(voice)")
        return lines + footer()
    }

    /// The keys, and every stop signal with its key: the person can say exactly what they feel.
    private func footer() -> [String] {
        var lines = [
            "", style(" space", bold: true) + " pause/resume   " + style("enter", bold: true) + " it eased   "
                + style("s", bold: true) + " skip   " + style("q", bold: true) + " quit",
        ]
        let stops = stopSignals.enumerated().map { "\($0 + 1) \($1.signal)" }.joined(separator: " · ")
        lines += Output.wrap(style("STOP AT ONCE", bold: true, red: true) + " x sharp pain, or: " + stops, width: width - 2)
            .map { " " + $0 }
        return lines
    }

    private func bar(_ fraction: Double, width: Int) -> String {
        let filled = Int((min(max(fraction, 0), 1) * Double(width)).rounded())
        return "[" + String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled) + "]"
    }

    private func style(_ text: String, bold: Bool = false, red: Bool = false) -> String {
        guard colour else { return text }
        return (bold ? "\u{1B}[1m" : "") + (red ? "\u{1B}[31m" : "") + text + "\u{1B}[0m"
    }
}

/// Digits five rows tall, readable from the floor.
enum BigDigits {
    static let glyphs: [Character: [String]] = [
        "0": ["███", "█ █", "█ █", "█ █", "███"], "1": [" █ ", "██ ", " █ ", " █ ", "███"],
        "2": ["███", "  █", "███", "█  ", "███"], "3": ["███", "  █", "███", "  █", "███"],
        "4": ["█ █", "█ █", "███", "  █", "  █"], "5": ["███", "█  ", "███", "  █", "███"],
        "6": ["███", "█  ", "███", "█ █", "███"], "7": ["███", "  █", "  █", "  █", "  █"],
        "8": ["███", "█ █", "███", "█ █", "███"], "9": ["███", "█ █", "███", "  █", "███"],
        ":": ["   ", " █ ", "   ", " █ ", "   "],
    ]

    static func render(_ text: String) -> [String] {
        (0..<5).map { row in text.compactMap { glyphs[$0]?[row] }.joined(separator: " ") }
    }
}
