import KnotworkCore

// A checkpoint in two parts: what never changes during a session (the steps, the cue words, the
// pressure cap), saved once, and what changes on every cue and event, saved each time. The whole
// ``SessionMachine/Checkpoint`` still encodes and decodes as it always has.
extension SessionMachine {
    /// What of a machine never changes during its session.
    public struct Fixed: Codable, Sendable, Equatable {
        public let steps: [Step]
        public let cues: CueBook
        public let pressureCap: Duration

        public init(steps: [Step], cues: CueBook, pressureCap: Duration) {
            self.steps = steps
            self.cues = cues
            self.pressureCap = pressureCap
        }
    }

    /// What of a checkpoint changes as the session goes: the phase, the step under way, the
    /// outcomes so far, the session times, the cues still to come and when it was taken. It holds
    /// no words: its pending cues are kinds and times, their words are the fixed part's.
    public struct Moving: Codable, Sendable, Equatable {
        /// A cue still to come in the current step: its offset from the step's start.
        struct Pending: Codable, Sendable, Equatable {
            let offset: Duration
            let kind: Cue.Kind
        }

        public let phase: Phase
        /// Index of the step under way in the fixed part's steps.
        public let current: Int?
        public let outcomes: [StepOutcome]
        public let pressureDone: Duration
        public let startedAt: Duration?
        public let finishedAt: Duration?
        let stepStart: Duration
        let stepLength: Duration
        let frozenElapsed: Duration?
        let pending: [Pending]
        let nextCue: Int
        let blockedMuscles: [MuscleID]
        let lastSide: BodySide?
        /// Session time when it was taken.
        public let takenAt: Duration
    }

    /// Why a fixed part and a moving part do not make one machine.
    public struct CheckpointMismatch: Error, Equatable, CustomStringConvertible {
        public let problem: String

        init(_ problem: String) { self.problem = problem }

        public var description: String { problem }
    }
}

extension SessionMachine.Checkpoint {
    /// The part that never changes during the session: save it once.
    public var fixed: SessionMachine.Fixed { machine.fixed }

    /// The part that changes: save it every time.
    public var moving: SessionMachine.Moving { machine.moving(takenAt: takenAt) }

    /// The checkpoint a fixed and a moving part of one session make.
    /// - Throws: ``SessionMachine/CheckpointMismatch`` when the parts cannot be of one session
    ///   (the moving part names a step or a cue the fixed part does not have).
    public init(fixed: SessionMachine.Fixed, moving: SessionMachine.Moving) throws(SessionMachine.CheckpointMismatch) {
        self.init(machine: try SessionMachine(fixed: fixed, moving: moving), takenAt: moving.takenAt)
    }
}
