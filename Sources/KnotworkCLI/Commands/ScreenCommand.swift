import ArgumentParser
import Foundation
import KnotworkCore

/// `knotwork screen`: the safety questions and their verdict.
struct ScreenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "screen",
        abstract: "Answer the safety questions and see whether self-massage is right for you today.",
        discussion: """
            Asks the red-flag questions, then the precautions, one at a time (answer y or n). \
            Answers given with --answer are not asked again; questions read their answers from \
            standard input when it is not a terminal.

            The verdict is one of: clear; precautions, with how each changes the plan; or stop, \
            with how urgently and where to get care.

            """ + HelpText.exitCodes
    )

    @Option(name: .customLong("answer"), help: ArgumentHelp("A screening answer, repeatable.", valueName: "ID=yes|no"))
    var answers: [String] = []

    @Flag(help: "Print the verdict as JSON (questions are then asked on standard error).")
    var json = false

    func run() throws {
        let catalog = try Catalog.bundled()
        let content = catalog.screening
        var answers = try content.parseAnswers(answers)
        try ask(content, answers: &answers)
        let result = content.evaluate(answers)
        if json {
            print(try Output.json(result))
        } else {
            print(ScreeningReport.lines(for: result).joined(separator: "\n"))
        }
        if result.verdict == .stop { throw RedFlagStop() }
    }

    /// Asks every question not yet answered: red flags first, stopping at an emergency; the
    /// precautions only when no red flag was answered yes.
    private func ask(_ content: ScreeningContent, answers: inout [QuestionID: Bool]) throws {
        let write: (String) -> Void = json ? { Output.standardError($0) } : { print($0) }
        let questions = content.redFlags.map { ($0.id, $0.question, Optional($0.level)) }
            + content.precautions.map { ($0.id, $0.question, CareLevel?.none) }
        let total = questions.count
        var announced = false
        for (index, (id, question, level)) in questions.enumerated() {
            let flagged = content.redFlags.contains { answers[$0.id] == true }
            if level == nil, flagged { break }
            if content.redFlags.contains(where: { answers[$0.id] == true && $0.level == .emergency }) { break }
            guard answers[id] == nil else { continue }
            if !announced {
                write("Safety questions: answer y (yes) or n (no).")
                announced = true
            }
            answers[id] = try prompt("[\(index + 1)/\(total)] \(question) [y/n] ", id: id, write: write)
        }
    }

    private func prompt(_ text: String, id: QuestionID, write: (String) -> Void) throws -> Bool {
        while true {
            if json {
                Output.standardErrorNoNewline(text)
            } else {
                print(text, terminator: "")
                fflush(nil)
            }
            guard let line = readLine() else {
                if !Output.inputIsTerminal { write("") }
                throw InputError(
                    field: "answer", value: id,
                    problem: "no answer for '\(id)': answer y or n, or pass --answer \(id)=yes|no")
            }
            if !Output.inputIsTerminal { write(line) }
            if let yes = ScreeningContent.yesNo(line) { return yes }
            write("Please answer y or n.")
        }
    }
}
