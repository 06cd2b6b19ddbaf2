extension Planner {
    /// Checks a plan made elsewhere (a saved file, an API client) against the catalog and the
    /// protocol, so nothing reaches the coach that the planner itself would not make.
    /// - Throws: ``PlanError`` naming the step and field at fault.
    public func check(_ plan: Plan) throws(PlanError) {
        func fail(_ where_: String, _ problem: String) -> PlanError { PlanError(problem: "\(where_): \(problem)") }
        guard plan.schema == Plan.currentSchema else {
            throw fail("schema", "'\(plan.schema)' is not \(Plan.currentSchema)")
        }
        guard !plan.steps.isEmpty else { throw fail("steps", "there are none") }
        var pressure = 0, total = 0
        for (index, step) in plan.steps.enumerated() {
            let at = "step \(index + 1)"
            guard step.number == index + 1 else { throw fail(at, "field 'number' is \(step.number); steps are numbered 1, 2, 3…") }
            let dosage = catalog.technique(step.technique).seconds
            guard (dosage.min...dosage.max).contains(step.seconds) else {
                throw fail(at, "field 'seconds': \(step.seconds) is outside \(step.technique.rawValue)'s \(dosage.min)–\(dosage.max) s")
            }
            guard step.pressure == step.technique.isPressure else {
                throw fail(at, "field 'pressure' must be \(step.technique.isPressure) for \(step.technique.rawValue)")
            }
            if let muscle = step.muscle, catalog.muscle(muscle) == nil {
                throw fail(at, "field 'muscle': unknown muscle '\(muscle)'; \(Suggestion.hint(for: muscle, in: catalog.muscles.map(\.id)))")
            }
            if let tool = step.tool {
                guard let known = catalog.tool(tool) else {
                    throw fail(at, "field 'tool': unknown tool '\(tool)'; \(Suggestion.hint(for: tool, in: catalog.tools.map(\.id)))")
                }
                guard catalog.technique(step.technique).toolKinds.contains(known.kind) else {
                    throw fail(at, "field 'tool': \(tool) is not used for \(step.technique.rawValue)")
                }
            }
            if step.technique.isPressure, step.muscle == nil || step.tool == nil {
                throw fail(at, "pressure work needs a muscle and a tool")
            }
            if step.pressure { pressure += step.seconds }
            total += step.seconds
        }
        guard pressure <= catalog.limits.maxPressureSecondsPerSession else {
            throw fail("steps", "\(pressure) s of pressure work is over the \(catalog.limits.maxPressureSecondsPerSession) s a session allows")
        }
        guard total <= PlanRequest.minutesRange.upperBound * 60 else {
            throw fail("steps", "\(total) s in all is over \(PlanRequest.minutesRange.upperBound) minutes")
        }
    }
}
