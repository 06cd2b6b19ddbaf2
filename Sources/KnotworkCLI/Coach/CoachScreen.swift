import KnotworkCore
import KnotworkSession

/// The full-screen view of a session: the step and muscle with how to set up for it (on screen
/// for the whole step), a big countdown, progress bars for the step and the session, the latest
/// timed cue beside the set-up, the next step and the keys. Pure: a snapshot in, lines out.
struct CoachScreen {
    let snapshot: Snapshot
    let lastCue: Cue?
    let width: Int
    /// Rows of the terminal: the set-up gets what the rest leaves, so the stop keys stay in view.
    var height = 32
    let colour: Bool
    /// Whether the cues are spoken.
    let voice: Bool
    let catalog: Catalog
    private var stopSignals: [StopSignal] { catalog.screening.stopSignals }

    private var phrases: Phrases { catalog.phrases }

    func render() -> [String] {
        let s = snapshot
        var lines: [String] = []
        var position =
            s.position.map { phrases.render("coach.position", ["number": String($0), "count": String(s.stepCount)]) }
            ?? phrases.render("coach.ready")
        if let side = s.step?.side { position += " · " + phrases.render("coach.side", ["side": catalog.name(of: side)]) }
        lines.append(style(" KNOTWORK", bold: true) + "  \(position)")
        let sessionLabel = phrases.render("coach.session")
        let stepLabel = phrases.render("coach.step")
        let labelWidth = max(sessionLabel.count, stepLabel.count) + 2
        func label(_ text: String) -> String { " " + text.padding(toLength: labelWidth, withPad: " ", startingAt: 0) }
        lines.append(label(sessionLabel) + bar(s.sessionProgress, width: max(10, width - 18)) + " \(Int(s.sessionProgress * 100))%")
        lines.append("")

        switch s.phase {
        case .safetyStop:
            lines.append(style(" " + phrases.render("coach.stopped").uppercased(), bold: true, red: true))
            lines.append("")
            lines += Output.wrap(lastCue?.text ?? "", width: width - 4).map { "  " + $0 }
            lines.append("")
            // Which step "go on" starts: the engine's next step leaves out those it will pass over.
            let keys =
                s.next.map { next in
                    phrases.render("coach.stopped-next", ["number": String(next.number), "title": catalog.heading(of: next)])
                } ?? phrases.render("coach.stopped-last")
            lines += Output.wrap(keys, width: width - 4).map { "  " + $0 }
            return lines
        case .finished:
            lines.append(style(" " + phrases.render("coach.complete").uppercased(), bold: true))
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
            // The set-up stays for the whole step, as much of it as the screen holds beside the
            // timer, the keys and the stop signals (about 23 rows).
            let setUp = Output.wrap(step.cue, width: width - 4)
            let room = max(4, height - 23)
            var shown = Array(setUp.prefix(room))
            if setUp.count > room, let last = shown.popLast() { shown.append(last + " …") }
            lines += shown.map { "  " + $0 }
            lines.append("")
        }
        let digits = BigDigits.render(TimeText.clock(Int(s.stepRemaining.inSeconds.rounded(.up))))
        let indent = String(repeating: " ", count: max(2, (width - (digits.first?.count ?? 0)) / 2))
        lines += digits.map { indent + $0 }
        if s.phase == .paused || s.phase == .quit {
            lines.append(indent + style(phrases.render("coach.paused"), bold: true))
        } else {
            lines.append("")
        }
        let stepFraction = s.stepLength == .zero ? 0 : s.stepElapsed / s.stepLength
        lines.append(label(stepLabel) + bar(stepFraction, width: max(10, width - 18)))
        lines.append("")
        // The step's own cue is the set-up above; the timed ones ("Halfway") come beside it.
        if let cue = lastCue, cue.kind != .step, cue.step == s.step?.number {
            lines += Output.wrap("» " + cue.text, width: width - 4).prefix(4).map { "  " + $0 }
        }
        lines.append("")
        if let next = s.next {
            let values = [
                "title": catalog.title(of: next).lowercased(), "side": next.side.map { catalog.name(of: $0) } ?? "",
                "time": TimeText.clock(next.seconds),
            ]
            lines.append(" " + phrases.render(next.side == nil ? "coach.next" : "coach.next-side", values))
        }
        let pressure = phrases.render(
            "coach.pressure",
            [
                "used": TimeText.clock(Int(s.pressureUsed.inSeconds.rounded(.up))),
                "cap": TimeText.clock(Int(s.pressureCap.inSeconds.rounded(.up))),
                "voice": phrases.render(voice ? "coach.voice-on" : "coach.voice-off"),
            ])
        lines.append(" " + pressure)
        return lines + footer(pressureStep: s.step?.pressure == true)
    }

    /// The keys, and every stop signal with its key: the person can say exactly what they feel.
    /// "It eased" is offered only during pressure work, where it means something.
    private func footer(pressureStep: Bool) -> [String] {
        let keys = [
            "space": style("space", bold: true), "enter": style("enter", bold: true), "s": style("s", bold: true),
            "q": style("q", bold: true),
        ]
        var lines = ["", " " + phrases.render(pressureStep ? "coach.keys" : "coach.keys-no-eased", keys)]
        let stops = stopSignals.enumerated().map { "\($0 + 1) \($1.signal)" }.joined(separator: " · ")
        let heading = style(phrases.render("coach.stop-at-once").uppercased(), bold: true, red: true)
        lines += Output.wrap(phrases.render("coach.stop-keys", ["heading": heading, "signals": stops]), width: width - 2)
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
