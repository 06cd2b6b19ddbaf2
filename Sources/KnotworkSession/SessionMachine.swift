import KnotworkCore

/// The guided session as a pure state machine over a ``Plan``.
///
/// Time is session time, a `Duration` the caller measures from any origin with whatever clock it
/// has; the machine never reads a clock. Each step's cues are scheduled at offsets from the
/// step's start, and each step starts exactly when the one before it was due to end, so a late
/// wake-up delays one cue but never the schedule. The caller sleeps until ``nextDeadline`` and
/// then calls ``advance(to:)``, and passes the person's events to ``handle(_:at:)``; both return
/// the cues to speak. The whole machine is `Codable`: a ``Checkpoint`` restores it anywhere.
public struct SessionMachine: Codable, Sendable, Equatable {
    public let steps: [Step]
    public let cues: CueBook
    /// Pressure work allowed in this session, whatever the plan says.
    public let pressureCap: Duration

    public private(set) var phase: Phase = .ready
    /// Index of the current step in ``steps``; nil before the start and after the end.
    public private(set) var current: Int?
    /// What happened to each step that has ended, in order.
    public private(set) var outcomes: [StepOutcome] = []
    /// Pressure work done in steps that have ended.
    public private(set) var pressureDone: Duration = .zero
    /// Session time of the start.
    public private(set) var startedAt: Duration?
    /// Session time of the end.
    public private(set) var finishedAt: Duration?

    /// Session time the current step's clock started, moved forward by pauses.
    private var stepStart: Duration = .zero
    /// Length of the current step: its plan, or less if the pressure cap cuts it short.
    private var stepLength: Duration = .zero
    /// Time into the current step when it was paused or quit.
    private var frozenElapsed: Duration?
    private var schedule: [ScheduledCue] = []
    private var nextCue = 0
    /// Muscles whose pressure work was stopped for safety: the rest of it is skipped.
    private var blockedMuscles: [MuscleID] = []
    /// The side of the last step that had one, to announce a switch.
    private var lastSide: BodySide?

    private struct ScheduledCue: Codable, Sendable, Equatable {
        let offset: Duration
        let kind: Cue.Kind
        let text: String
    }

    /// The words of a cue the machine schedules for `step`: a step's own cue, a side switch or
    /// one of the cue book's. Nil for a kind it never schedules. The one place these words are
    /// made, so a schedule restored from kinds alone (``Moving``) says what the original would.
    private static func words(for kind: Cue.Kind, of step: Step, cues: CueBook) -> String? {
        switch kind {
        case .step: step.cue
        case .switchSides: step.side.map { cues.switchSides.render(["side": cues.name(of: $0)]) }
        case .halfway: cues.halfway
        case .pinAndStretch: cues.pinAndStretch
        case .tenSecondsLeft: cues.tenSecondsLeft
        default: nil
        }
    }

    private static func scheduled(_ kind: Cue.Kind, at offset: Duration, of step: Step, cues: CueBook) -> ScheduledCue {
        ScheduledCue(offset: offset, kind: kind, text: words(for: kind, of: step, cues: cues) ?? "")
    }

    /// A machine ready to start.
    /// - Parameters:
    ///   - plan: the plan to follow.
    ///   - cues: the words for the engine's own cues.
    ///   - pressureCap: pressure work allowed (default and at most 10 minutes).
    public init(plan: Plan, cues: CueBook, pressureCap: Duration = .seconds(Catalog.ProtocolBounds.maxPressureSeconds)) {
        steps = plan.steps
        self.cues = cues
        self.pressureCap = min(pressureCap, .seconds(Catalog.ProtocolBounds.maxPressureSeconds))
    }

    // MARK: - Reading the state

    /// The step under way, if any.
    public var currentStep: Step? { current.map { steps[$0] } }

    /// When the machine next needs ``advance(to:)``: the next cue or step end; nil unless running.
    public var nextDeadline: Duration? {
        guard phase == .running else { return nil }
        let end = stepStart + stepLength
        if nextCue < schedule.count { return min(stepStart + schedule[nextCue].offset, end) }
        return end
    }

    /// Time into the current step.
    public func stepElapsed(at now: Duration) -> Duration {
        if let frozenElapsed { return frozenElapsed }
        guard phase == .running else { return .zero }
        return min(max(now - stepStart, .zero), stepLength)
    }

    /// Time left in the current step.
    public func stepRemaining(at now: Duration) -> Duration {
        guard current != nil, phase != .safetyStop, phase != .finished else { return .zero }
        return stepLength - stepElapsed(at: now)
    }

    /// The current step's length (its plan, or less when the pressure cap cuts it).
    public var currentStepLength: Duration { current == nil ? .zero : stepLength }

    /// Pressure work so far, the current step included.
    public func pressureUsed(at now: Duration) -> Duration {
        guard let step = currentStep, step.pressure, phase != .safetyStop else { return pressureDone }
        return pressureDone + stepElapsed(at: now)
    }

    /// The next step that will run, if any: steps the session will pass over (pressure on a
    /// muscle stopped for safety, pressure past the cap) are not it.
    public var nextStep: Step? {
        guard let current else { return phase == .ready ? steps.first { skipReason($0) == nil } : nil }
        return steps.dropFirst(current + 1).first { skipReason($0) == nil }
    }

    /// Why a step about to begin is passed over, if it is.
    private func skipReason(_ step: Step) -> StepOutcome.SkipReason? {
        if let muscle = step.muscle, blockedMuscles.contains(muscle), step.pressure || step.technique == .releaseAndSearch {
            return .afterSafetyStop
        }
        if step.pressure, pressureCap - pressureDone <= .zero { return .pressureLimit }
        return nil
    }

    // MARK: - Events

    /// Applies an event at session time `now`. Events that do not apply in the current phase
    /// change nothing and return no cues.
    public mutating func handle(_ event: Event, at now: Duration) -> [Cue] {
        switch (event, phase) {
        case (.start, .ready), (.resume, .ready):
            startedAt = now
            phase = .running
            return begin(0, at: now) + advance(to: now)

        case (.pause, .running):
            var out = advance(to: now)
            guard phase == .running else { return out }
            frozenElapsed = stepElapsed(at: now)
            phase = .paused
            out.append(cue(.paused, cues.paused, at: now))
            return out

        case (.quit, .running):
            let out = advance(to: now)
            guard phase == .running else { return out }
            frozenElapsed = stepElapsed(at: now)
            phase = .quit
            return out

        case (.quit, .paused), (.quit, .safetyStop), (.quit, .ready):
            phase = .quit
            return []

        case (.resume, .paused), (.resume, .quit), (.resume, .safetyStop):
            phase = .running
            let resumed = cue(.resumed, cues.resumed, at: now)
            if let elapsed = frozenElapsed {
                // Paused, or quit while a step was under way: carry on with the time it had.
                stepStart = now - elapsed
                frozenElapsed = nil
                return [resumed] + advance(to: now)
            }
            // After a safety stop the stopped step is over: go on to the next (or the first,
            // for a session quit before it started).
            if startedAt == nil { startedAt = now }
            return [resumed] + begin((current ?? -1) + 1, at: now) + advance(to: now)

        case (.eased, .running):
            var out = advance(to: now)
            guard phase == .running, let step = currentStep else { return out }
            let elapsed = stepElapsed(at: now)
            // The minimum hold, unless the pressure cap has made the step shorter than that.
            let minimum = min(Duration.seconds(step.range.min), stepLength)
            if step.pressure, elapsed < minimum {
                let left = Int((minimum - elapsed).inSeconds.rounded(.up))
                out.append(cue(.keepPressure, cues.keepPressure.render(["duration": TimeText.spoken(left)]), at: now))
                return out
            }
            out += end(outcome: .eased, elapsed: elapsed, reason: nil, at: now)
            if step.pressure { out.append(cue(.eased, cues.eased, at: now)) }
            return out + begin(current! + 1, at: now) + advance(to: now)

        case (.stop(let signal), .running), (.stop(let signal), .paused):
            var out = phase == .running ? advance(to: now) : []
            guard phase == .running || phase == .paused, let step = currentStep else { return out }
            out += end(outcome: .stopped, elapsed: stepElapsed(at: now), reason: signal, at: now)
            if let muscle = step.muscle, !blockedMuscles.contains(muscle) { blockedMuscles.append(muscle) }
            frozenElapsed = nil
            phase = .safetyStop
            out.append(cue(.safety, cues.stopMessage(for: signal), at: now))
            return out

        case (.end, .ready), (.end, .running), (.end, .paused), (.end, .quit), (.end, .safetyStop):
            var out = phase == .running ? advance(to: now) : []
            guard phase != .finished else { return out }
            // The step under way (not one already ended by a safety stop) counts as far as it went.
            if current != nil, phase != .safetyStop {
                out += end(
                    outcome: .skipped, elapsed: frozenElapsed ?? stepElapsed(at: now), reason: StepOutcome.SkipReason.endedEarly.rawValue,
                    at: now)
            }
            let reached = outcomes.map(\.number)
            for step in steps where !reached.contains(step.number) {
                outcomes.append(StepOutcome(step, actualSeconds: 0, outcome: .skipped, reason: StepOutcome.SkipReason.endedEarly.rawValue))
            }
            if startedAt == nil { startedAt = now }
            current = nil
            frozenElapsed = nil
            phase = .finished
            finishedAt = now
            out.append(cue(.sessionEnd, cues.sessionEnd, at: now))
            return out

        case (.skip, .running), (.skip, .paused):
            var out = phase == .running ? advance(to: now) : []
            guard phase == .running || phase == .paused, current != nil else { return out }
            out += end(outcome: .skipped, elapsed: stepElapsed(at: now), reason: StepOutcome.SkipReason.skipped.rawValue, at: now)
            frozenElapsed = nil
            phase = .running
            out.append(cue(.skipped, cues.skipped, at: now))
            return out + begin(current! + 1, at: now) + advance(to: now)

        default:
            return []
        }
    }

    // MARK: - Time

    /// Emits every cue and ends every step due by `now`, each at its own deadline.
    public mutating func advance(to now: Duration) -> [Cue] {
        var out: [Cue] = []
        while phase == .running, let index = current, let deadline = nextDeadline, deadline <= now {
            let end = stepStart + stepLength
            if nextCue < schedule.count, stepStart + schedule[nextCue].offset <= end {
                let scheduled = schedule[nextCue]
                nextCue += 1
                out.append(Cue(kind: scheduled.kind, text: scheduled.text, step: steps[index].number, at: stepStart + scheduled.offset))
            } else {
                out += self.end(outcome: .done, elapsed: stepLength, reason: nil, at: end)
                out += begin(index + 1, at: end)
            }
        }
        return out
    }

    // MARK: - Steps

    /// Starts step `index` at `time`, skipping steps that may not run; finishes after the last.
    private mutating func begin(_ index: Int, at time: Duration) -> [Cue] {
        var index = index
        while index < steps.count {
            let step = steps[index]
            guard let reason = skipReason(step) else { break }
            outcomes.append(StepOutcome(step, actualSeconds: 0, outcome: .skipped, reason: reason.rawValue))
            index += 1
        }
        guard index < steps.count else {
            current = nil
            phase = .finished
            finishedAt = time
            return [cue(.sessionEnd, cues.sessionEnd, at: time)]
        }
        let step = steps[index]
        current = index
        stepStart = time
        frozenElapsed = nil
        stepLength = .seconds(step.seconds)
        if step.pressure { stepLength = min(stepLength, pressureCap - pressureDone) }

        schedule = []
        if let side = step.side {
            if let lastSide, lastSide != side { schedule.append(Self.scheduled(.switchSides, at: .zero, of: step, cues: cues)) }
            lastSide = side
        }
        schedule.append(Self.scheduled(.step, at: .zero, of: step, cues: cues))
        if step.pressure, stepLength >= .seconds(30) {
            let middle: Cue.Kind = step.technique == .pinAndStretch ? .pinAndStretch : .halfway
            schedule.append(Self.scheduled(middle, at: stepLength / 2, of: step, cues: cues))
        }
        if step.pressure, stepLength >= .seconds(25) {
            schedule.append(Self.scheduled(.tenSecondsLeft, at: stepLength - .seconds(10), of: step, cues: cues))
        }
        schedule.sort { $0.offset < $1.offset }
        nextCue = 0
        return []
    }

    /// Records the end of the current step.
    private mutating func end(outcome: StepOutcome.Outcome, elapsed: Duration, reason: String?, at time: Duration) -> [Cue] {
        guard let step = currentStep else { return [] }
        if step.pressure { pressureDone += elapsed }
        outcomes.append(StepOutcome(step, actualSeconds: Int(elapsed.inSeconds.rounded()), outcome: outcome, reason: reason))
        schedule = []
        nextCue = 0
        return []
    }

    private func cue(_ kind: Cue.Kind, _ text: String, at time: Duration) -> Cue {
        Cue(kind: kind, text: text, step: currentStep?.number, at: time)
    }

    // MARK: - Checkpoints

    /// The state at `now`, for saving.
    public func checkpoint(at now: Duration) -> Checkpoint { Checkpoint(machine: self, takenAt: now) }

    /// What never changes during the session: the steps, the cue words and the pressure cap.
    public var fixed: Fixed { Fixed(steps: steps, cues: cues, pressureCap: pressureCap) }

    /// What changes as the session goes, taken at session time `takenAt`.
    func moving(takenAt: Duration) -> Moving {
        Moving(
            phase: phase, current: current, outcomes: outcomes, pressureDone: pressureDone, startedAt: startedAt,
            finishedAt: finishedAt, stepStart: stepStart, stepLength: stepLength, frozenElapsed: frozenElapsed,
            pending: schedule.map { Moving.Pending(offset: $0.offset, kind: $0.kind) }, nextCue: nextCue,
            blockedMuscles: blockedMuscles, lastSide: lastSide, takenAt: takenAt)
    }

    /// The machine a fixed part and a moving part describe, its cue words taken from the fixed
    /// part.
    /// - Throws: ``CheckpointMismatch`` when the moving part names a step the fixed part lacks,
    ///   or a cue the step cannot have: parts of two different sessions.
    init(fixed: Fixed, moving: Moving) throws(CheckpointMismatch) {
        steps = fixed.steps
        cues = fixed.cues
        pressureCap = fixed.pressureCap
        phase = moving.phase
        current = moving.current
        outcomes = moving.outcomes
        pressureDone = moving.pressureDone
        startedAt = moving.startedAt
        finishedAt = moving.finishedAt
        stepStart = moving.stepStart
        stepLength = moving.stepLength
        frozenElapsed = moving.frozenElapsed
        nextCue = moving.nextCue
        blockedMuscles = moving.blockedMuscles
        lastSide = moving.lastSide
        guard moving.nextCue >= 0, moving.nextCue <= moving.pending.count else {
            throw CheckpointMismatch("cue \(moving.nextCue) is next of \(moving.pending.count) pending")
        }
        guard let index = moving.current else {
            guard moving.pending.isEmpty else { throw CheckpointMismatch("cues are pending with no step under way") }
            return
        }
        guard fixed.steps.indices.contains(index) else {
            throw CheckpointMismatch("step index \(index) is not one of the \(fixed.steps.count) steps")
        }
        let step = fixed.steps[index]
        schedule = try moving.pending.map { pending throws(CheckpointMismatch) in
            guard let text = Self.words(for: pending.kind, of: step, cues: fixed.cues) else {
                throw CheckpointMismatch("step \(step.number) cannot have a pending '\(pending.kind.rawValue)' cue")
            }
            return ScheduledCue(offset: pending.offset, kind: pending.kind, text: text)
        }
    }

    /// A machine restored from a checkpoint into a session clock that now reads `now`: the time
    /// between the checkpoint and now does not count, so the step resumes with the time it had.
    public static func restore(_ checkpoint: Checkpoint, at now: Duration) -> SessionMachine {
        var machine = checkpoint.machine
        let shift = now - checkpoint.takenAt
        machine.stepStart += shift
        machine.startedAt = machine.startedAt.map { $0 + shift }
        machine.finishedAt = machine.finishedAt.map { $0 + shift }
        return machine
    }
}
