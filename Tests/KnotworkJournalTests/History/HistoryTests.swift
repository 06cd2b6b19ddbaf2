import Foundation
import KnotworkCore
import KnotworkJournal
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

@Suite("History summary and charts")
struct HistoryTests {
    @Test("fewer than three rated sessions is too little data")
    func tooLittle() {
        let summary = HistorySummary(sessions: [session(day: 1), session(day: 2), session(day: 3, after: nil)], phrases: catalog.phrases)
        #expect(summary.verdict == .tooLittleData)
        #expect(summary.rated == 2)
        #expect(summary.explanation.contains("3 are needed"))
    }

    @Test("a drop of 2 points per session is helping")
    func reliefHelps() {
        let summary = HistorySummary(sessions: (1...4).map { session(day: $0, before: 6, after: 4) }, phrases: catalog.phrases)
        #expect(summary.verdict == .helping)
        #expect(summary.averageDrop == 2)
        #expect(summary.trendPerWeek == 0)
    }

    @Test("30 % relief counts even when it is under 2 points")
    func percentHelps() {
        let summary = HistorySummary(sessions: (1...4).map { session(day: $0, before: 3, after: 2) }, phrases: catalog.phrases)
        #expect(summary.verdict == .helping)
        #expect(abs((summary.averageDropPercent ?? 0) - 33.33) < 0.01)
    }

    @Test("relief in every session is not helping while the pain before sessions rises by 2 points or more")
    func risingPoints() {
        // Each session drops 3 points, but the pain before them climbs from 3 to 6 in three weeks.
        let summary = HistorySummary(
            sessions: [3, 4, 5, 6].enumerated().map { session(day: 1 + $0.offset * 7, before: $0.element, after: $0.element - 3) },
            phrases: catalog.phrases)
        #expect(summary.verdict == .worsening)
        #expect(summary.explanation.contains("Getting worse"))
        #expect(summary.explanation.contains("doctor or physiotherapist"))
    }

    @Test("a rise of 30 % in the pain before sessions is worsening even under 2 points")
    func risingPercent() {
        // 4 → 5.5 over the period: 1.5 points, about 37 %.
        let summary = HistorySummary(
            sessions: [4, 4.5, 5, 5.5].enumerated().map {
                session(day: 1 + $0.offset * 7, before: Int($0.element.rounded(.down)), after: 0)
            }
                + [session(day: 22, before: 6, after: 1)], phrases: catalog.phrases)
        #expect(summary.verdict == .worsening)
    }

    @Test("a small rise is not worsening")
    func smallRise() {
        let summary = HistorySummary(
            sessions: [5, 5, 6, 6].enumerated().map { session(day: 1 + $0.offset * 7, before: $0.element, after: $0.element - 3) },
            phrases: catalog.phrases)
        #expect(summary.verdict == .helping)
    }

    @Test("before-scores falling over weeks is helping even without relief in each session")
    func trendHelps() {
        let summary = HistorySummary(
            sessions: [8, 7, 6, 5].enumerated().map { session(day: 1 + $0.offset * 7, before: $0.element, after: $0.element) },
            phrases: catalog.phrases)
        #expect(summary.verdict == .helping)
        #expect(summary.trendPerWeek == -1)
        #expect(summary.trendChange == -3)
    }

    @Test("small changes are not clearly helping")
    func notClear() {
        let summary = HistorySummary(sessions: (1...5).map { session(day: $0, before: 6, after: 5) }, phrases: catalog.phrases)
        #expect(summary.verdict == .notClearlyHelping)
        #expect(summary.explanation.contains("see a clinician"))
    }

    @Test("the sparkline maps 0–10 onto eight bars")
    func sparkline() {
        #expect(Sparkline.render([0, 5, 10, 3]) == "▁▅█▃")
    }

    @Test("the chart is well-formed SVG with both series, the trend and a text alternative")
    func chart() throws {
        let svg = SVGChart(
            sessions: (1...6).map { session(day: $0 * 3, before: 8 - $0, after: 5 - $0 / 2, note: "<&>") }, title: "Pain & progress",
            timeZone: utc, phrases: catalog.phrases
        ).render()
        let parser = XMLParser(data: Data(svg.utf8))
        #expect(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")")
        #expect(svg.components(separatedBy: "<polyline").count == 3)
        #expect(svg.contains("stroke-dasharray"))
        #expect(svg.contains("<title id=\"t\">Pain &amp; progress</title>"))
        #expect(svg.contains("<desc id=\"d\">Pain on a 0 to 10 scale"))
    }

    @Test("a phone's chart is 300 wide, its text 13 units or more, and its labels inside it", arguments: [0, 1, 6, 500])
    func phoneChart(_ count: Int) throws {
        var digest = HistoryDigest(timeZone: utc)
        for index in 0..<count {
            digest.add(startedAt: november(1).addingTimeInterval(Double(index) * 40_000), painBefore: 7 - index % 4, painAfter: 3)
        }
        let svg = SVGChart(digest: digest, title: "Pain before and after self-massage", size: .phone, phrases: catalog.phrases).render()
        #expect(XMLParser(data: Data(svg.utf8)).parse())
        #expect(svg.contains(#"viewBox="0 0 300 260""#))
        let sizes = svg.matches(of: /font-size="([0-9.]+)"/).map { Double($0.1)! }
        #expect(!sizes.isEmpty && sizes.allSatisfy { $0 >= 13 }, "\(sizes)")
        // Each label's anchor point lies inside the chart, and an outer date label grows inward.
        for match in svg.matches(of: /<text ([^>]*)>([^<]*)</) {
            let attributes = String(match.1)
            let text = String(match.2)
            guard let x = attributes.firstMatch(of: /(?:^|\s)x="([0-9.]+)"/).map({ Double($0.1)! }) else { continue }
            let anchor = attributes.firstMatch(of: /text-anchor="(\w+)"/).map { String($0.1) } ?? "start"
            let half = Double(text.count) * 7 / (anchor == "middle" ? 2 : 1)
            #expect(anchor == "end" || x + half <= 300, "\(text) runs off the right at \(x)")
            #expect(anchor == "start" || x - half >= 0, "\(text) runs off the left at \(x)")
        }
    }

    @Test("an empty chart says so")
    func emptyChart() {
        #expect(
            SVGChart(sessions: [], title: "x", timeZone: utc, phrases: catalog.phrases).render().contains("No sessions with pain ratings"))
    }

    @Test("the verdict, its numbers and the chart's words come from the phrase file")
    func wordsFromPhrases() throws {
        let phrases = try reworded([
            "trend.helping": "«helping» {relief} / {trend} / {mark-points} / {mark-percent}",
            "trend.relief": "«relief {drop} {percent}»", "trend.gone-down": "«down {change}»",
            "trend.too-little-data": "«little {sessions} {needed}»", "count.sessions": "«{count} sessions»",
            "trend.worsening": "«worse {rise} {percent}» {relief}", "trend.not-clearly-helping": "«unclear» {relief}",
            "chart.before": "«before»", "chart.after": "«after»", "chart.trend": "«trend»", "chart.axis": "«axis»",
            "chart.description": "«desc» {sessions} {each} {verdict}", "chart.point-before": "«pb {value}»",
            "chart.empty": "«empty»",
        ])
        let helping = (1...4).map { session(day: $0, before: 6, after: 4) }
        #expect(HistorySummary(sessions: helping, phrases: phrases).explanation == "«helping» «relief 2.0 33» / «down 0.0» / 2 / 30")
        #expect(HistorySummary(sessions: Array(helping.prefix(2)), phrases: phrases).explanation == "«little «2 sessions» 3»")
        let worse = [3, 4, 5, 6].enumerated().map { session(day: 1 + $0.offset * 7, before: $0.element, after: $0.element - 3) }
        #expect(HistorySummary(sessions: worse, phrases: phrases).explanation.hasPrefix("«worse 3.0 "))
        let flat = (1...5).map { session(day: $0, before: 6, after: 5) }
        #expect(HistorySummary(sessions: flat, phrases: phrases).explanation == "«unclear» «relief 1.0 17»")

        let svg = SVGChart(sessions: helping, title: "t", timeZone: utc, phrases: phrases).render()
        for words in ["«before»", "«after»", "«trend»", "«axis»", "<title>«pb 6»</title>", "<desc id=\"d\">«desc» «4 sessions» «helping»"] {
            #expect(svg.contains(words), "\(words)")
        }
        #expect(!svg.contains("Pain before"))
        #expect(SVGChart(sessions: [], title: "t", timeZone: utc, phrases: phrases).render().contains("«empty»"))
    }
}
