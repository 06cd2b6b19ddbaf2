import KnotworkCore
import KnotworkSession

let catalog = try! Catalog.bundled()
let cueBook = CueBook(catalog: catalog)

/// A short plan with every kind of step, on both sides:
/// warm-up 60, water 20, medius hold 45 (L), pin and stretch 30 (L), piriformis hold 45 (L),
/// medius hold 45 (R), water 20 — 265 s in all, 165 s of pressure.
let testPlan: Plan = {
    let hold = Dosage(min: 30, default: 45, max: 60)
    let pin = Dosage(min: 20, default: 30, max: 45)
    let steps = [
        Step(number: 1, technique: .warmUp, seconds: 60, range: Dosage(min: 60, default: 60, max: 300), cue: "Warm up."),
        Step(number: 2, technique: .hydrate, seconds: 20, range: Dosage(min: 10, default: 20, max: 60), cue: "Drink."),
        Step(
            number: 3, technique: .sustainedPressure, muscle: "gluteus-medius", tool: "lacrosse-ball", side: .left, seconds: 45,
            range: hold, cue: "Left medius."),
        Step(
            number: 4, technique: .pinAndStretch, muscle: "gluteus-medius", tool: "lacrosse-ball", side: .left, seconds: 30, range: pin,
            cue: "Pin and stretch."),
        Step(
            number: 5, technique: .sustainedPressure, muscle: "piriformis", tool: "lacrosse-ball", side: .left, seconds: 45, range: hold,
            cue: "Left piriformis."),
        Step(
            number: 6, technique: .sustainedPressure, muscle: "gluteus-medius", tool: "lacrosse-ball", side: .right, seconds: 45,
            range: hold, cue: "Right medius."),
        Step(number: 7, technique: .hydrate, seconds: 20, range: Dosage(min: 10, default: 20, max: 60), cue: "Drink again."),
    ]
    return Plan(request: PlanRequest(regions: ["outer-hip"]), steps: steps)
}()

func machine(cap: Duration = .seconds(600)) -> SessionMachine {
    SessionMachine(plan: testPlan, cues: cueBook, pressureCap: cap)
}

extension Duration {
    static func s(_ seconds: Double) -> Duration { .milliseconds(Int64(seconds * 1000)) }
}

/// "kind@seconds" for each cue, for compact comparisons.
func trace(_ cues: [Cue]) -> [String] {
    cues.map { cue in
        let (seconds, attoseconds) = cue.at.components
        let value = Double(seconds) + Double(attoseconds) / 1e18
        let text = value == value.rounded() ? String(Int(value)) : String(value)
        return "\(cue.kind.rawValue)\(cue.step.map { "#\($0)" } ?? "")@\(text)"
    }
}
