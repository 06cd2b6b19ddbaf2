/// A phrase with `{name}` placeholders. A placeholder written with a capital first letter
/// (`{Side}`) is filled with the value's first letter capitalised.
public struct Template: Sendable, Equatable, Codable {
    public let text: String
    /// The text split once into literals and placeholders, so rendering is only appending.
    private let pieces: [Piece]

    public init(_ text: String) {
        self.text = text
        pieces = Self.scan(text)
    }

    public init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }

    public static func == (lhs: Template, rhs: Template) -> Bool { lhs.text == rhs.text }

    /// The placeholder names used, lower-cased, in order of first use.
    public var placeholders: [String] {
        var names: [String] = []
        for case .placeholder(let name, _) in pieces where !names.contains(name) {
            names.append(name)
        }
        return names
    }

    /// Whether every `{` has a matching `}` with a name between them.
    public var isWellFormed: Bool {
        !pieces.contains {
            if case .broken = $0 { true } else { false }
        }
    }

    /// The text with each placeholder replaced; unknown placeholders become empty, and the
    /// spaces an empty one leaves behind are tidied.
    public func render(_ values: [String: String]) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count + 128)
        var leftGap = false
        for piece in pieces {
            switch piece {
            case .literal(let literal), .broken(let literal):
                out += literal
            case .placeholder(let name, let capitalized):
                let value = values[name] ?? ""
                if value.isEmpty {
                    leftGap = true
                } else if capitalized {
                    out += value.prefix(1).uppercased()
                    out += value.dropFirst()
                } else {
                    out += value
                }
            }
        }
        return leftGap ? Self.collapseSpaces(out) : out
    }

    private enum Piece: Sendable {
        case literal(String)
        /// Lower-cased name, and whether it was written with a capital first letter.
        case placeholder(String, capitalized: Bool)
        case broken(String)
    }

    /// Splits the text at its braces, walking its UTF-8 bytes: braces, letters of a name and
    /// hyphens are ASCII, and a catalog has a few hundred phrases to scan at every start.
    private static func scan(_ text: String) -> [Piece] {
        let bytes = Array(text.utf8)
        func string(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }
        func isNameByte(_ byte: UInt8) -> Bool {
            (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || byte == UInt8(ascii: "-")
        }
        var pieces: [Piece] = []
        var start = 0
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "{") || byte == UInt8(ascii: "}") else {
                index += 1
                continue
            }
            if index > start { pieces.append(.literal(string(start..<index))) }
            guard byte == UInt8(ascii: "{"), let close = bytes[index...].firstIndex(of: UInt8(ascii: "}")) else {
                pieces.append(.broken(string(index..<bytes.count)))
                return pieces
            }
            let name = bytes[(index + 1)..<close]
            if name.isEmpty || !name.allSatisfy(isNameByte) {
                pieces.append(.broken(string(index..<(close + 1))))
            } else {
                let first = name[name.startIndex]
                pieces.append(.placeholder(string((index + 1)..<close).lowercased(), capitalized: (0x41...0x5A).contains(first)))
            }
            index = close + 1
            start = index
        }
        if start < bytes.count { pieces.append(.literal(string(start..<bytes.count))) }
        return pieces
    }

    /// Empty placeholders can leave double spaces or a space before a full stop.
    private static func collapseSpaces(_ text: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            if byte == UInt8(ascii: " "), bytes.last == UInt8(ascii: " ") || bytes.isEmpty { continue }
            if byte == UInt8(ascii: "."), bytes.last == UInt8(ascii: " ") { bytes.removeLast() }
            bytes.append(byte)
        }
        while bytes.last == UInt8(ascii: " ") { bytes.removeLast() }
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension String {
    func trimmingSpaces() -> String {
        var view = Substring(self)
        while view.first?.isWhitespace == true { view.removeFirst() }
        while view.last?.isWhitespace == true { view.removeLast() }
        return String(view)
    }
}

/// The phrases the coach speaks and the reasons a plan gives, by key.
public struct Phrases: Sendable, Equatable {
    public let templates: [String: Template]

    /// Every key the data must define, with the placeholders each may use.
    public static let required: [String: Set<String>] = [
        "group.emergency": [],
        "group.same-day": [],
        "group.soon": [],
        "group.signs": [],
        "group.precautions": [],
        "note.tool-not-for-these": ["tool"],
        "note.tool-other-chosen": ["tool", "chosen"],
        "note.shorter": ["planned", "minutes", "cap"],
        "handout.title": [],
        "handout.summary": ["regions", "side", "total", "pressure"],
        "handout.stop": [],
        "handout.disclaimer": [],
        // Why a session may or may not start (Clearance.detail), one per Clearance.Reason.
        "clearance.none": [],
        "clearance.incomplete": [],
        "clearance.answered-yes": [],
        "clearance.expired": ["days"],
        "clearance.before-every-session": [],
        "clearance.stop-stands": [],
        "clearance.answered-now": [],
        // Sides and a plan in words (PlanSheet: the handout and 'knotwork plan').
        "side.left": [],
        "side.right": [],
        "side.both": [],
        "side.one": ["side"],
        "plan.heading-side": ["title", "side"],
        "plan.not-screened": ["unanswered", "questions"],
        "plan.screen-first": [],
        "plan.not-screened-end": [],
        "plan.tools": ["tools"],
        "plan.precautions": [],
        "plan.why-muscles": [],
        "plan.handout-written": ["file"],
        // The terminal coach (knotwork start): its screen, plain lines and keys.
        "coach.position": ["number", "count"],
        "coach.ready": [],
        "coach.side": ["side"],
        "coach.session": [],
        "coach.step": [],
        "coach.stopped": [],
        "coach.stopped-next": ["number", "title"],
        "coach.stopped-last": [],
        "coach.complete": [],
        "coach.paused": [],
        "coach.next": ["title", "time"],
        "coach.next-side": ["title", "side", "time"],
        "coach.pressure": ["used", "cap", "voice"],
        "coach.voice-on": [],
        "coach.voice-off": [],
        "coach.keys": ["space", "enter", "s", "q"],
        "coach.keys-no-eased": ["space", "s", "q"],
        "coach.stop-at-once": [],
        "coach.stop-keys": ["heading", "signals"],
        "coach.legend-keys": [],
        "coach.legend-stop": ["signals"],
        "coach.plain-step": ["number", "count", "heading", "time"],
        "coach.plain-safety": ["text"],
        // The questions and what they lead to, on the terminal (knotwork screen, plan, start).
        "screen.intro": [],
        "screen.question": ["number", "count", "question"],
        "screen.check-in": [],
        "screen.any": [],
        "screen.which": [],
        "screen.ask": ["question"],
        "screen.retry": [],
        "screen.precautions": [],
        "screen.clear": [],
        "screen.stop": ["title"],
        "screen.answered-yes": [],
        "screen.together": ["reason"],
        "screen.stands": [],
        "screen.withheld": [],
        "screen.still-fine": ["allowed"],
        "safety.disclaimer": [],
        // knotwork start, around the session.
        "start.resuming": ["step", "count"],
        "start.pain-before": [],
        "start.pain-after": [],
        "start.pain-retry": [],
        "start.saved": ["done", "total"],
        "start.saved-pain": ["done", "total", "before", "after"],
        "start.saved-stopped": ["done", "total", "stopped"],
        "start.saved-stopped-pain": ["done", "total", "stopped", "before", "after"],
        "start.saved-at": ["step", "count"],
        "start.no-voice": [],
        "start.screening-applies": ["when"],
        "start.check-in-first": ["when"],
        "start.earlier": [],
        "start.replanned": ["file"],
        "start.rest-rolling": ["muscle", "hours"],
        "start.rest-left-out": ["muscle", "hours"],
        // Counts and lists inside other phrases.
        "count.sessions-one": ["count"],
        "count.sessions": ["count"],
        "list.and": ["items", "last"],
        "list.or": ["items", "last"],
        // Why a muscle is worked or left out (MuscleChoice.reason).
        "choice.reason": ["refers", "why"],
        "choice.refers": ["regions"],
        "choice.region": ["region", "rank"],
        "choice.rolled": ["tool"],
        "choice.held": ["tool"],
        "choice.rolling-only": ["tool", "hours"],
        "choice.rested-no-roller": ["hours"],
        "choice.rested-not-rollable": ["hours"],
        "choice.no-tool": ["tools"],
        "choice.ruled-out": [],
        "choice.no-time": ["minutes"],
        "choice.no-time-pressure": ["minutes", "cap"],
        // Whether the sessions seem to help (HistorySummary.explanation).
        "trend.too-little-data": ["sessions", "needed"],
        "trend.relief": ["drop", "percent"],
        "trend.gone-down": ["change"],
        "trend.gone-up": ["change"],
        "trend.worsening": ["rise", "percent", "mark-points", "mark-percent", "relief"],
        "trend.helping": ["relief", "trend", "mark-points", "mark-percent"],
        "trend.not-clearly-helping": ["relief", "trend", "mark-points", "mark-percent"],
        // The history chart (SVGChart).
        "chart.title": [],
        "chart.title-region": ["region"],
        "chart.description": ["sessions", "each", "verdict"],
        "chart.each-day": [],
        "chart.each-week": [],
        "chart.each-month": [],
        "chart.empty": [],
        "chart.empty-short": [],
        "chart.axis": [],
        "chart.before": [],
        "chart.after": [],
        "chart.trend": [],
        "chart.point-before": ["value"],
        "chart.point-after": ["value"],
        "chart.mean": ["value", "sessions"],
        "title.warm-up": [],
        "title.hydrate": [],
        "title.foam-roll": ["muscle"],
        "title.sustained-pressure": ["muscle"],
        "title.pin-and-stretch": ["muscle"],
        "title.release-and-search": ["muscle"],
        "step.warm-up": ["duration", "instruction"],
        "step.hydrate-before": ["instruction"],
        "step.hydrate-after": ["instruction"],
        "step.foam-roll": ["side", "muscle", "tool", "duration", "position", "instruction"],
        "step.sustained-pressure": ["side", "muscle", "tool", "duration", "position", "instruction"],
        "step.pin-and-stretch": ["side", "muscle", "tool", "duration", "instruction"],
        "step.release-and-search": ["side", "muscle", "tool", "instruction"],
        "cue.light-pressure": [],
        "cue.halfway": [],
        "cue.ten-seconds-left": [],
        "cue.pin-and-stretch": [],
        "cue.switch-sides": ["side"],
        "cue.keep-pressure": ["duration"],
        "cue.eased": [],
        "cue.paused": [],
        "cue.resumed": [],
        "cue.skipped": [],
        "cue.session-end": [],
        "why.warm-up": [],
        "why.hydrate-before": [],
        "why.hydrate-after": [],
        "why.foam-roll": ["muscle", "regions"],
        "why.sustained-pressure": ["muscle", "regions"],
        "why.pin-and-stretch": ["muscle"],
        "why.release-and-search": ["muscle"],
        // The web app's screens.
        "ui.map.target": ["side", "region"],
        "ui.map.left": [],
        "ui.map.right": [],
        "ui.lang": [],
        "ui.description": [],
        "ui.nav.label": [],
        "ui.nav.plan": [],
        "ui.nav.history": [],
        "ui.banner.text": [],
        "ui.banner.return": [],
        "ui.screening.title": [],
        "ui.screening.lead": [],
        "ui.continue": [],
        "ui.check-in.title": [],
        "ui.check-in.lead": [],
        "ui.none-of-these": [],
        "ui.check-in.some": [],
        "ui.check-in.answer-each": [],
        "ui.care.title": [],
        "ui.care.flags": [],
        "ui.care.stands": [],
        "ui.answer-again": [],
        "ui.no-pressure.title": [],
        "ui.where.title": [],
        "ui.where.lead": [],
        "ui.where.nothing": [],
        "ui.where.tools": [],
        "ui.where.minutes": [],
        "ui.where.make-plan": [],
        "ui.where.changed": [],
        "ui.where.rescreen": [],
        "ui.plan.title": [],
        "ui.plan.why": [],
        "ui.plan.anatomy-key": [],
        "ui.plan.in-words": [],
        "ui.plan.pain-now": [],
        "ui.plan.start": [],
        "ui.plan.print": [],
        "ui.live.time-left": [],
        "ui.live.pause": [],
        "ui.live.eased": [],
        "ui.live.to-stops": [],
        "ui.live.left-title": [],
        "ui.live.left-text": [],
        "ui.live.finish": [],
        "ui.live.later": [],
        "ui.live.stops": [],
        "ui.live.finish-rate": [],
        "ui.live.skip": [],
        "ui.live.quit": [],
        "ui.after.title": [],
        "ui.after.ask": [],
        "ui.after.save": [],
        "ui.history.title": [],
        "ui.history.chart": [],
        "ui.history.export": [],
        "ui.history.csv": [],
        "ui.history.json": [],
        "ui.history.fhir": [],
        "ui.history.ics": [],
        "ui.footer": [],
        "ui.unreachable": [],
        "ui.yes": [],
        "ui.no": [],
        "ui.screening.count": ["answered", "total"],
        "ui.check-in.again": [],
        "ui.precaution.asked": ["question"],
        "ui.precaution.title": [],
        "ui.where.chosen": ["names"],
        "ui.where.none-chosen": [],
        "ui.scale.none": [],
        "ui.scale.worst": [],
        "ui.scale.label": ["n"],
        "ui.scale.end-label": ["n", "end"],
        "ui.plan.summary": ["total", "pressure"],
        "ui.plan.step": ["title", "time"],
        "ui.plan.step-side": ["title", "side", "time"],
        "ui.side.left": [],
        "ui.side.right": [],
        "ui.live.position": ["n", "count"],
        "ui.live.position-side": ["n", "count", "side"],
        "ui.live.safety-stop": [],
        "ui.live.done": [],
        "ui.live.next": ["title", "time"],
        "ui.live.go-on": [],
        "ui.live.resume": [],
        "ui.live.stop-next": ["title"],
        "ui.live.stop-end": [],
        "ui.live.now": ["cue"],
        "ui.history.pain": ["before", "after"],
        "ui.history.pain-before": ["before"],
        "ui.history.pain-after": ["after"],
        "ui.history.pain-none": [],
        "ui.history.entry": ["when", "pain"],
        "ui.history.entry-where": ["when", "pain", "regions"],
        "ui.could-not-start": ["reason"],
    ]

    /// The phrase for a key with its placeholders filled in.
    public func render(_ key: String, _ values: [String: String] = [:]) -> String {
        guard let template = templates[key] else {
            preconditionFailure("a validated catalog has every phrase; \(key) is missing")
        }
        return template.render(values)
    }
}

extension Phrases {
    /// "1 session", "3 sessions".
    public func sessions(_ count: Int) -> String {
        render(count == 1 ? "count.sessions-one" : "count.sessions", ["count": String(count)])
    }

    /// "a", "a and b", "a, b and c" (`list.and`).
    public func list(_ items: [String]) -> String {
        guard items.count > 1, let last = items.last else { return items.first ?? "" }
        return render("list.and", ["items": items.dropLast().joined(separator: ", "), "last": last])
    }

    /// "a", "a or b", "a, b or c" (`list.or`).
    public func either(_ items: [String]) -> String {
        guard items.count > 1, let last = items.last else { return items.first ?? "" }
        return render("list.or", ["items": items.dropLast().joined(separator: ", "), "last": last])
    }
}
