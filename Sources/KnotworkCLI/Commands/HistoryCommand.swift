import ArgumentParser
import Foundation
import KnotworkCore
import KnotworkJournal

/// `knotwork history`: sessions over time, and whether they seem to help.
struct HistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Show your sessions, the trend of your pain, and whether it seems to help.",
        discussion: HelpText.discussion(
            """
            Times are shown in your time zone now. The verdict uses the usual mark of a change that matters for pain on the 0–10 \
            scale: a drop of about 2 points or 30 %. "Too little data" until 3 sessions have \
            pain rated before and after. While the pain before sessions rises by that much, it \
            says "getting worse" and suggests seeing a clinician, never "helping". It is a guide, \
            not a diagnosis.

            Examples:
              knotwork history                       the last 30 days
              knotwork history --since 12w --where outer-hip
              knotwork history --from 2026-09-01 --to 2026-11-30 --chart pain.svg

            """)
    )

    @OptionGroup var journal: JournalOptions

    @Option(help: ArgumentHelp("How far back: 30d, 12w, or all (default 30d).", valueName: "span"), transform: Span.checked)
    var since: Span?

    @Option(help: ArgumentHelp("First day, e.g. 2026-09-01.", valueName: "date"), transform: LocalDate.checked)
    var from: LocalDate?

    @Option(help: ArgumentHelp("Last day, included.", valueName: "date"), transform: LocalDate.checked)
    var to: LocalDate?

    @Option(
        name: .customLong("where"), help: ArgumentHelp("Only sessions for this region.", valueName: "region"), transform: RegionList.checked
    )
    var region: RegionList?

    @Flag(help: "Print the sessions and the summary as JSON.")
    var json = false

    @Option(help: ArgumentHelp("Also write a chart of pain before and after, with the trend, as SVG.", valueName: "file.svg"))
    var chart: String?

    /// A span or dates, not both; one region; dates in order.
    func validate() throws {
        if since != nil, from != nil || to != nil {
            throw ValidationError("--since: give either --since or --from/--to, not both")
        }
        if let region, region.ids.count > 1 {
            throw ValidationError("--where: name one region, not \(region.ids.joined(separator: ","))")
        }
        if let from, let to, from.date >= LocalTime.current.endOfDay(to.date) {
            throw ValidationError("--to: --to must not be before --from")
        }
    }

    func run() async throws {
        let catalog = try BundledCatalog.load()
        let clock = LocalTime.current
        var query = SessionQuery()
        query.from = from?.date
        query.to = to.map { clock.endOfDay($0.date) }
        if from == nil, to == nil {
            let span = try since ?? Span.parse(HistorySpan.standard)
            query.from = span.seconds.map { clock.now.addingTimeInterval(-$0) }
        }
        query.region = region?.ids.first

        let store = try await journal.open()
        let sessions = try await store.sessions(query, owner: .local)
        var ratings = try await store.painRatings(from: query.from, to: query.to, owner: .local)
        if let region = query.region { ratings = ratings.filter { $0.region == region } }
        let phrases = catalog.phrases
        let summary = HistorySummary(sessions: sessions, phrases: phrases)
        if let chart {
            let region = query.region.map { catalog.region($0)?.name.lowercased() ?? $0 }
            let title = region.map { phrases.render("chart.title-region", ["region": $0]) } ?? phrases.render("chart.title")
            try Output.write(SVGChart(sessions: sessions, title: title, timeZone: clock.timeZone, phrases: phrases).render(), to: chart)
        }
        if json {
            print(try Output.json(HistoryJSON(sessions: sessions, painRatings: ratings, summary: summary)))
            return
        }
        print(render(sessions, ratings: ratings, summary: summary, clock: clock, period: period(query, clock: clock)))
        if let chart { print("Chart written to \(chart)") }
    }

    private func period(_ query: SessionQuery, clock: LocalTime) -> String {
        // --to is inclusive: show the day given, not the midnight after it.
        let lastDay = query.to.map { clock.formatDay($0.addingTimeInterval(-1)) }
        switch (query.from, lastDay) {
        case (nil, nil): return "all time"
        case (let start?, nil): return "since \(clock.format(start))"
        case (nil, let end?): return "until \(end)"
        case (let start?, let end?): return "\(clock.formatDay(start)) to \(end)"
        }
    }

    private func render(_ sessions: [SessionRecord], ratings: [PainRating], summary: HistorySummary, clock: LocalTime, period: String)
        -> String
    {
        var ratingLines: [String] = []
        if !ratings.isEmpty {
            ratingLines =
                ["", "Pain ratings on their own:"]
                + ratings.map {
                    "  \(clock.format($0.at))  pain \($0.pain)\($0.region.map { " · \($0)" } ?? "")\($0.note.map { " · \($0.prefix(40))" } ?? "")"
                }
        }
        guard !sessions.isEmpty else {
            return
                "No sessions \(period == "all time" ? "yet" : period). Log one with: knotwork log --pain-before 6 --pain-after 3 --where outer-hip"
                + ratingLines.joined(separator: "\n").prefixedNewline
        }
        let rows = sessions.map { session -> [String] in
            let change: String
            if let drop = session.painDrop {
                change = drop > 0 ? "-\(drop)" : drop == 0 ? "0" : "+\(-drop)"
            } else {
                change = ""
            }
            return [
                clock.format(session.startedAt), session.regions.joined(separator: ","),
                session.side?.rawValue ?? "", session.painBefore.map(String.init) ?? "", session.painAfter.map(String.init) ?? "",
                change,
                session.pressureSeconds > 0 ? TimeText.clock(session.pressureSeconds) : "", session.source.rawValue,
                String((session.note ?? "").prefix(40)),
            ]
        }
        var lines = ["Sessions, \(period):", ""]
        lines += Output.table(["when", "where", "side", "before", "after", "change", "pressure", "how", "note"], rows)
        lines.append("")
        if Output.outputIsTerminal {
            let before = sessions.compactMap(\.painBefore)
            let after = sessions.compactMap(\.painAfter)
            if !before.isEmpty { lines.append("pain before  \(Sparkline.render(before))") }
            if !after.isEmpty { lines.append("pain after   \(Sparkline.render(after))") }
        }
        var numbers = "\(summary.sessions) session\(summary.sessions == 1 ? "" : "s"), \(summary.rated) rated before and after"
        if let drop = summary.averageDrop { numbers += String(format: "; average change %+.1f points", -drop) }
        if let week = summary.trendPerWeek { numbers += String(format: "; pain before %+.2f points a week", week) }
        lines.append(numbers)
        lines += Output.wrap(summary.explanation)
        lines += ratingLines
        return lines.joined(separator: "\n")
    }
}

private struct HistoryJSON: Encodable {
    let sessions: [SessionRecord]
    let painRatings: [PainRating]
    let summary: HistorySummary
}

extension String {
    fileprivate var prefixedNewline: String { isEmpty ? "" : "\n" + self }
}
