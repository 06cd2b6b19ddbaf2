import Foundation
import KnotworkCore
import Testing

/// The rules `knotwork start` and the API's live sessions share, at a fixed `now`.
@Suite("Rules before a session")
struct StartRulesTests {
    let content = bundledCatalog.screening
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    var allNo: [QuestionID: Bool] { Dictionary(uniqueKeysWithValues: content.questionIDs.map { ($0, false) }) }
    var checkInNo: [QuestionID: Bool] { Dictionary(uniqueKeysWithValues: content.checkInQuestions.map { ($0, false) }) }

    func clearance(full answers: [QuestionID: Bool]?, daysAgo: Double = 10, used: Bool = true) -> Clearance {
        let full = answers.map { PastScreening(at: now.addingTimeInterval(-daysAgo * 86_400), kind: .full, answers: $0, used: used) }
        return bundledCatalog.clearance(.init(full: full), now: now)
    }

    @Test("a recent screening is reused with a check-in; answers to anything else ask every question")
    func reuse() {
        let reused = clearance(full: allNo)
        #expect(reused.next(given: [:]) == .checkIn)
        #expect(reused.next(given: ["rf-fever": false]) == .checkIn, "a check-in question answered ahead")
        let other = try! #require(content.questionIDs.first { !content.checkInQuestions.contains($0) })
        #expect(reused.next(given: [other: false]) == .screening)
        #expect(reused.takesCheckIn)
    }

    @Test("clear starts unless new answers are given; a stop stands unless new answers are given")
    func clearAndStop() {
        let fresh = clearance(full: allNo, daysAgo: 0.01, used: false)
        #expect(fresh.status == .clear && fresh.next(given: [:]) == .start && fresh.takesCheckIn)
        #expect(fresh.next(given: ["rf-fever": false]) == .screening)
        var stop = allNo
        stop["rf-saddle-numbness"] = true
        let stopped = clearance(full: stop)
        #expect(stopped.next(given: [:]) == .stop && !stopped.takesCheckIn)
        #expect(stopped.next(given: allNo) == .screening)
    }

    @Test("no screening, an old one or one with a yes: every question, and no check-in")
    func screening() {
        for cleared in [
            clearance(full: nil), clearance(full: allNo, daysAgo: 31), clearance(full: allNo.merging(["pc-pregnancy": true]) { $1 }),
        ] {
            #expect(cleared.next(given: [:]) == .screening)
            #expect(cleared.next(given: checkInNo) == .screening)
            #expect(!cleared.takesCheckIn)
        }
    }

    @Test(
        "a session's plan: a request planned with the answers in force; a plan made earlier adopted, or planned again when the answers changed"
    )
    func sessionPlan() throws {
        let planner = Planner(catalog: bundledCatalog)
        let request = PlanRequest(regions: ["outer-hip"], side: .left, minutes: 8)
        let (fromRequest, replanned) = try planner.sessionPlan(.request(request), answers: allNo, recentDeepPressure: [])
        guard case .plan(let made) = fromRequest else {
            Issue.record("no plan")
            return
        }
        #expect(!replanned && made.request.answers == allNo && made.isScreened)

        let same = try planner.sessionPlan(.plan(made), answers: allNo, recentDeepPressure: [])
        #expect(!same.replanned && same.outcome == .plan(made))

        let precaution = allNo.merging(["pc-skin-veins": true]) { $1 }
        let changed = try planner.sessionPlan(.plan(made), answers: precaution, recentDeepPressure: [])
        guard case .plan(let again) = changed.outcome else {
            Issue.record("no plan")
            return
        }
        #expect(changed.replanned && again.request.answers == precaution && !again.precautions.isEmpty)

        let rested = made.steps.first { $0.technique.isDeepPressure }?.muscle
        if let rested {
            #expect(try planner.sessionPlan(.plan(made), answers: allNo, recentDeepPressure: [rested]).replanned)
        }
    }

    @Test("minutes: one range and one wording")
    func minutes() {
        #expect(throws: InputError(field: "minutes", value: "200", problem: "200 is outside 3–120 minutes")) {
            try PlanRequest.checkMinutes(200)
        }
        #expect(throws: InputError(field: "minutes", value: "2", problem: "2 is outside 3–120 minutes")) {
            try PlanRequest.parseMinutes(" 2")
        }
        #expect(throws: Never.self) { try PlanRequest.checkMinutes(PlanRequest.minutesRange.upperBound) }
        #expect(throws: PlanError(problem: "minutes: 200 is outside 3–120 minutes")) {
            try Planner(catalog: bundledCatalog).plan(PlanRequest(regions: ["outer-hip"], minutes: 200))
        }
    }

    @Test("a time has passed, within a minute's grace, and is not before 1970")
    func recordTime() {
        #expect(throws: Never.self) { try RecordTime.check(now.addingTimeInterval(59), now: now, field: "at", as: "soon") }
        #expect(throws: InputError(field: "at", value: "later", problem: "'later' is in the future; give a time that has passed")) {
            try RecordTime.check(now.addingTimeInterval(61), now: now, field: "at", as: "later")
        }
        #expect(throws: InputError(field: "at", value: "1969", problem: "'1969' is before 1970")) {
            try RecordTime.check(Date(timeIntervalSince1970: -1), now: now, field: "at", as: "1969")
        }
    }
}
