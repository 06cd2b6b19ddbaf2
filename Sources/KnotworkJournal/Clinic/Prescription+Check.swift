import Foundation
import KnotworkCore

extension Prescription {
    /// The prescription as it may be kept, checked against the catalog with the planner's own
    /// rules: regions and tools as ``PlanRequest/parse(regions:side:tools:minutes:answers:catalog:)``
    /// reads them (known ids, at least one, trimmed, repeats dropped), minutes by
    /// ``PlanRequest/checkMinutes(_:)``, and the notes by ``NoteText/checked(_:field:)``. Besides:
    /// at least one day and no day twice, and no end before the start.
    /// - Returns: the prescription with its regions and tools as the planner reads them, its days
    ///   in week order.
    /// - Throws: ``InputError`` naming the first bad field (`regions`, `tools`, `minutes`,
    ///   `days`, `ends`, `notes`) and what would be valid.
    @discardableResult
    public func check(catalog: Catalog) throws(InputError) -> Prescription {
        let request = try PlanRequest.parse(
            regions: regions, side: side.rawValue, tools: tools, minutes: minutes, answers: [], catalog: catalog)
        guard !days.isEmpty else {
            throw InputError(
                field: "days", value: "",
                problem: "name at least one day of the week (valid: \(Weekday.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        if let twice = Weekday.allCases.first(where: { day in days.count { $0 == day } > 1 }) {
            throw InputError(
                field: "days", value: twice.rawValue, problem: "\(twice.rawValue) is named twice; name each day of the week once")
        }
        if let ends, ends < starts {
            throw InputError(
                field: "ends", value: ends.description,
                problem: "ends \(ends) is before starts \(starts); give a last day on or after the first, or none")
        }
        var checked = self
        checked.notes = try NoteText.checked(notes, field: "notes")
        checked.regions = request.regions
        checked.tools = request.tools
        checked.days = days.sorted()
        return checked
    }

    /// What to ask the planner for a session of this prescription, with today's screening
    /// answers: the plan is made, and screened, as any other is.
    /// - Parameters:
    ///   - answers: today's screening answers (question id → yes).
    ///   - recentDeepPressure: muscles that had deep pressure in the last 24 hours, as the
    ///     journal knows them (see ``PlanRequest/recentDeepPressure``).
    public func planRequest(answers: [QuestionID: Bool], recentDeepPressure: [MuscleID] = []) -> PlanRequest {
        PlanRequest(
            regions: regions, side: side, tools: tools, minutes: minutes, answers: answers, recentDeepPressure: recentDeepPressure)
    }
}
