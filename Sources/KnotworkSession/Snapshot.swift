import KnotworkCore

/// What a screen shows of a session at one moment.
public struct Snapshot: Codable, Sendable, Equatable {
    public let phase: SessionMachine.Phase
    public let step: Step?
    /// 1-based position of the current step, and the number of steps.
    public let position: Int?
    public let stepCount: Int
    public let stepLength: Duration
    public let stepElapsed: Duration
    public let stepRemaining: Duration
    public let next: Step?
    /// 0…1 of the planned session done, by time.
    public let sessionProgress: Double
    public let pressureUsed: Duration
    public let pressureCap: Duration
}

extension SessionMachine {
    /// The state at `now`, for display.
    public func snapshot(at now: Duration) -> Snapshot {
        let total = steps.reduce(0) { $0 + $1.seconds }
        var done = 0.0
        for outcome in outcomes { done += Double(steps.first { $0.number == outcome.number }?.seconds ?? 0) }
        if let step = currentStep, step.seconds > 0, phase != .safetyStop {
            done += Double(step.seconds) * min(1, stepElapsed(at: now) / currentStepLength.nonZero)
        }
        return Snapshot(
            phase: phase, step: currentStep, position: current.map { $0 + 1 }, stepCount: steps.count,
            stepLength: currentStepLength, stepElapsed: stepElapsed(at: now), stepRemaining: stepRemaining(at: now),
            next: nextStep, sessionProgress: phase == .finished ? 1 : total > 0 ? min(1, done / Double(total)) : 0,
            pressureUsed: pressureUsed(at: now), pressureCap: pressureCap)
    }
}

extension Duration {
    fileprivate var nonZero: Duration { self == .zero ? .nanoseconds(1) : self }
}
