import KnotworkCore

extension SessionMachine {
    /// What the person can do.
    public enum Event: Sendable, Equatable, Hashable {
        case start, pause, resume
        /// "The tenderness has eased": ends a hold once its minimum has passed.
        case eased
        /// A stop signal of the catalog (`ss-sharp`, `ss-numbness`, `ss-dizzy`…): stops the step
        /// at once, running or paused, and says that signal's safety message.
        case stop(StopSignal.ID)
        case skip, quit
        /// "Finish now": ends the session early, from any phase before the end. The step under
        /// way is recorded as far as it went and the steps not reached as skipped; the session
        /// is then finished, to be rated and saved.
        case end

        /// Whether this event acts on the step under way and no other: skip and "it eased". A
        /// second tap of one, meant for a step that has since ended, must not act on the next.
        /// Every other event (a pause, a stop signal, quit) means the same whatever the step.
        public var isForOneStep: Bool {
            switch self {
            case .skip, .eased: true
            default: false
            }
        }

        /// Sharp or stabbing pain, the stop signal of the coach's one-key stop.
        public static let sharpPain = Event.stop("ss-sharp")

        /// The events a person sends by name (every one but start); a stop signal is sent as
        /// `stop` with its id, or as `sharp-pain` for ``sharpPain``.
        public static let names = ["pause", "resume", "eased", "sharp-pain", "stop", "skip", "quit", "end"]

        /// An event from its name, as in ``names``; `stop` needs one of `signals`.
        public init?(name: String, signal: StopSignal.ID? = nil, signals: [StopSignal.ID]) {
            switch name {
            case "pause": self = .pause
            case "resume": self = .resume
            case "eased": self = .eased
            case "sharp-pain": self = .sharpPain
            case "stop":
                guard let signal, signals.contains(signal) else { return nil }
                self = .stop(signal)
            case "skip": self = .skip
            case "quit": self = .quit
            case "end": self = .end
            default: return nil
            }
        }
    }

    public enum Phase: String, Codable, Sendable, CaseIterable {
        case ready, running, paused
        /// A step was stopped for safety; the session waits for `resume` (or `quit`).
        case safetyStop = "safety-stop"
        /// Left with `quit`; `resume` continues where it was.
        case quit
        case finished
    }

    /// The machine at a moment, to save and restore.
    public struct Checkpoint: Codable, Sendable, Equatable {
        public let machine: SessionMachine
        /// Session time when it was taken.
        public let takenAt: Duration
    }
}
