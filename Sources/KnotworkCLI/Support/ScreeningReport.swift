import KnotworkCore

/// Screening verdicts in words.
enum ScreeningReport {
    /// The full verdict, as `knotwork screen` prints it.
    static func lines(for result: ScreeningResult, phrases: Phrases) -> [String] {
        switch result.verdict {
        case .stop: return careLines(for: result, phrases: phrases)
        case .precautions:
            var lines = Output.wrap(phrases.render("screen.precautions"))
            for precaution in result.precautions {
                // The id is what --answer takes, for a person who wants to change the answer.
                lines += Output.wrap("  \(precaution.id): \(precaution.planChange)", indent: "    ")
            }
            lines.append("")
            lines += Output.wrap(phrases.render("safety.disclaimer"))
            return lines
        case .clear:
            return Output.wrap(phrases.render("screen.clear")) + Output.wrap(phrases.render("safety.disclaimer"))
        }
    }

    /// What to do after a red flag: how urgent, where to get care, and which answers led there.
    static func careLines(for result: ScreeningResult, phrases: Phrases) -> [String] {
        guard let care = result.care else { return [] }
        var lines = [phrases.render("screen.stop", ["title": care.title]).uppercased(), ""]
        lines += Output.wrap(care.advice)
        lines.append("")
        if !result.redFlags.isEmpty {
            lines.append(phrases.render("screen.answered-yes"))
            for flag in result.redFlags {
                lines += Output.wrap("  - \(flag.question) (\(flag.id), \(flag.level.rawValue))", indent: "    ")
            }
        }
        for escalation in result.escalations {
            let together = phrases.render("screen.together", ["reason": escalation.reason])
            lines += Output.wrap("  - \(together) (\(escalation.id), \(escalation.level.rawValue))", indent: "    ")
        }
        lines.append("")
        lines += Output.wrap(phrases.render("screen.stands"))
        return lines
    }

    /// Why no pressure work is planned (a recent operation), and what is still allowed.
    static func withheldLines(_ precautions: [Precaution], phrases: Phrases) -> [String] {
        var lines = [phrases.render("screen.withheld").uppercased(), ""]
        for precaution in precautions {
            lines += Output.wrap("\(precaution.id): \(precaution.planChange)")
            if let allowed = precaution.stillAllowed { lines += Output.wrap(phrases.render("screen.still-fine", ["allowed": allowed])) }
            lines.append("")
        }
        lines += Output.wrap(phrases.render("safety.disclaimer"))
        return lines
    }
}
