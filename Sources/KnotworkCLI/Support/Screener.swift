import Foundation
import KnotworkCore

/// Asks the screening questions on the terminal. Answers already given are not asked again.
struct Screener {
    /// The questions and the words around them.
    let catalog: Catalog
    private var content: ScreeningContent { catalog.screening }
    private var phrases: Phrases { catalog.phrases }
    /// Where questions go: standard output, or standard error when stdout carries JSON.
    let toStandardError: Bool

    /// The full screening: red flags first, stopping at an emergency; then the signs; then the
    /// precautions, only when no red flag was answered yes.
    func ask(_ answers: inout [QuestionID: Bool]) throws {
        let questions =
            content.redFlags.map { ($0.id, $0.question, true) } + content.signs.map { ($0.id, $0.question, true) }
            + content.precautions.map { ($0.id, $0.question, false) }
        var announced = false
        for (index, (id, question, beforePrecautions)) in questions.enumerated() {
            let flagged = content.redFlags.filter { answers[$0.id] == true }
            if flagged.contains(where: { $0.level == .emergency }) { break }
            if !beforePrecautions, !flagged.isEmpty { break }
            guard answers[id] == nil else { continue }
            if !announced {
                write(phrases.render("screen.intro"))
                announced = true
            }
            let text = phrases.render(
                "screen.question", ["number": String(index + 1), "count": String(questions.count), "question": question])
            answers[id] = try prompt(text, id: id)
        }
    }

    /// The check-in before a session: the urgent questions as one list, "any of these?"; only
    /// a yes asks them one by one, to know which and how urgent.
    func checkIn(_ answers: inout [QuestionID: Bool]) throws {
        let open = content.checkInQuestions.filter { answers[$0] == nil }
        guard !open.isEmpty else { return }
        write(phrases.render("screen.check-in"))
        for id in open {
            write(Output.wrap("  - " + (content.question(id) ?? id), indent: "    ").joined(separator: "\n"))
        }
        if try prompt(phrases.render("screen.any"), id: open[0]) == false {
            for id in open { answers[id] = false }
            return
        }
        write(phrases.render("screen.which"))
        for id in open {
            answers[id] = try prompt(phrases.render("screen.ask", ["question": content.question(id) ?? id]), id: id)
            if content.redFlags.contains(where: { $0.id == id && $0.level == .emergency }), answers[id] == true { break }
        }
    }

    private func write(_ line: String) {
        if toStandardError { Output.standardError(line) } else { print(line) }
    }

    /// Asks until the answer is y or n; the question is followed by a space for the answer.
    private func prompt(_ question: String, id: QuestionID) throws -> Bool {
        let text = question + " "
        while true {
            if toStandardError {
                Output.standardErrorNoNewline(text)
            } else {
                print(text, terminator: "")
                fflush(nil)
            }
            guard let line = StandardInput.readLine() else {
                if !Output.inputIsTerminal { write("") }
                throw InputError(
                    field: "answer", value: id, problem: "no answer for '\(id)': answer y or n, or pass --answer \(id)=yes|no")
            }
            if !Output.inputIsTerminal { write(line) }
            if let yes = ScreeningContent.yesNo(line) { return yes }
            write(phrases.render("screen.retry"))
        }
    }
}

/// Asks for a pain score until it gets one; nil at the end of input.
func askPain(_ question: String, phrases: Phrases) -> Int? {
    while true {
        print(question + " ", terminator: "")
        fflush(nil)
        guard let line = StandardInput.readLine() else {
            print("")
            return nil
        }
        if !Output.inputIsTerminal { print(line) }
        if let score = try? PainScore.parse(line, field: "pain") { return score }
        print(phrases.render("start.pain-retry"))
    }
}
