import Foundation

/// What the history summary and the chart need from a span of sessions, gathered one session at
/// a time in a fixed amount of memory whatever the span's size: running sums for the averages
/// and the trend, each session's scores while there are few enough to draw one by one, and
/// totals per day for drawing a longer span by day, week or month.
public struct HistoryDigest: Sendable {
    /// Most points the chart draws; a span with more sessions is drawn by day, week or month.
    public static let chartPoints = 240

    /// One point of the chart: a session's scores, or the means of a day's, week's or month's.
    public struct Point: Sendable, Equatable {
        /// The session's start, or the start of the day, week or month.
        public var at: Date
        public var before: Double?
        public var after: Double?
        /// Sessions behind the point.
        public var sessions: Int
    }

    /// What one chart point stands for.
    public enum Grouping: String, Sendable {
        case session, day, week, month
    }

    /// The zone days, weeks and months are counted in.
    public let timeZone: TimeZone
    /// Sessions added.
    public private(set) var sessions = 0
    private(set) var rated = 0
    private(set) var sumBefore = 0.0, sumAfter = 0.0, sumDrop = 0.0
    private(set) var percentCount = 0, sumPercent = 0.0
    /// The least-squares sums of pain before against time, time in weeks after the first
    /// session with a before-score (so that sums stay exact for realistic spans).
    private(set) var trend = LineSums()
    private(set) var firstBefore: Date?, lastBefore: Date?
    /// Each session with a score, oldest first, until there are more than ``chartPoints``.
    private var each: [Point]? = []
    /// Scores by local day (days since 1970 in ``timeZone``).
    private var days: [Int: Totals] = [:]
    private var lastAdded: Date?

    public init(timeZone: TimeZone) {
        self.timeZone = timeZone
    }

    /// Adds a session's scores. Sessions must come oldest first.
    public mutating func add(startedAt: Date, painBefore: Int?, painAfter: Int?) {
        precondition(lastAdded.map { $0 <= startedAt } ?? true, "sessions must be added oldest first")
        lastAdded = startedAt
        sessions += 1
        if let before = painBefore, let after = painAfter {
            let (b, a) = (Double(before), Double(after))
            rated += 1
            sumBefore += b
            sumAfter += a
            sumDrop += b - a
            if b > 0 {
                percentCount += 1
                sumPercent += (b - a) / b * 100
            }
        }
        if let before = painBefore {
            let origin = firstBefore ?? startedAt
            firstBefore = origin
            lastBefore = startedAt
            trend.add(x: startedAt.timeIntervalSince(origin) / 604_800, y: Double(before))
        }
        guard painBefore != nil || painAfter != nil else { return }
        let point = Point(at: startedAt, before: painBefore.map(Double.init), after: painAfter.map(Double.init), sessions: 1)
        if each != nil {
            each!.append(point)
            if each!.count > Self.chartPoints { each = nil }
        }
        days[localDay(startedAt), default: Totals()].add(point)
    }

    // MARK: - Summary

    func mean(_ sum: Double, _ count: Int) -> Double? { count == 0 ? nil : sum / Double(count) }
    var averageBefore: Double? { mean(sumBefore, rated) }
    var averageAfter: Double? { mean(sumAfter, rated) }
    var averageDrop: Double? { mean(sumDrop, rated) }
    var averageDropPercent: Double? { mean(sumPercent, percentCount) }

    /// The fitted line of pain before: slope in points per week, and its value at the first
    /// session with a before-score.
    var fit: (slope: Double, start: Double)? { trend.line }

    /// Weeks from the first before-score to the last.
    var trendWeeks: Double {
        guard let firstBefore, let lastBefore else { return 0 }
        return lastBefore.timeIntervalSince(firstBefore) / 604_800
    }

    // MARK: - Chart

    /// The chart's points and what each stands for: every session when there are at most
    /// ``chartPoints``, else the coarsest of days, weeks and months that fits.
    public var chart: (points: [Point], grouping: Grouping) {
        if let each { return (each, .session) }
        let byDay = days.sorted { $0.key < $1.key }
        if byDay.count <= Self.chartPoints { return (byDay.map { $0.value.point(at: dayStart($0.key)) }, .day) }
        // 1970-01-01 was a Thursday: adding 3 makes weeks start on Monday.
        let byWeek = grouped(byDay) { day in (day + 3).floorDivided(by: 7) * 7 - 3 }
        if byWeek.count <= Self.chartPoints { return (byWeek, .week) }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        var monthStarts: [Int: Int] = [:]
        let byMonth = grouped(byDay) { day in
            let parts = calendar.dateComponents([.year, .month], from: dayStart(day))
            let key = parts.year! * 12 + parts.month!
            if let start = monthStarts[key] { return start }
            let start = calendar.date(from: parts).map(localDay) ?? day
            monthStarts[key] = start
            return start
        }
        return (byMonth, .month)
    }

    /// Days since 1970 in ``timeZone``.
    private func localDay(_ date: Date) -> Int {
        Int(((date.timeIntervalSince1970 + Double(timeZone.secondsFromGMT(for: date))) / 86_400).rounded(.down))
    }

    private func dayStart(_ day: Int) -> Date {
        let noonUTC = Date(timeIntervalSince1970: Double(day) * 86_400 + 43_200)
        return Date(timeIntervalSince1970: Double(day) * 86_400 - Double(timeZone.secondsFromGMT(for: noonUTC)))
    }

    private func grouped(_ byDay: [(key: Int, value: Totals)], by group: (Int) -> Int) -> [Point] {
        var groups: [(key: Int, totals: Totals)] = []
        for (day, totals) in byDay {
            let key = group(day)
            if groups.last?.key == key {
                groups[groups.count - 1].totals.add(totals)
            } else {
                groups.append((key, totals))
            }
        }
        return groups.map { $0.totals.point(at: dayStart($0.key)) }
    }

    /// Sums of scores for one day or group of days.
    struct Totals: Sendable {
        var sessions = 0
        var before = 0.0, beforeCount = 0, after = 0.0, afterCount = 0

        mutating func add(_ point: Point) {
            sessions += 1
            if let value = point.before { (before, beforeCount) = (before + value, beforeCount + 1) }
            if let value = point.after { (after, afterCount) = (after + value, afterCount + 1) }
        }

        mutating func add(_ other: Totals) {
            sessions += other.sessions
            (before, beforeCount) = (before + other.before, beforeCount + other.beforeCount)
            (after, afterCount) = (after + other.after, afterCount + other.afterCount)
        }

        func point(at date: Date) -> Point {
            Point(
                at: date, before: beforeCount == 0 ? nil : before / Double(beforeCount),
                after: afterCount == 0 ? nil : after / Double(afterCount), sessions: sessions)
        }
    }
}

/// Running sums for a least-squares line.
struct LineSums: Sendable {
    private(set) var count = 0.0
    private var x = 0.0, y = 0.0, xx = 0.0, xy = 0.0

    mutating func add(x: Double, y: Double) {
        count += 1
        self.x += x
        self.y += y
        xx += x * x
        xy += x * y
    }

    /// Slope, and the line's value at x = 0; nil with fewer than two distinct x values.
    var line: (slope: Double, start: Double)? {
        guard count >= 2 else { return nil }
        let meanX = x / count
        let meanY = y / count
        let sxx = xx - count * meanX * meanX
        guard sxx > 1e-12 * max(1, xx) else { return nil }
        let slope = (xy - count * meanX * meanY) / sxx
        return (slope, meanY - slope * meanX)
    }
}

extension Int {
    fileprivate func floorDivided(by divisor: Int) -> Int {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
