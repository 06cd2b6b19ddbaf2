import ArgumentParser
import Foundation
import KnotworkCore
import KnotworkJournal

/// `knotwork screen`: the safety questions and their verdict.
struct ScreenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "screen",
        abstract: "Answer the safety questions and see whether self-massage is right for you today.",
        discussion: HelpText.discussion(
            """
            Asks every safety question, one at a time (answer y or n): the red flags, two signs \
            that matter together with other answers, then the precautions. Answers given with \
            --answer are not asked again; questions read their answers from standard input when \
            it is not a terminal.

            The verdict is one of: clear; precautions, with how each changes the plan; or stop, \
            with how urgently and where to get care. It is kept in the journal. A stop stands \
            until a new screening replaces it. A screening with no yes is reused for 30 days, \
            with a short check-in of the urgent questions before every session; after any yes, \
            'knotwork start' asks every question again.

            """)
    )

    @OptionGroup var journal: JournalOptions

    @OptionGroup var screening: AnswerOptions

    @Flag(help: "Print the verdict as JSON (questions are then asked on standard error).")
    var json = false

    func run() async throws {
        let catalog = try BundledCatalog.load()
        let content = catalog.screening
        var answers = screening.answers.byQuestion
        try Screener(catalog: catalog, toStandardError: json).ask(&answers)
        let result = content.evaluate(answers)
        let store = try await journal.open()
        try await store.add(
            ScreeningRecord(at: Date(), timeZone: TimeZone.current.identifier, kind: .full, verdict: result.verdict, answers: answers),
            owner: .local)
        if json {
            print(try Output.json(result))
        } else {
            print(ScreeningReport.lines(for: result, phrases: catalog.phrases).joined(separator: "\n"))
        }
        if result.verdict == .stop { throw RedFlagStop() }
    }
}
