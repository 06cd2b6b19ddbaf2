import ArgumentParser
import Foundation
import KnotworkCore
import KnotworkJournal

/// `knotwork log`: records a session done without the coach.
struct LogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "Record a session you did without the coach (pain before and after), or just how much it hurts now.",
        discussion: HelpText.discussion(
            """
            Pain is rated on the 0–10 scale: 0 no pain, 10 the worst you can imagine. Times are \
            read in your time zone and kept in UTC with the zone beside them.

            Examples:
              knotwork log --pain-before 6 --pain-after 3 --where outer-hip --side left --at 2026-11-20T07:30
              knotwork log --pain 4 --where low-back            a rating on its own, no session

            """)
    )

    @OptionGroup var journal: JournalOptions

    @Option(help: ArgumentHelp("Pain before the session, 0–10.", valueName: "0-10"))
    var painBefore: String?

    @Option(help: ArgumentHelp("Pain after the session, 0–10.", valueName: "0-10"))
    var painAfter: String?

    @Option(help: ArgumentHelp("Pain right now, 0–10, recorded on its own (not a session).", valueName: "0-10"))
    var pain: String?

    @Option(name: .customLong("where"), help: ArgumentHelp("Where it hurt, comma-separated region ids.", valueName: "regions"))
    var regions: [String] = []

    @Option(help: ArgumentHelp("Which side: left, right or both.", valueName: "side"))
    var side: String?

    @Option(help: ArgumentHelp("A note to keep with the session.", valueName: "text"))
    var note: String?

    @Option(name: .customLong("at"), help: ArgumentHelp("When it started, e.g. 2026-11-20T07:30 (default: now).", valueName: "time"))
    var at: String?

    func run() async throws {
        let catalog = try Catalog.bundled()
        let clock = LocalTime.current
        if pain != nil, painBefore != nil || painAfter != nil {
            throw InputError(field: "pain", value: pain ?? "", problem: "give either --pain (a rating on its own) or --pain-before and --pain-after (a session), not both")
        }
        if pain == nil, painBefore == nil || painAfter == nil {
            throw InputError(
                field: painBefore == nil ? "pain-before" : "pain-after", value: "",
                problem: "a session needs both --pain-before and --pain-after (0–10); for a rating on its own use --pain")
        }
        let score = try pain.map { try PainScore.parse($0, field: "pain") }
        let before = try painBefore.map { try PainScore.parse($0, field: "pain-before") }
        let after = try painAfter.map { try PainScore.parse($0, field: "pain-after") }
        let regions = try catalog.parseRegions(commaSeparated(regions))
        let side = try side.map(Side.parse)
        var startedAt = clock.now
        if let at {
            startedAt = try clock.parse(at, field: "at")
            guard startedAt <= clock.now.addingTimeInterval(60) else {
                throw InputError(field: "at", value: at, problem: "'\(at)' is in the future; give a time that has passed")
            }
        }
        guard regions.count <= 1 || score == nil else {
            throw InputError(field: "regions", value: regions.joined(separator: ","), problem: "a rating on its own takes one region")
        }
        let note = try NoteText.checked(note, field: "note").flatMap { $0.isEmpty ? nil : $0 }
        let store = try journal.open()
        var summary = "Logged \(clock.format(startedAt))"
        if !regions.isEmpty { summary += ", " + regions.joined(separator: ", ") }
        if let side { summary += ", \(side.rawValue)" }
        if let score {
            let rating = PainRating(at: startedAt, timeZone: clock.timeZone.identifier, pain: score, region: regions.first, side: side, note: note)
            try await store.add(rating)
            print(summary + ": pain \(score) (a rating on its own). id \(rating.id.lowercased)")
        } else if let before, let after {
            let session = SessionRecord(
                startedAt: startedAt, timeZone: clock.timeZone.identifier, regions: regions, side: side, painBefore: before,
                painAfter: after, note: note, source: .log)
            try await store.add(session)
            print(summary + ": pain \(before) → \(after). id \(session.id.lowercased)")
        }
    }
}
