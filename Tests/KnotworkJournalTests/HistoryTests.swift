import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import KnotworkJournal
import Testing

@Suite("History summary and charts")
struct HistoryTests {
    @Test("fewer than three rated sessions is too little data")
    func tooLittle() {
        let summary = HistorySummary(sessions: [session(day: 1), session(day: 2), session(day: 3, after: nil)])
        #expect(summary.verdict == .tooLittleData)
        #expect(summary.rated == 2)
        #expect(summary.explanation.contains("3 are needed"))
    }

    @Test("a drop of 2 points per session is helping")
    func reliefHelps() {
        let summary = HistorySummary(sessions: (1...4).map { session(day: $0, before: 6, after: 4) })
        #expect(summary.verdict == .helping)
        #expect(summary.averageDrop == 2)
        #expect(summary.trendPerWeek == 0)
    }

    @Test("30 % relief counts even when it is under 2 points")
    func percentHelps() {
        let summary = HistorySummary(sessions: (1...4).map { session(day: $0, before: 3, after: 2) })
        #expect(summary.verdict == .helping)
        #expect(abs((summary.averageDropPercent ?? 0) - 33.33) < 0.01)
    }

    @Test("before-scores falling over weeks is helping even without relief in each session")
    func trendHelps() {
        let summary = HistorySummary(sessions: [8, 7, 6, 5].enumerated().map { session(day: 1 + $0.offset * 7, before: $0.element, after: $0.element) })
        #expect(summary.verdict == .helping)
        #expect(summary.trendPerWeek == -1)
        #expect(summary.trendChange == -3)
    }

    @Test("small changes are not clearly helping")
    func notClear() {
        let summary = HistorySummary(sessions: (1...5).map { session(day: $0, before: 6, after: 5) })
        #expect(summary.verdict == .notClearlyHelping)
        #expect(summary.explanation.contains("see a clinician"))
    }

    @Test("the sparkline maps 0–10 onto eight bars")
    func sparkline() {
        #expect(Sparkline.render([0, 5, 10, 3]) == "▁▅█▃")
    }

    @Test("the chart is well-formed SVG with both series, the trend and a text alternative")
    func chart() throws {
        let svg = SVGChart(sessions: (1...6).map { session(day: $0 * 3, before: 8 - $0, after: 5 - $0 / 2, note: "<&>") }, title: "Pain & progress", timeZone: utc).render()
        let parser = XMLParser(data: Data(svg.utf8))
        #expect(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")")
        #expect(svg.components(separatedBy: "<polyline").count == 3)
        #expect(svg.contains("stroke-dasharray"))
        #expect(svg.contains("<title id=\"t\">Pain &amp; progress</title>"))
        #expect(svg.contains("<desc id=\"d\">Pain on a 0 to 10 scale"))
    }

    @Test("an empty chart says so")
    func emptyChart() {
        #expect(SVGChart(sessions: [], title: "x", timeZone: utc).render().contains("No sessions with pain ratings"))
    }
}
