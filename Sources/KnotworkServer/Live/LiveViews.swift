import Foundation
import KnotworkCore
import KnotworkSession

/// A cue as the API sends it; times in seconds of session time.
struct CueView: Codable, Sendable, Equatable {
    let kind: Cue.Kind
    let text: String
    let step: Int?
    let at: Double
    let safety: Bool

    init(_ cue: Cue) {
        kind = cue.kind
        text = cue.text
        step = cue.step
        at = cue.at.inSeconds
        safety = cue.isSafety
    }
}

/// A live session's state as the API sends it.
struct LiveView: Codable, Sendable, Equatable {
    let id: UUID
    let phase: SessionMachine.Phase
    let position: Int?
    let stepCount: Int
    let step: Step?
    /// What the step asks, in plain words, from the catalog's phrases.
    let title: String?
    let next: Step?
    let nextTitle: String?
    let stepSeconds: Double
    let stepElapsed: Double
    let stepRemaining: Double
    let sessionProgress: Double
    let pressureUsed: Double
    let pressureCap: Double
    let painBefore: Int?
    let lastCue: CueView?
    /// The plan, in answers to requests; left out of stream events, which come often.
    let plan: Plan?
    /// How fast session time runs against wall time (1 in use), so a client can count down
    /// between events.
    let speed: Double

    init(
        id: UUID, machine: SessionMachine, now: Duration, painBefore: Int?, lastCue: CueView?, plan: Plan?, speed: Double, catalog: Catalog
    ) {
        let snapshot = machine.snapshot(at: now)
        self.id = id
        phase = snapshot.phase
        position = snapshot.position
        stepCount = snapshot.stepCount
        step = snapshot.step
        title = snapshot.step.map(catalog.title)
        next = snapshot.next
        nextTitle = snapshot.next.map(catalog.title)
        stepSeconds = snapshot.stepLength.inSeconds
        stepElapsed = snapshot.stepElapsed.inSeconds
        stepRemaining = snapshot.stepRemaining.inSeconds
        sessionProgress = snapshot.sessionProgress
        pressureUsed = snapshot.pressureUsed.inSeconds
        pressureCap = snapshot.pressureCap.inSeconds
        self.painBefore = painBefore
        self.lastCue = lastCue
        self.plan = plan
        self.speed = speed
    }
}

/// One Server-Sent Event.
struct StreamEvent: Sendable {
    let id: Int
    let name: String
    let data: String

    var encoded: String { "id: \(id)\nevent: \(name)\ndata: \(data)\n\n" }
}
