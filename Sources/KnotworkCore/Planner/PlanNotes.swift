extension Catalog {
    /// What a person may wonder about a plan, in plain words from the phrases: a tool they have
    /// at hand that the plan does not use, and why the plan is shorter than the minutes given.
    public func notes(on plan: Plan) -> [String] {
        var notes: [String] = []
        let used = Set(plan.steps.compactMap(\.tool))
        let worked = plan.muscles.filter(\.included).compactMap { muscle($0.muscle) }
        for id in plan.request.tools where !used.contains(id) {
            guard let tool = tool(id) else { continue }
            let name = tool.name.lowercased()
            if worked.contains(where: { $0.tools.contains(id) }),
                let chosen = used.compactMap({ self.tool($0) }).first(where: { $0.kind == tool.kind })
            {
                notes.append(phrases.render("note.tool-other-chosen", ["tool": name, "chosen": chosen.name.lowercased()]))
            } else if !worked.contains(where: { $0.tools.contains(id) }) {
                notes.append(phrases.render("note.tool-not-for-these", ["tool": name]))
            }
        }
        // A minute short is rounding; more than that, the person should know why.
        if plan.totalSeconds < plan.request.minutes * 60 - 60, !plan.steps.isEmpty {
            notes.append(
                phrases.render(
                    "note.shorter",
                    [
                        "planned": TimeText.spoken(plan.totalSeconds), "minutes": TimeText.spoken(plan.request.minutes * 60),
                        "cap": TimeText.spoken(limits.maxPressureSecondsPerSession),
                    ]))
        }
        return notes
    }
}
