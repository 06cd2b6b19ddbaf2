import Foundation
import KnotworkCore
import KnotworkSession

extension ClinicAlert {
    /// Stop signals that make a stopped step a ``Kind/sharpPainStop``: pain of a nerve's kind,
    /// numbness and tingling. Dizziness (`ss-dizzy`) stops a step too but is not pain, and is
    /// left out.
    public static let painStopSignals: Set<String> = [
        "ss-sharp", "ss-shooting", "ss-burning", "ss-numbness", "ss-tingling", "ss-spreading",
    ]

    /// The span whose pain trend is watched: the history's standard span (`30d`).
    public static let painSpan = HistorySpan.standard

    /// A patient's alerts at `now`, newest first.
    ///
    /// - a ``Kind/redFlag`` for each screening or check-in whose verdict was stop;
    /// - a ``Kind/sharpPainStop`` for each step stopped for one of ``painStopSignals``;
    /// - a ``Kind/painRising`` while the ``HistorySummary`` of the sessions in the last
    ///   ``painSpan`` says ``HistorySummary/Verdict/worsening`` (the same 2-point / 30 % rule as
    ///   the history; pain ratings outside sessions are not part of it, as they are not of the
    ///   history's trend);
    /// - a ``Kind/missedDays`` for each run of three or more prescribed days, before today, with
    ///   no session.
    ///
    /// - Parameters:
    ///   - screenings, sessions, prescriptions: the patient's records, in any order; the caller
    ///     chooses how far back they reach. Records after `now` are left out.
    ///   - catalog: for the screening questions, the stop signals and the trend's wording.
    ///   - timeZone: the patient's time zone, in which days are counted.
    public static func alerts(
        screenings: [ScreeningRecord], sessions: [SessionRecord], prescriptions: [Prescription], catalog: Catalog,
        timeZone: TimeZone, now: Date
    ) -> [ClinicAlert] {
        let sessions = sessions.filter { $0.startedAt <= now }
        var alerts = screenings.filter { $0.at <= now }.compactMap { redFlag($0, screening: catalog.screening) }
        alerts += sessions.flatMap { sharpPainStops($0, screening: catalog.screening) }
        alerts += painRising(sessions: sessions, phrases: catalog.phrases, timeZone: timeZone, now: now).map { [$0] } ?? []
        alerts += missedDays(prescriptions: prescriptions, sessions: sessions, timeZone: timeZone, now: now)
        return alerts.sorted { ($0.at, $0.key) > ($1.at, $1.key) }
    }

    /// The alert for a screening whose verdict was stop, naming the care it advised and the
    /// answers behind it.
    static func redFlag(_ record: ScreeningRecord, screening: ScreeningContent) -> ClinicAlert? {
        guard record.verdict == .stop else { return nil }
        let result = screening.evaluate(record.answers)
        let reasons = result.redFlags.map(\.id) + result.escalations.map(\.id)
        let what = record.kind == .checkIn ? "the check-in before a session" : "the safety questions"
        var summary = "Self-massage stopped by \(what)"
        if !reasons.isEmpty { summary += ": yes to \(reasons.joined(separator: ", "))" }
        if let care = result.care { summary += ". Advised: \(care.title.lowercased())" }
        return ClinicAlert(key: "red-flag:\(record.id.lowercased)", kind: .redFlag, at: record.at, summary: summary + ".")
    }

    /// The alerts for a session's steps stopped for pain, numbness or tingling. A journal from
    /// before stop reasons were ids may hold the signal's words instead; those count too.
    static func sharpPainStops(_ session: SessionRecord, screening: ScreeningContent) -> [ClinicAlert] {
        session.steps.enumerated().compactMap { index, step in
            guard step.outcome == .stopped, let reason = step.reason,
                let signal = screening.stopSignals.first(where: { $0.id == reason || $0.signal == reason }),
                painStopSignals.contains(signal.id)
            else { return nil }
            let muscle = step.muscle.map { " (\($0.replacingOccurrences(of: "-", with: " ")))" } ?? ""
            return ClinicAlert(
                key: "sharp-pain-stop:\(session.id.lowercased):\(index)", kind: .sharpPainStop, at: session.startedAt,
                summary: "Stopped step \(step.number)\(muscle) of a session for \(signal.signal).")
        }
    }

    /// The alert while pain before sessions is rising by a clinically important amount, keyed by
    /// the first day of the rise (see ``key``).
    static func painRising(sessions: [SessionRecord], phrases: Phrases, timeZone: TimeZone, now: Date) -> ClinicAlert? {
        let span = try! HistorySpan.seconds(painSpan)!
        let sorted = sessions.sorted { $0.startedAt < $1.startedAt }
        /// The sessions of the span ending at `end`, and their summary.
        func window(endingAt end: Date) -> (sessions: ArraySlice<SessionRecord>, summary: HistorySummary) {
            let from = sorted.partitioningIndex { $0.startedAt > end.addingTimeInterval(-span) }
            let to = sorted.partitioningIndex { $0.startedAt > end }
            let slice = sorted[from..<max(from, to)]
            return (slice, HistorySummary(sessions: Array(slice), phrases: phrases))
        }
        let current = window(endingAt: now)
        guard current.summary.verdict == .worsening, let oldest = sorted.first else { return nil }
        var (firstDay, first) = (CalendarDay(of: now, in: timeZone), current)
        let oldestDay = CalendarDay(of: oldest.startedAt, in: timeZone)
        while firstDay > oldestDay {
            let before = window(endingAt: firstDay.start(in: timeZone).addingTimeInterval(-1))
            guard before.summary.verdict == .worsening else { break }
            (firstDay, first) = (firstDay.adding(days: -1), before)
        }
        let change = HistorySummary.number(current.summary.trendChange ?? 0, places: 1)
        return ClinicAlert(
            key: "pain-rising:\(firstDay)", kind: .painRising, at: first.sessions.last?.startedAt ?? now,
            summary:
                "Pain before sessions is rising: up about \(change) points over the last \(current.summary.sessions) sessions "
                + "(\(painSpan)), enough of a change to matter.")
    }

    /// An alert for each run of three or more prescribed days in a row, before today, with no
    /// session; keyed by the run's third day.
    static func missedDays(prescriptions: [Prescription], sessions: [SessionRecord], timeZone: TimeZone, now: Date) -> [ClinicAlert] {
        let schedule = PrescriptionSchedule(prescriptions)
        let yesterday = CalendarDay(of: now, in: timeZone).adding(days: -1)
        guard let first = schedule.firstDay else { return [] }
        let worked = Set(sessions.map { CalendarDay(of: $0.startedAt, in: timeZone) })
        var runs: [[CalendarDay]] = []
        var run: [CalendarDay] = []
        for day in schedule.prescribedDays(from: first, through: yesterday) {
            if worked.contains(day) {
                if run.count >= 3 { runs.append(run) }
                run = []
            } else {
                run.append(day)
            }
        }
        if run.count >= 3 { runs.append(run) }
        return runs.map { run in
            let third = run[2]
            return ClinicAlert(
                key: "missed-days:\(third)", kind: .missedDays, at: third.adding(days: 1).start(in: timeZone),
                summary: "No session on \(run.count) prescribed days in a row, from \(run[0]) to \(run[run.count - 1]).")
        }
    }
}

extension Collection {
    /// The index of the first element for which `belongs` holds, when it holds for every one
    /// after it too (a sorted collection split in two); `endIndex` when for none.
    fileprivate func partitioningIndex(where belongs: (Element) -> Bool) -> Index {
        var low = startIndex
        var count = self.count
        while count > 0 {
            let half = count / 2
            let middle = index(low, offsetBy: half)
            if belongs(self[middle]) {
                count = half
            } else {
                low = index(after: middle)
                count -= half + 1
            }
        }
        return low
    }
}
