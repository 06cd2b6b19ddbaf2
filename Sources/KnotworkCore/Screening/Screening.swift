/// The outcome of answering the screening questions.
public struct ScreeningResult: Codable, Sendable, Equatable {
    /// What the answers mean for self-treatment.
    public enum Verdict: String, Codable, Sendable, CaseIterable {
        /// No red flag and no precaution was answered yes.
        case clear
        /// No red flag, but precautions change the plan.
        case precautions
        /// A red flag, or a combination of answers, calls for care: no self-treatment.
        case stop
    }

    public let verdict: Verdict
    /// Where to get care and how urgently, for the most urgent red flag or combination.
    public let care: CareAdvice?
    /// Red flags answered yes, in the order they are asked.
    public let redFlags: [RedFlag]
    /// Combinations of answers that called for care, most urgent first.
    public let escalations: [Escalation]
    /// Signs answered yes.
    public let signs: [Sign]
    /// Precautions answered yes, in the order they are asked.
    public let precautions: [Precaution]
    /// Questions not answered at all. Unanswered is not "no": a screening with any is incomplete.
    public let unanswered: [QuestionID]

    /// Whether every question was answered.
    public var isComplete: Bool { unanswered.isEmpty }
}

extension ScreeningContent {
    /// The questions asked before every session, "since last time, any of these?": the red
    /// flags that need care today or now, and the signs that make another answer an emergency
    /// or a same-day matter.
    public var checkInQuestions: [QuestionID] {
        let urgent: Set<CareLevel> = [.emergency, .sameDay]
        let signIDs = Set(escalations.filter { urgent.contains($0.level) }.flatMap { $0.allOf + $0.anyOf })
        return redFlags.filter { urgent.contains($0.level) }.map(\.id) + signs.map(\.id).filter { signIDs.contains($0) }
    }

    /// Reads one `ID=yes|no` answer.
    /// - Throws: ``InputError`` (field `answer`) for an unknown id or a value other than yes/no.
    public func parseAnswer(_ text: String) throws(InputError) -> (QuestionID, Bool) {
        let parts = text.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2 else {
            throw InputError(field: "answer", value: text, problem: "'\(text)' must look like ID=yes or ID=no, e.g. rf-fever=no")
        }
        let id = String(parts[0]).trimmingSpaces()
        let raw = String(parts[1]).trimmingSpaces().lowercased()
        try checkIDs([id: true], field: "answer")
        guard let yes = Self.yesNo(raw) else {
            throw InputError(field: "answer", value: text, problem: "answer for '\(id)' must be yes or no, not '\(parts[1])'")
        }
        return (id, yes)
    }

    /// `yes`/`y`/`true` → true, `no`/`n`/`false` → false, anything else → nil.
    public static func yesNo(_ text: String) -> Bool? {
        switch text.trimmingSpaces().lowercased() {
        case "yes", "y", "true": true
        case "no", "n", "false": false
        default: nil
        }
    }

    /// Reads a list of `ID=yes|no` answers; a question answered twice keeps its last answer.
    public func parseAnswers(_ texts: [String]) throws(InputError) -> [QuestionID: Bool] {
        var answers: [QuestionID: Bool] = [:]
        for text in texts {
            let (id, yes) = try parseAnswer(text)
            answers[id] = yes
        }
        return answers
    }

    /// The one check of question ids, wherever answers come from (`--answer`, a plan request,
    /// the API): every id must be a question asked now.
    /// - Throws: ``InputError`` naming `field` and the first unknown id, with the nearest ones.
    public func checkIDs(_ answers: [QuestionID: Bool], field: String) throws(InputError) {
        for id in answers.keys.sorted() where !questionIDs.contains(id) {
            throw InputError.unknown("question", field: field, value: id, valid: questionIDs)
        }
    }

    /// What a set of answers means. A red flag or a combination answered yes stops; precautions
    /// change the plan. Unanswered questions are listed in ``ScreeningResult/unanswered``: the
    /// result is then incomplete, and no session may start on it (see ``clearance(_:now:)``).
    public func evaluate(_ answers: [QuestionID: Bool]) -> ScreeningResult {
        let flagged = redFlags.filter { answers[$0.id] == true }
        let combined = escalations.filter { $0.matches(answers, redFlags: redFlags) }.sorted { $0.level < $1.level }
        let signsYes = signs.filter { answers[$0.id] == true }
        let applied = precautions.filter { answers[$0.id] == true }
        let unanswered = questionIDs.filter { answers[$0] == nil }
        if let level = (flagged.map(\.level) + combined.map(\.level)).min() {
            return ScreeningResult(
                verdict: .stop, care: careLevels[level], redFlags: flagged, escalations: combined, signs: signsYes,
                precautions: applied, unanswered: unanswered)
        }
        return ScreeningResult(
            verdict: applied.isEmpty ? .clear : .precautions, care: nil, redFlags: [], escalations: [], signs: signsYes,
            precautions: applied, unanswered: unanswered)
    }

    /// Whether a check-in or screening sent whole may be kept: a stop always may (it must stand),
    /// otherwise every question of its kind must be answered.
    /// - Throws: ``InputError`` naming `field` and the unanswered questions.
    public func checkComplete(
        _ answers: [QuestionID: Bool], kind: PastScreening.Kind, field: String
    ) throws(InputError) -> ScreeningResult {
        try checkIDs(answers, field: field)
        let asked = kind == .checkIn ? checkInQuestions : questionIDs
        if kind == .checkIn, let first = answers.keys.filter({ !asked.contains($0) }).sorted().first {
            throw InputError(
                field: field, value: first,
                problem: "'\(first)' is not a check-in question; the check-in asks \(asked.joined(separator: ", "))")
        }
        let result = evaluate(answers)
        if result.verdict == .stop { return result }
        let missing = asked.filter { answers[$0] == nil }
        guard missing.isEmpty else {
            throw InputError(
                field: field, value: missing.joined(separator: ","),
                problem: "unanswered is not no: answer every question (\(missing.count) left: \(missing.joined(separator: ", ")))")
        }
        return result
    }
}
