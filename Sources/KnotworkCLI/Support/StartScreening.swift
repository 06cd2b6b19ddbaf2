import Foundation
import KnotworkCore
import KnotworkJournal

/// The safety questions before `knotwork start`, asked on the terminal: what to ask is
/// ``Clearance/next(given:)``'s rule (the one the journal's clearance and the API keep), and
/// whether a session may start is ``Clearance/isClear``.
struct StartScreening {
    let catalog: Catalog
    let store: any JournalStore
    /// Answers given with `--answer`.
    let given: [QuestionID: Bool]

    /// A clear screening to start on: the one in force, or the check-in or the full questions
    /// asked now; stops with exit 3 while a stop stands.
    func clear() async throws -> Clearance {
        let content = catalog.screening
        let phrases = catalog.phrases
        let local = LocalTime.current
        var answers = given
        let clearance = try await store.clearance(catalog, now: Date(), owner: .local)
        switch clearance.next(given: answers) {
        case .start:
            if let at = clearance.screenedAt { print(phrases.render("start.screening-applies", ["when": local.format(at)])) }
            return clearance
        case .stop:
            if let result = clearance.result { print(ScreeningReport.careLines(for: result, phrases: phrases).joined(separator: "\n")) }
            throw RedFlagStop()
        case .checkIn:
            let when = clearance.screenedAt.map { local.format($0) } ?? phrases.render("start.earlier")
            print(Output.wrap(phrases.render("start.check-in-first", ["when": when])).joined(separator: "\n"))
            try Screener(catalog: catalog, toStandardError: false).checkIn(&answers)
            try await record(content.checkComplete(answers, kind: .checkIn, field: "answer"), kind: .checkIn, answers)
        case .screening:
            if clearance.status != .clear, !clearance.detail.isEmpty, answers.isEmpty {
                print(Output.wrap(clearance.detail).joined(separator: "\n"))
            }
            try Screener(catalog: catalog, toStandardError: false).ask(&answers)
            try await record(content.checkComplete(answers, kind: .full, field: "answer"), kind: .full, answers)
        }
        let now = try await store.clearance(catalog, now: Date(), owner: .local)
        if now.isClear {
            if let result = now.result, result.verdict == .precautions {
                print(ScreeningReport.lines(for: result, phrases: phrases).joined(separator: "\n"))
            }
            return now
        }
        if now.status == .stop {
            if let result = now.result { print(ScreeningReport.careLines(for: result, phrases: phrases).joined(separator: "\n")) }
            throw RedFlagStop()
        }
        throw InputError(field: "answer", value: "", problem: now.detail)
    }

    private func record(_ result: ScreeningResult, kind: PastScreening.Kind, _ answers: [QuestionID: Bool]) async throws {
        try await store.add(
            ScreeningRecord(at: Date(), timeZone: TimeZone.current.identifier, kind: kind, verdict: result.verdict, answers: answers),
            owner: .local)
    }
}
