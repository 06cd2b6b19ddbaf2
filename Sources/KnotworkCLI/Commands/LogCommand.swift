import ArgumentParser
import Foundation
import KnotworkCore
import KnotworkJournal

/// `knotwork log`: records a session done without the coach.
struct LogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "Record a session you did without the coach, with your pain before and after.",
        discussion: """
            Pain is rated on the 0–10 scale: 0 no pain, 10 the worst you can imagine. Times are \
            read in your time zone and kept in UTC with the zone beside them.

            Example: knotwork log --pain-before 6 --pain-after 3 --where outer-hip --side left --at 2026-11-20T07:30

            """ + HelpText.exitCodes
    )

    @OptionGroup var journal: JournalOptions

    @Option(help: ArgumentHelp("Pain before the session, 0–10.", valueName: "0-10"))
    var painBefore: String

    @Option(help: ArgumentHelp("Pain after the session, 0–10.", valueName: "0-10"))
    var painAfter: String

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
        let before = try PainScore.parse(painBefore, field: "pain-before")
        let after = try PainScore.parse(painAfter, field: "pain-after")
        let regions = try catalog.parseRegions(commaSeparated(regions))
        let side = try side.map(Side.parse)
        var startedAt = clock.now
        if let at {
            startedAt = try clock.parse(at, field: "at")
            guard startedAt <= clock.now.addingTimeInterval(60) else {
                throw InputError(field: "at", value: at, problem: "'\(at)' is in the future; give a time that has passed")
            }
        }
        let session = SessionRecord(
            startedAt: startedAt, timeZone: clock.timeZone.identifier, regions: regions, side: side, painBefore: before,
            painAfter: after, note: note.flatMap { $0.isEmpty ? nil : $0 }, source: .log)
        let store = try journal.open()
        try await store.add(session)
        var summary = "Logged \(clock.format(session.startedAt))"
        if !regions.isEmpty { summary += ", " + regions.joined(separator: ", ") }
        if let side { summary += ", \(side.rawValue)" }
        summary += ": pain \(before) → \(after). id \(session.id.lowercased)"
        print(summary)
    }
}
