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

    @Option(help: ArgumentHelp("Pain before the session, 0–10.", valueName: "0-10"), transform: Pain.checked)
    var painBefore: Pain?

    @Option(help: ArgumentHelp("Pain after the session, 0–10.", valueName: "0-10"), transform: Pain.checked)
    var painAfter: Pain?

    @Option(help: ArgumentHelp("Pain right now, 0–10, recorded on its own (not a session).", valueName: "0-10"), transform: Pain.checked)
    var pain: Pain?

    @Option(
        name: .customLong("where"),
        help: ArgumentHelp("Where it hurt, comma-separated: \(HelpText.ids { $0.regions.map(\.id) }).", valueName: "regions"),
        transform: RegionList.checked)
    var regions: [RegionList] = []

    @Option(
        help: ArgumentHelp("Which side: \(Side.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "side"),
        transform: Side.checked)
    var side: Side?

    @Option(help: ArgumentHelp("A note to keep with the session.", valueName: "text"))
    var note: String?

    @Option(
        name: .customLong("at"), help: ArgumentHelp("When it started, e.g. 2026-11-20T07:30 (default: now).", valueName: "time"),
        transform: LocalDate.checked)
    var at: LocalDate?

    /// A session or a rating on its own, not both; a time that has passed; one region for a rating.
    func validate() throws {
        if let pain, painBefore != nil || painAfter != nil {
            throw InputError(
                field: "pain", value: String(pain.value),
                problem: "give either --pain (a rating on its own) or --pain-before and --pain-after (a session), not both"
            ).usage
        }
        if pain == nil, painBefore == nil || painAfter == nil {
            throw InputError(
                field: painBefore == nil ? "pain-before" : "pain-after", value: "",
                problem: "a session needs both --pain-before and --pain-after (0–10); for a rating on its own use --pain"
            ).usage
        }
        if let at {
            do { try RecordTime.check(at.date, now: Date(), field: "at", as: at.text) } catch { throw error.usage }
        }
        if pain != nil, regions.ids.count > 1 {
            throw InputError(field: "regions", value: regions.ids.joined(separator: ","), problem: "a rating on its own takes one region")
                .usage
        }
        do { _ = try NoteText.checked(note, field: "note") } catch { throw error.usage }
    }

    func run() async throws {
        let clock = LocalTime.current
        let regions = regions.ids
        let startedAt = at?.date ?? clock.now
        let note = try NoteText.checked(note, field: "note").flatMap { $0.isEmpty ? nil : $0 }
        let store = try await journal.open()
        var summary = "Logged \(clock.format(startedAt))"
        if !regions.isEmpty { summary += ", " + regions.joined(separator: ", ") }
        if let side { summary += ", \(side.rawValue)" }
        if let score = pain?.value {
            let rating = PainRating(
                at: startedAt, timeZone: clock.timeZone.identifier, pain: score, region: regions.first, side: side, note: note)
            try await store.add(rating, owner: .local)
            print(summary + ": pain \(score) (a rating on its own). id \(rating.id.lowercased)")
        } else if let before = painBefore?.value, let after = painAfter?.value {
            let session = SessionRecord(
                startedAt: startedAt, timeZone: clock.timeZone.identifier, regions: regions, side: side, painBefore: before,
                painAfter: after, note: note, source: .log)
            try await store.add(session, owner: .local)
            print(summary + ": pain \(before) → \(after). id \(session.id.lowercased)")
        }
    }
}
