import Foundation
import KnotworkCore
import KnotworkJournal
import Testing

@Suite("A prescription checked against the catalog, and planned")
struct PrescriptionCheckTests {
    func problem(_ prescription: Prescription) -> InputError? {
        do {
            try prescription.check(catalog: catalog)
            return nil
        } catch {
            return error
        }
    }

    @Test("a good prescription passes, its ids as the planner reads them and its days in week order")
    func good() throws {
        let checked = try prescription(days: [.friday, .monday], regions: [" buttock ", "buttock", "low-back"]).check(catalog: catalog)
        #expect(checked.regions == ["buttock", "low-back"])
        #expect(checked.days == [.monday, .friday])
    }

    @Test("each bad field is named, with what would be valid")
    func bad() {
        let cases: [(Prescription, String, String)] = [
            (prescription(regions: []), "regions", "low-back"),
            (prescription(regions: ["low-bak"]), "regions", "low-back"),
            (prescription(tools: []), "tools", "foam-roller"),
            (prescription(tools: ["hammer"]), "tools", "foam-roller"),
            (prescription(minutes: 200), "minutes", "3–120"),
            (prescription(minutes: 2), "minutes", "3–120"),
            (prescription(days: []), "days", "monday"),
            (prescription(days: [.monday, .friday, .monday]), "days", "once"),
            (prescription(starts: nov(10), ends: nov(9)), "ends", "on or after"),
            (prescription(notes: "a\u{0}b"), "notes", "NUL"),
        ]
        for (bad, field, hint) in cases {
            let error = problem(bad)
            #expect(error?.field == field)
            #expect(error?.problem.contains(hint) == true, "\(String(describing: error))")
        }
    }

    @Test("a prescription may end on the day it starts")
    func oneDay() {
        #expect(problem(prescription(starts: nov(10), ends: nov(10))) == nil)
    }

    @Test("the plan for today is the normal planner's, with today's answers")
    func plan() throws {
        let answers = Dictionary(uniqueKeysWithValues: catalog.screening.questionIDs.map { ($0, false) })
        let request = prescription().planRequest(answers: answers, recentDeepPressure: ["piriformis"])
        #expect(request.regions == ["low-back", "buttock"] && request.tools == ["foam-roller"] && request.minutes == 15)
        #expect(request.answers == answers && request.recentDeepPressure == ["piriformis"])
        let outcome = try Planner(catalog: catalog).plan(request)
        guard case .plan(let plan) = outcome else {
            Issue.record("expected a plan, got \(outcome)")
            return
        }
        #expect(!plan.steps.isEmpty)
    }

    @Test("a prescribed session is still screened: a red flag today stops it")
    func screened() throws {
        var answers = Dictionary(uniqueKeysWithValues: catalog.screening.questionIDs.map { ($0, false) })
        answers["rf-bladder-bowel"] = true
        let outcome = try Planner(catalog: catalog).plan(prescription().planRequest(answers: answers))
        guard case .stop = outcome else {
            Issue.record("expected a stop, got \(outcome)")
            return
        }
    }
}
