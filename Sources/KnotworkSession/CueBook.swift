import KnotworkCore

/// The words the engine speaks besides each step's own cue, taken from the catalog's phrases
/// once so that a checkpoint carries them and a restored session says the same things.
public struct CueBook: Codable, Sendable, Equatable {
    public var halfway: String
    public var tenSecondsLeft: String
    public var pinAndStretch: String
    public var switchSides: Template
    public var keepPressure: Template
    public var eased: String
    public var paused: String
    public var resumed: String
    public var skipped: String
    public var sessionEnd: String
    /// The safety message for a stop signal (sharp, shooting, burning pain, numbness, tingling…).
    public var safetyStop: String
    /// Messages of the stop signals that have their own (dizziness: sit or lie down), by id.
    public var stopMessages: [StopSignal.ID: String]
    /// The body sides in words ("left"), by id, for "switch to your left side".
    public var sides: [String: String]

    /// What to say for a stop signal.
    public func stopMessage(for signal: StopSignal.ID) -> String { stopMessages[signal] ?? safetyStop }

    /// A body side in words.
    public func name(of side: BodySide) -> String { sides[side.rawValue] ?? side.rawValue }

    public init(catalog: Catalog) {
        let phrases = catalog.phrases
        halfway = phrases.render("cue.halfway")
        tenSecondsLeft = phrases.render("cue.ten-seconds-left")
        pinAndStretch = phrases.render("cue.pin-and-stretch")
        switchSides = phrases.templates["cue.switch-sides"]!
        keepPressure = phrases.templates["cue.keep-pressure"]!
        eased = phrases.render("cue.eased")
        paused = phrases.render("cue.paused")
        resumed = phrases.render("cue.resumed")
        skipped = phrases.render("cue.skipped")
        sessionEnd = phrases.render("cue.session-end")
        safetyStop = catalog.screening.stopMessage
        stopMessages = Dictionary(
            uniqueKeysWithValues: catalog.screening.stopSignals.compactMap { signal in signal.message.map { (signal.id, $0) } })
        sides = Dictionary(uniqueKeysWithValues: BodySide.allCases.map { ($0.rawValue, catalog.name(of: $0)) })
    }

    private enum CodingKeys: String, CodingKey {
        case halfway, tenSecondsLeft, pinAndStretch, switchSides, keepPressure, eased, paused, resumed, skipped, sessionEnd
        case safetyStop, stopMessages, sides
    }

    /// Checkpoints saved before signals had messages of their own say the common one for each;
    /// those saved before sides had words say the side's id, which was the English word.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        halfway = try container.decode(String.self, forKey: .halfway)
        tenSecondsLeft = try container.decode(String.self, forKey: .tenSecondsLeft)
        pinAndStretch = try container.decode(String.self, forKey: .pinAndStretch)
        switchSides = try container.decode(Template.self, forKey: .switchSides)
        keepPressure = try container.decode(Template.self, forKey: .keepPressure)
        eased = try container.decode(String.self, forKey: .eased)
        paused = try container.decode(String.self, forKey: .paused)
        resumed = try container.decode(String.self, forKey: .resumed)
        skipped = try container.decode(String.self, forKey: .skipped)
        sessionEnd = try container.decode(String.self, forKey: .sessionEnd)
        safetyStop = try container.decode(String.self, forKey: .safetyStop)
        stopMessages = try container.decodeIfPresent([StopSignal.ID: String].self, forKey: .stopMessages) ?? [:]
        sides = try container.decodeIfPresent([String: String].self, forKey: .sides) ?? [:]
    }
}

/// Something to say, and when it was due.
public struct Cue: Codable, Sendable, Equatable {
    /// What a cue is for. The raw values are what the API sends and checkpoints store.
    public enum Kind: String, Codable, Sendable, CaseIterable {
        /// A step begins: its instruction.
        case step
        /// Half of a hold has passed.
        case halfway
        /// Ten seconds of a hold are left.
        case tenSecondsLeft = "ten-seconds-left"
        /// Half of a pin-and-stretch has passed: start moving.
        case pinAndStretch = "pin-and-stretch"
        /// The next step is on the other side.
        case switchSides = "switch-sides"
        /// "It eased" came before the hold's minimum.
        case keepPressure = "keep-pressure"
        case eased, paused, resumed, skipped
        /// A stop signal stopped the step.
        case safety
        case sessionEnd = "session-end"
    }

    public let kind: Kind
    public let text: String
    /// The step it belongs to (its number in the plan), if any.
    public let step: Int?
    /// Session time at which it was due: an absolute deadline, not when it was noticed.
    public let at: Duration

    public init(kind: Kind, text: String, step: Int?, at: Duration) {
        self.kind = kind
        self.text = text
        self.step = step
        self.at = at
    }

    /// Whether this cue stops pressure for safety.
    public var isSafety: Bool { kind == .safety }
}
