import Foundation
import KnotworkCore
import KnotworkSession

/// A coached session under way: its engine's checkpoint and what the journal will need when it
/// ends. Saved on every transition, so a quit, a crash or a restart resumes it.
public struct LiveSessionRecord: Codable, Sendable, Equatable, Identifiable {
    public var id: UUID
    /// Wall-clock start, UTC.
    public var startedAt: Date
    public var timeZone: String
    public var painBefore: Int?
    public var plan: Plan
    public var checkpoint: SessionMachine.Checkpoint
    /// When the checkpoint was saved.
    public var updatedAt: Date

    public init(
        id: UUID = UUID(), startedAt: Date, timeZone: String, painBefore: Int?, plan: Plan,
        checkpoint: SessionMachine.Checkpoint, updatedAt: Date
    ) {
        self.id = id
        self.startedAt = startedAt.wholeSeconds
        self.timeZone = timeZone
        self.painBefore = painBefore
        self.plan = plan
        self.checkpoint = checkpoint
        self.updatedAt = updatedAt
    }

    /// Takes the engine's state at session time `now` as the checkpoint to save.
    public mutating func record(_ machine: SessionMachine, at now: Duration) {
        checkpoint = machine.checkpoint(at: now)
        updatedAt = Date()
    }

    /// The journal record of this session once it has ended.
    public func finished(endedAt: Date, painAfter: Int?, note: String? = nil) -> SessionRecord {
        let machine = checkpoint.machine
        let pressure = machine.outcomes.filter { outcome in
            machine.steps.first { $0.number == outcome.number }?.pressure == true
        }.reduce(0) { $0 + $1.actualSeconds }
        return SessionRecord(
            id: id, startedAt: startedAt, timeZone: timeZone, endedAt: endedAt, regions: plan.request.regions,
            side: plan.request.side, painBefore: painBefore, painAfter: painAfter, pressureSeconds: pressure,
            steps: machine.outcomes, plan: plan, note: note, source: .coach)
    }
}

/// A live session's checkpoint and the account it belongs to: what a batch of checkpoints of
/// several people's sessions, saved in one transaction, holds.
public struct OwnedLiveSession: Sendable, Equatable {
    public var live: LiveSessionRecord
    public var owner: AccountID

    public init(_ live: LiveSessionRecord, owner: AccountID) {
        self.live = live
        self.owner = owner
    }
}
