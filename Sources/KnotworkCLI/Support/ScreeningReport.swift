import KnotworkCore

/// Screening verdicts in words.
enum ScreeningReport {
    /// The full verdict, as `knotwork screen` prints it.
    static func lines(for result: ScreeningResult) -> [String] {
        switch result.verdict {
        case .stop: return careLines(for: result)
        case .precautions:
            var lines = ["Precautions: self-massage is possible, with these changes to the plan."]
            for precaution in result.precautions {
                lines += Output.wrap("  \(precaution.id): \(precaution.planChange)", indent: "    ")
            }
            lines.append("")
            lines += Output.wrap(HelpText.disclaimer)
            return lines
        case .clear:
            return ["Clear: no red flags and no precautions. You can plan a session (knotwork plan)."]
                + Output.wrap(HelpText.disclaimer)
        }
    }

    /// What to do after a red flag: how urgent, where to get care, and which answers led there.
    static func careLines(for result: ScreeningResult) -> [String] {
        guard let care = result.care else { return [] }
        var lines = ["STOP: \(care.title.uppercased())", ""]
        lines += Output.wrap(care.advice)
        lines.append("")
        if !result.redFlags.isEmpty {
            lines.append("You answered yes to:")
            for flag in result.redFlags {
                lines += Output.wrap("  - \(flag.question) (\(flag.id), \(flag.level.rawValue))", indent: "    ")
            }
        }
        for escalation in result.escalations {
            lines += Output.wrap("  - Together: \(escalation.reason) (\(escalation.id), \(escalation.level.rawValue))", indent: "    ")
        }
        lines.append("")
        lines += Output.wrap(
            "Knotwork will not plan self-massage after this answer; it stands until you answer the safety questions again "
                + "(knotwork screen). Knotwork cannot tell what causes the pain; a clinician can.")
        return lines
    }

    /// Why no pressure work is planned (a recent operation), and what is still allowed.
    static func withheldLines(_ precautions: [Precaution]) -> [String] {
        var lines = ["NO PRESSURE WORK FOR NOW", ""]
        for precaution in precautions {
            lines += Output.wrap("\(precaution.id): \(precaution.planChange)")
            if let allowed = precaution.stillAllowed { lines += Output.wrap("Still fine: \(allowed)") }
            lines.append("")
        }
        lines += Output.wrap(HelpText.disclaimer)
        return lines
    }
}
