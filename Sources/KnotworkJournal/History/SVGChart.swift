import Foundation
import KnotworkCore

/// A chart of pain before and after each session over time, with the trend of the before-scores,
/// as a standalone SVG a person can put in a report. The only place Knotwork writes SVG.
public struct SVGChart {
    /// The scores, gathered in a fixed amount of memory however many sessions there are.
    public let digest: HistoryDigest
    public let title: String
    /// Where the chart's own words (legend, axis, description) come from.
    public let phrases: Phrases
    /// The zone dates are labelled in.
    public var timeZone: TimeZone { digest.timeZone }
    private let points: [HistoryDigest.Point]
    private let grouping: HistoryDigest.Grouping

    /// A chart for a report or a screen (760 × 400), or one for a phone's width (300 × 260),
    /// whose 13-unit text stays at least 12 CSS px on a screen 320 px wide.
    public enum Size: String, CaseIterable, Sendable {
        case standard, phone
    }

    public let size: Size

    public init(digest: HistoryDigest, title: String, size: Size = .standard, phrases: Phrases) {
        self.digest = digest
        self.title = title
        self.size = size
        self.phrases = phrases
        (points, grouping) = digest.chart
        (width, height) = size == .phone ? (300, 260) : (760, 400)
        left = size == .phone ? 40 : 56
        legendItems = [
            (phrases.render("chart.before"), "#c2410c", false), (phrases.render("chart.after"), "#1d4ed8", false),
            (phrases.render("chart.trend"), "#7c2d12", true),
        ]
        top = Self.legendTop + Double(Self.legendRows(legendItems, width: width, left: left).count) * Self.legendRowHeight + 12
    }

    /// A chart of these sessions (any order).
    public init(sessions: [SessionRecord], title: String, timeZone: TimeZone, phrases: Phrases) {
        var digest = HistoryDigest(timeZone: timeZone)
        for session in sessions.sorted(by: { $0.startedAt < $1.startedAt }) {
            digest.add(startedAt: session.startedAt, painBefore: session.painBefore, painAfter: session.painAfter)
        }
        self.init(digest: digest, title: title, phrases: phrases)
    }

    private let width: Double, height: Double
    private let left: Double, top: Double
    private let right = 20.0, bottom = 48.0
    private var textSize: Double { size == .phone ? 13 : 12 }
    private static let legendTop = 44.0, legendRowHeight = 20.0
    /// The legend's label, colour and whether its line is dashed: pain before, after, the trend.
    private let legendItems: [(String, String, Bool)]
    private var beforeColour: String { legendItems[0].1 }
    private var afterColour: String { legendItems[1].1 }
    private var trendColour: String { legendItems[2].1 }

    public func render() -> String {
        var svg: [String] = []
        svg.append(
            ##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \##(n(width)) \##(n(height))" width="\##(n(width))" height="\##(n(height))" role="img" aria-labelledby="t d" font-family="Helvetica, Arial, sans-serif">"##
        )
        svg.append("<title id=\"t\">\(escape(title))</title>")
        svg.append("<desc id=\"d\">\(escape(description))</desc>")
        svg.append(##"<rect width="100%" height="100%" fill="#ffffff"/>"##)
        svg.append(
            ##"<text x="\##(n(size == .phone ? 12 : left))" y="28" font-size="\##(size == .phone ? 15 : 18)" font-weight="bold" fill="#111827">\##(escape(title))</text>"##
        )
        svg += legend()
        svg += axes()
        if points.isEmpty {
            svg.append(
                ##"<text x="\##(n(width / 2))" y="\##(n(height / 2))" text-anchor="middle" font-size="14" fill="#6b7280">\##(escape(phrases.render(size == .phone ? "chart.empty-short" : "chart.empty")))</text>"##
            )
        } else {
            svg += series(\.before, colour: beforeColour, label: "chart.point-before")
            svg += series(\.after, colour: afterColour, label: "chart.point-after")
            svg += trend()
        }
        svg.append("</svg>")
        return svg.joined(separator: "\n") + "\n"
    }

    private var description: String {
        let summary = HistorySummary(digest: digest, phrases: phrases)
        let each =
            switch grouping {
            case .session: ""
            case .day: phrases.render("chart.each-day")
            case .week: phrases.render("chart.each-week")
            case .month: phrases.render("chart.each-month")
            }
        return phrases.render(
            "chart.description", ["sessions": phrases.sessions(digest.sessions), "each": each, "verdict": summary.explanation])
    }

    // MARK: - Geometry

    private var plotWidth: Double { width - left - right }
    private var plotHeight: Double { height - top - bottom }

    private var timeRange: (start: Double, end: Double) {
        guard let first = points.first?.at.timeIntervalSince1970,
            let last = points.last?.at.timeIntervalSince1970
        else { return (0, 1) }
        if last - first < 86_400 { return (first - 43_200, first + 43_200) }
        let pad = (last - first) * 0.03
        return (first - pad, last + pad)
    }

    private func x(_ date: Date) -> Double {
        let range = timeRange
        return left + (date.timeIntervalSince1970 - range.start) / (range.end - range.start) * plotWidth
    }

    private func y(_ pain: Double) -> Double { top + (10 - pain) / 10 * plotHeight }

    // MARK: - Parts

    private func axes() -> [String] {
        var parts: [String] = []
        for pain in stride(from: 0, through: 10, by: 2) {
            let py = y(Double(pain))
            parts.append(##"<line x1="\##(n(left))" y1="\##(n(py))" x2="\##(n(width - right))" y2="\##(n(py))" stroke="#e5e7eb"/>"##)
            parts.append(
                ##"<text x="\##(n(left - 10))" y="\##(n(py + 4))" text-anchor="end" font-size="\##(n(textSize))" fill="#374151">\##(pain)</text>"##
            )
        }
        parts.append(
            ##"<text transform="translate(16 \##(n(top + plotHeight / 2))) rotate(-90)" text-anchor="middle" font-size="\##(n(textSize))" fill="#374151">\##(escape(phrases.render("chart.axis")))</text>"##
        )
        parts.append(
            ##"<line x1="\##(n(left))" y1="\##(n(top + plotHeight))" x2="\##(n(width - right))" y2="\##(n(top + plotHeight))" stroke="#9ca3af"/>"##
        )
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_GB")
        formatter.timeZone = timeZone
        formatter.dateFormat = "d MMM yyyy"
        let ticks = tickDates()
        for (index, date) in ticks.enumerated() {
            let px = x(date)
            // The outer labels keep inside the chart: the first starts at its tick, the last ends at it.
            let anchor = ticks.count == 1 ? "middle" : index == 0 ? "start" : index == ticks.count - 1 ? "end" : "middle"
            parts.append(
                ##"<line x1="\##(n(px))" y1="\##(n(top + plotHeight))" x2="\##(n(px))" y2="\##(n(top + plotHeight + 5))" stroke="#9ca3af"/>"##
            )
            parts.append(
                ##"<text x="\##(n(px))" y="\##(n(top + plotHeight + 20))" text-anchor="\##(anchor)" font-size="\##(n(textSize))" fill="#374151">\##(escape(formatter.string(from: date)))</text>"##
            )
        }
        return parts
    }

    private func tickDates() -> [Date] {
        guard let first = points.first?.at, let last = points.last?.at else { return [] }
        if last.timeIntervalSince(first) < 86_400 { return [first] }
        let count = min(size == .phone ? 3 : 5, max(2, points.count))
        return (0..<count).map { index in
            first.addingTimeInterval(last.timeIntervalSince(first) * Double(index) / Double(count - 1))
        }
    }

    private func series(_ keyPath: KeyPath<HistoryDigest.Point, Double?>, colour: String, label: String) -> [String] {
        let drawn = points.compactMap { point in point[keyPath: keyPath].map { (x(point.at), y($0), $0, point.sessions) } }
        guard !drawn.isEmpty else { return [] }
        var parts: [String] = []
        if drawn.count > 1 {
            let path = drawn.map { "\(n($0.0)),\(n($0.1))" }.joined(separator: " ")
            parts.append(##"<polyline points="\##(path)" fill="none" stroke="\##(colour)" stroke-width="2" stroke-linejoin="round"/>"##)
        }
        for point in drawn {
            let value =
                grouping == .session
                ? String(Int(point.2)) : phrases.render("chart.mean", ["value": n(point.2), "sessions": phrases.sessions(point.3)])
            let words = escape(phrases.render(label, ["value": value]))
            parts.append(
                ##"<circle cx="\##(n(point.0))" cy="\##(n(point.1))" r="\##(grouping == .session ? 4 : 3)" fill="\##(colour)"><title>\##(words)</title></circle>"##
            )
        }
        return parts
    }

    private func trend() -> [String] {
        guard let fit = digest.fit, let first = digest.firstBefore, let last = digest.lastBefore else { return [] }
        let clamp = { (value: Double) in min(10, max(0, value)) }
        let start = clamp(fit.start)
        let end = clamp(fit.start + fit.slope * digest.trendWeeks)
        let x1 = x(first)
        let x2 = x(last)
        return [
            ##"<line x1="\##(n(x1))" y1="\##(n(y(start)))" x2="\##(n(x2))" y2="\##(n(y(end)))" stroke="\##(trendColour)" stroke-width="2" stroke-dasharray="6 4"/>"##
        ]
    }

    /// The legend's items in rows that fit the width, each with its x.
    private static func legendRows(
        _ legendItems: [(String, String, Bool)], width: Double, left: Double
    ) -> [[(item: (String, String, Bool), x: Double)]] {
        var rows: [[(item: (String, String, Bool), x: Double)]] = [[]]
        var px = left
        for item in legendItems {
            let itemWidth = 40 + Double(item.0.count) * 7.5
            if px + itemWidth > width, !rows[rows.count - 1].isEmpty {
                rows.append([])
                px = left
            }
            rows[rows.count - 1].append((item, px))
            px += itemWidth
        }
        return rows
    }

    private func legend() -> [String] {
        var parts: [String] = []
        for (row, items) in Self.legendRows(legendItems, width: width, left: left).enumerated() {
            let y = Self.legendTop + Double(row) * Self.legendRowHeight
            for ((label, colour, dashed), px) in items {
                parts.append(
                    ##"<line x1="\##(n(px))" y1="\##(n(y))" x2="\##(n(px + 22))" y2="\##(n(y))" stroke="\##(colour)" stroke-width="2"\##(dashed ? ##" stroke-dasharray="6 4""## : "")/>"##
                )
                parts.append(
                    ##"<text x="\##(n(px + 28))" y="\##(n(y + 4))" font-size="\##(n(textSize))" fill="#374151">\##(escape(label))</text>"##)
            }
        }
        return parts
    }

    // MARK: - Text

    private func n(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }

    private func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
