import Foundation
import KnotworkCore

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

    /// Summarises sessions (any order), worded from `phrases`.
    public init(sessions records: [SessionRecord], phrases: Phrases) {
        var digest = HistoryDigest(timeZone: .gmt)
        for record in records.sorted(by: { $0.startedAt < $1.startedAt }) {
            digest.add(startedAt: record.startedAt, painBefore: record.painBefore, painAfter: record.painAfter)
        }
        self.init(digest: digest, phrases: phrases)
    }

    /// Summarises the sessions a digest has gathered; the explanation is worded from `phrases`
    /// (`trend.*`), the numbers filled in.
    public init(digest: HistoryDigest, phrases: Phrases) {
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
            explanation = phrases.render(
                "trend.too-little-data",
                ["sessions": phrases.sessions(rated), "needed": String(Self.minimumRated)])
            return
        }
        let drop = averageDrop ?? 0
        let percent = averageDropPercent ?? 0
        let relief = drop >= Self.importantDrop || percent >= Self.importantPercent
        let trendDrop = -(trendChange ?? 0)
        let trendPercent = (fittedStart ?? 0) > 0 ? trendDrop / fittedStart! * 100 : 0
        let improving = trendDrop >= Self.importantDrop || trendPercent >= Self.importantPercent
        let mark = [
            "mark-points": Self.number(Self.importantDrop, places: 0), "mark-percent": Self.number(Self.importantPercent, places: 0),
        ]
        let reliefText = phrases.render(
            "trend.relief", ["drop": Self.number(drop, places: 1), "percent": Self.number(percent, places: 0)])
        let trendText = phrases.render(
            trendDrop >= 0 ? "trend.gone-down" : "trend.gone-up", ["change": Self.number(abs(trendDrop), places: 1)])
        let rising = -trendDrop >= Self.importantDrop || -trendPercent >= Self.importantPercent
        if rising {
            verdict = .worsening
            explanation = phrases.render(
                "trend.worsening",
                mark.merging([
                    "rise": Self.number(-trendDrop, places: 1), "percent": Self.number(-trendPercent, places: 0),
                    "relief": reliefText,
                ]) { $1 })
        } else if relief || improving {
            verdict = .helping
            explanation = phrases.render("trend.helping", mark.merging(["relief": reliefText, "trend": trendText]) { $1 })
        } else {
            verdict = .notClearlyHelping
            explanation = phrases.render(
                "trend.not-clearly-helping", mark.merging(["relief": reliefText, "trend": trendText]) { $1 })
        }
    }

    /// A number with a fixed count of decimals, as the explanation shows it.
    static func number(_ value: Double, places: Int) -> String {
        String(format: "%.\(places)f", value)
    }
}

/// A one-line chart of pain scores for a terminal: ▁ for 0 up to █ for 10.
public enum Sparkline {
    static let bars: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    public static func render(_ scores: [Int]) -> String {
        String(scores.map { score in bars[Int((Double(min(max(score, 0), 10)) / 10 * 7).rounded())] })
    }
}
