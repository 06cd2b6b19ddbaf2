import Foundation
import KnotworkCore
import Testing

@Suite("A plan in words (the handout and 'knotwork plan')")
struct PlanSheetTests {
    @Test("the summary, each step's heading, side and set-up, and the not-screened notice come from the phrase file")
    func wordsFromPhrases() throws {
        let reworded = try catalog(phrases: [
            "handout.summary": "«{regions}|{side}»", "side.one": "one: {side}", "side.left": "port", "list.and": "{items} & {last}",
            "plan.heading-side": "«{title}» on {side}", "plan.not-screened": "«{unanswered}/{questions}»",
            "title.sustained-pressure": "Press the {muscle}",
        ])
        let request = PlanRequest(regions: ["outer-hip", "buttock"], side: .left, minutes: 10)
        guard case .plan(let plan) = try Planner(catalog: reworded).plan(request) else {
            Issue.record("expected a plan")
            return
        }
        let sheet = PlanSheet(plan: plan, catalog: reworded)
        #expect(sheet.summary == "«outer hip & buttock|one: port»")
        let questions = reworded.screening.questionIDs.count
        #expect(sheet.notScreened == "«\(questions)/\(questions)»")
        let hold = try #require(sheet.items.first { $0.step.technique == .sustainedPressure })
        #expect(hold.heading.hasPrefix("«Press the gluteus") && hold.heading.hasSuffix("» on port"))
        #expect(hold.setUp.hasPrefix("Port side,"), "the set-up says the side from the phrases too")
        #expect(sheet.items.first?.heading == reworded.title(of: plan.steps[0]), "a step without a side has its title alone")
        #expect(PlanHandout(plan: plan, catalog: reworded).html().contains(Markup.escaped(hold.heading)))
    }

    @Test("the bundled words: a screened plan has no notice, and the stop signs are the catalog's")
    func bundledWords() throws {
        let answers = Dictionary(uniqueKeysWithValues: bundledCatalog.screening.questionIDs.map { ($0, false) })
        let plan = try plan(PlanRequest(regions: ["low-back"], side: .right, answers: answers))
        let sheet = PlanSheet(plan: plan, catalog: bundledCatalog)
        #expect(sheet.notScreened == nil)
        #expect(sheet.summary.hasPrefix("For low back, the right side. About "))
        #expect(sheet.items.map(\.step) == plan.steps)
        #expect(sheet.items.allSatisfy { $0.step.side == nil || $0.heading.hasSuffix(" · right side") })
        #expect(sheet.stopSignals == bundledCatalog.screening.stopSignals.map(\.signal))
    }

    @Test("every phrase whose key is made from an id exists, so no surface can ask for one that is not there")
    func keysFromIDs() {
        let keys = Set(bundledCatalog.phrases.templates.keys)
        let made =
            Clearance.Reason.allCases.map { "clearance.\($0.rawValue)" } + BodySide.allCases.map { "side.\($0.rawValue)" }
            + ["day", "week", "month"].map { "chart.each-\($0)" }
            + ["start.saved", "start.saved-pain", "start.saved-stopped", "start.saved-stopped-pain"]
        #expect(Set(made).subtracting(keys).isEmpty, "\(Set(made).subtracting(keys).sorted())")
        #expect(Set(Phrases.required.keys) == keys, "the file defines exactly the phrases Knotwork uses")
    }
}
