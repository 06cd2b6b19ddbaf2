/// The outcome of answering the screening questions.
public struct ScreeningResult: Codable, Sendable, Equatable {
    /// What the answers mean for self-treatment.
    public enum Verdict: String, Codable, Sendable, CaseIterable {
        /// No red flag and no precaution was answered yes.
        case clear
        /// No red flag, but precautions change the plan.
        case precautions
        /// A red flag was answered yes: no self-treatment; get care.
        case stop
    }

    public let verdict: Verdict
    /// Where to get care and how urgently, for the most urgent red flag answered yes.
    public let care: CareAdvice?
    /// Red flags answered yes, in the order they are asked.
    public let redFlags: [RedFlag]
    /// Precautions answered yes, in the order they are asked.
    public let precautions: [Precaution]
    /// Questions not answered at all.
    public let unanswered: [QuestionID]
}

extension ScreeningContent {
    /// Reads one `ID=yes|no` answer.
    /// - Throws: ``InputError`` (field `answer`) for an unknown id or a value other than yes/no.
    public func parseAnswer(_ text: String) throws(InputError) -> (QuestionID, Bool) {
        let parts = text.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2 else {
            throw InputError(field: "answer", value: text, problem: "'\(text)' must look like ID=yes or ID=no, e.g. rf-fever=no")
        }
        let id = String(parts[0]).trimmingSpaces()
        let raw = String(parts[1]).trimmingSpaces().lowercased()
        guard questionIDs.contains(id) else {
            throw InputError.unknown("question", field: "answer", value: id, valid: questionIDs)
        }
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

    /// What a set of answers means. Unanswered questions count as not answered yes.
    public func evaluate(_ answers: [QuestionID: Bool]) -> ScreeningResult {
        let flagged = redFlags.filter { answers[$0.id] == true }
        let applied = precautions.filter { answers[$0.id] == true }
        let unanswered = questionIDs.filter { answers[$0] == nil }
        if let level = flagged.map(\.level).min() {
            return ScreeningResult(
                verdict: .stop, care: careLevels[level], redFlags: flagged, precautions: applied, unanswered: unanswered)
        }
        return ScreeningResult(
            verdict: applied.isEmpty ? .clear : .precautions, care: nil, redFlags: [], precautions: applied,
            unanswered: unanswered)
    }
}
