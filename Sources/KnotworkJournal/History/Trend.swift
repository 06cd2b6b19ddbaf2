import Foundation

/// Whether the sessions in a window seem to help, judged against the minimal clinically
/// important difference for pain: a drop of about 2 points or 30 % on the 0–10 scale
/// (Farrar 2001; Ostelo 2008). It is a guide, not a verdict on the person.
public struct HistorySummary: Codable, Sendable, Equatable {
    public enum Verdict: String, Codable, Sendable, CaseIterable {
        case helping
        case notClearlyHelping = "not-clearly-helping"
        /// Pain before sessions is rising by a clinically important amount: never "helping",
        /// whatever the relief within each session.
        case worsening
        case tooLittleData = "too-little-data"
    }

    /// Sessions in the window.
    public let sessions: Int
    /// Sessions with pain rated both before and after.
    public let rated: Int
    public let averageBefore: Double?
    public let averageAfter: Double?
    /// Mean of before − after, in points; positive is relief.
    public let averageDrop: Double?
    /// Mean of (before − after) / before, in percent, over sessions that started above 0.
    public let averageDropPercent: Double?
    /// Slope of the before-scores over time, in points per week; negative is improving.
    public let trendPerWeek: Double?
    /// Change of the fitted before-score from the first session to the last, in points.
    public let trendChange: Double?
    public let verdict: Verdict
    /// The verdict in plain words, with the numbers behind it.
    public let explanation: String

    /// Points of drop that count as a clinically important change.
    public static let importantDrop = 2.0
    /// Percent of drop that counts as a clinically important change.
    public static let importantPercent = 30.0
    /// Rated sessions needed before saying anything.
    public static let minimumRated = 3

    /// Summarises sessions (any order).
    public init(sessions records: [SessionRecord]) {
        var digest = HistoryDigest(timeZone: .gmt)
        for record in records.sorted(by: { $0.startedAt < $1.startedAt }) {
            digest.add(startedAt: record.startedAt, painBefore: record.painBefore, painAfter: record.painAfter)
        }
        self.init(digest: digest)
    }

    /// Summarises the sessions a digest has gathered.
    public init(digest: HistoryDigest) {
        sessions = digest.sessions
        rated = digest.rated
        averageBefore = digest.averageBefore
        averageAfter = digest.averageAfter
        averageDrop = digest.averageDrop
        averageDropPercent = digest.averageDropPercent
        let fit = digest.fit
        trendPerWeek = fit?.slope
        let fittedStart = fit?.start
        trendChange = fit.map { $0.slope * digest.trendWeeks }

        guard rated >= Self.minimumRated else {
            verdict = .tooLittleData
            explanation =
                "Too little data: \(rated) session\(rated == 1 ? "" : "s") with pain rated before and after; "
                + "\(Self.minimumRated) are needed before Knotwork says anything."
            return
        }
        let drop = averageDrop ?? 0, percent = averageDropPercent ?? 0
        let relief = drop >= Self.importantDrop || percent >= Self.importantPercent
        let trendDrop = -(trendChange ?? 0)
        let trendPercent = (fittedStart ?? 0) > 0 ? trendDrop / fittedStart! * 100 : 0
        let improving = trendDrop >= Self.importantDrop || trendPercent >= Self.importantPercent
        let reliefText = String(format: "pain drops %.1f points (%.0f %%) per session on average", drop, percent)
        let trendText = String(format: "pain before sessions has gone %@ by %.1f points over the period", trendDrop >= 0 ? "down" : "up", abs(trendDrop))
        let rising = -trendDrop >= Self.importantDrop || -trendPercent >= Self.importantPercent
        if rising {
            verdict = .worsening
            explanation =
                String(format: "Getting worse: pain before sessions has risen by %.1f points (%.0f %%) over the period", -trendDrop, -trendPercent)
                + ", more than the 2 points or 30 % that count as a real change, even though \(reliefText). "
                + "Please see a doctor or physiotherapist about it; self-massage may not be what this pain needs."
        } else if relief || improving {
            verdict = .helping
            explanation = "Helping: \(reliefText), and \(trendText). A drop of 2 points or 30 % is the usual mark of a change that matters."
        } else {
            verdict = .notClearlyHelping
            explanation = "Not clearly helping: \(reliefText), and \(trendText); neither reaches the usual mark of 2 points or 30 %. If pain persists or worsens, see a clinician."
        }
    }

}

/// A one-line chart of pain scores for a terminal: ▁ for 0 up to █ for 10.
public enum Sparkline {
    static let bars: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    public static func render(_ scores: [Int]) -> String {
        String(scores.map { score in bars[Int((Double(min(max(score, 0), 10)) / 10 * 7).rounded())] })
    }
}
