import Foundation
import KnotworkCore
import Testing

@Suite("Screening")
struct ScreeningTests {
    let content = bundledCatalog.screening

    @Test("no yes answers is clear, with the unanswered questions listed")
    func clear() {
        let result = content.evaluate(["rf-fever": false])
        #expect(result.verdict == .clear)
        #expect(result.care == nil)
        #expect(result.unanswered.count == content.questionIDs.count - 1)
    }

    @Test("a precaution changes the plan but does not stop it")
    func precaution() {
        let result = content.evaluate(["pc-pregnancy": true, "rf-fever": false])
        #expect(result.verdict == .precautions)
        #expect(result.precautions.map(\.id) == ["pc-pregnancy"])
    }

    @Test("any red flag stops, with the most urgent care level")
    func stop() {
        let result = content.evaluate(["rf-cancer-history": true, "rf-bladder-bowel": true, "pc-pregnancy": true])
        #expect(result.verdict == .stop)
        #expect(result.care?.level == .emergency)
        #expect(result.redFlags.map(\.id) == ["rf-bladder-bowel", "rf-cancer-history"])
        #expect(content.evaluate(["rf-trauma": true]).care?.level == .sameDay)
        #expect(content.evaluate(["rf-night-pain": true]).care?.level == .soon)
    }

    @Test("every red flag on its own stops", arguments: bundledCatalog.screening.redFlags.map(\.id))
    func eachRedFlag(_ id: String) {
        #expect(content.evaluate([id: true]).verdict == .stop)
    }

    @Test("answers parse as ID=yes|no")
    func parse() throws {
        #expect(try content.parseAnswer("rf-fever=yes") == ("rf-fever", true))
        #expect(try content.parseAnswer("pc-pregnancy = N") == ("pc-pregnancy", false))
    }

    @Test("a bad answer names the value and what is valid")
    func badAnswers() {
        #expect(throws: InputError.self) { try content.parseAnswer("rf-fever") }
        do {
            _ = try content.parseAnswer("rf-fevr=yes")
            Issue.record("expected an error")
        } catch {
            #expect(error.field == "answer")
            #expect(error.problem.contains("did you mean 'rf-fever'"))
        }
        do {
            _ = try content.parseAnswer("rf-fever=maybe")
            Issue.record("expected an error")
        } catch {
            #expect(error.problem.contains("yes or no"))
        }
    }
}

/// Answers that together call for care sooner, as §3 of the clinical reference says.
@Suite("Screening combinations")
struct EscalationTests {
    let content = bundledCatalog.screening

    @Test(
        "cancer history with night pain, worsening pain or weight loss needs care today",
        arguments: ["rf-night-pain", "rf-not-improving", "rf-weight-loss"])
    func cancerWithProgression(_ other: String) {
        #expect(content.evaluate(["rf-cancer-history": true]).care?.level == .soon)
        #expect(content.evaluate([other: true]).care?.level == .soon)
        let result = content.evaluate(["rf-cancer-history": true, other: true])
        #expect(result.care?.level == .sameDay)
        #expect(result.escalations.map(\.id) == ["cancer-with-progression"])
    }

    @Test("any red flag with a nerve sign in a leg is an emergency", arguments: ["rf-cancer-history", "rf-fever", "rf-night-pain"])
    func redFlagWithNerveSign(_ flag: String) {
        #expect(content.evaluate(["sg-leg-nerve": true]).verdict == .clear, "a nerve sign alone stops nothing")
        #expect(content.evaluate([flag: true, "sg-leg-nerve": true]).care?.level == .emergency)
    }

    @Test("fragile bones with a minor knock, or with an injury, call for care")
    func fractureRisk() {
        #expect(content.evaluate(["pc-osteoporosis": true]).verdict == .precautions)
        #expect(content.evaluate(["sg-minor-strain": true]).verdict == .clear)
        #expect(content.evaluate(["pc-osteoporosis": true, "sg-minor-strain": true]).care?.level == .soon)
        #expect(content.evaluate(["pc-osteoporosis": true, "rf-trauma": true]).escalations.map(\.id) == ["fracture-with-trauma"])
    }

    @Test("the check-in asks the emergency and same-day questions and the nerve sign")
    func checkInQuestions() {
        let urgent = content.redFlags.filter { $0.level == .emergency || $0.level == .sameDay }.map(\.id)
        #expect(content.checkInQuestions == urgent + ["sg-leg-nerve"])
        #expect(!content.checkInQuestions.contains("rf-cancer-history"))
    }

    @Test("unanswered is not no: an incomplete screening is refused unless it already stops")
    func incomplete() throws {
        #expect(throws: InputError.self) { try content.checkComplete([:], kind: .full, field: "answers") }
        #expect(throws: InputError.self) { try content.checkComplete(["rf-fever": false], kind: .checkIn, field: "answers") }
        #expect(try content.checkComplete(["rf-fever": true], kind: .full, field: "answers").verdict == .stop)
        let checkIn = Dictionary(uniqueKeysWithValues: content.checkInQuestions.map { ($0, false) })
        #expect(try content.checkComplete(checkIn, kind: .checkIn, field: "answers").verdict == .clear)
        #expect(throws: InputError.self) {
            try content.checkComplete(checkIn.merging(["pc-pregnancy": false]) { $1 }, kind: .checkIn, field: "answers")
        }
    }
}

/// The one rule for whether a session may start, as a table of cases.
@Suite("Screening clearance")
struct ClearanceTests {
    let content = bundledCatalog.screening
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    var allNo: [QuestionID: Bool] { Dictionary(uniqueKeysWithValues: content.questionIDs.map { ($0, false) }) }
    var checkInNo: [QuestionID: Bool] { Dictionary(uniqueKeysWithValues: content.checkInQuestions.map { ($0, false) }) }

    func full(_ answers: [QuestionID: Bool], minutesAgo: Double, used: Bool = false) -> PastScreening {
        PastScreening(at: now.addingTimeInterval(-minutesAgo * 60), kind: .full, answers: answers, used: used)
    }

    func checkIn(_ answers: [QuestionID: Bool], minutesAgo: Double, used: Bool = false) -> PastScreening {
        PastScreening(at: now.addingTimeInterval(-minutesAgo * 60), kind: .checkIn, answers: answers, used: used)
    }

    func status(_ history: ScreeningContent.ScreeningHistory) -> Clearance.Status {
        bundledCatalog.clearance(history, now: now).status
    }

    @Test("no screening, or an incomplete one, asks every question")
    func none() {
        #expect(status(.init(full: nil)) == .screening)
        #expect(bundledCatalog.clearance(.init(full: full(["rf-fever": false], minutesAgo: 5)), now: now).reason == .incomplete)
    }

    @Test("a full screening just answered is clear for one session")
    func fresh() {
        let screening = full(allNo, minutesAgo: 5)
        let clear = bundledCatalog.clearance(.init(full: screening), now: now)
        #expect(clear.status == .clear && clear.basis == screening.id)
        #expect(status(.init(full: full(allNo, minutesAgo: 5, used: true))) == .checkIn)
        #expect(status(.init(full: full(allNo, minutesAgo: 61))) == .checkIn)
    }

    @Test("a reused screening needs a check-in before every session, and only within 30 days")
    func reuse() {
        let old = full(allNo, minutesAgo: 60 * 24 * 10, used: true)
        #expect(status(.init(full: old)) == .checkIn)
        #expect(status(.init(full: old, checkIns: [checkIn(checkInNo, minutesAgo: 2)])) == .clear)
        #expect(status(.init(full: old, checkIns: [checkIn(checkInNo, minutesAgo: 2, used: true)])) == .checkIn)
        #expect(status(.init(full: old, checkIns: [checkIn(checkInNo, minutesAgo: 90)])) == .checkIn)
        let partial = checkInNo.filter { $0.key != "rf-fever" }
        #expect(status(.init(full: old, checkIns: [checkIn(partial, minutesAgo: 2)])) == .checkIn)
        let expired = full(allNo, minutesAgo: 60 * 24 * 31, used: true)
        #expect(bundledCatalog.clearance(.init(full: expired, checkIns: [checkIn(checkInNo, minutesAgo: 2)]), now: now).reason == .expired)
    }

    @Test("a screening with any yes is not reused")
    func anyYes() {
        let pregnant = full(allNo.merging(["pc-pregnancy": true]) { $1 }, minutesAgo: 60 * 24, used: true)
        #expect(
            bundledCatalog.clearance(.init(full: pregnant, checkIns: [checkIn(checkInNo, minutesAgo: 1)]), now: now).reason == .answeredYes)
        let sign = full(allNo.merging(["sg-leg-nerve": true]) { $1 }, minutesAgo: 60 * 24, used: true)
        #expect(status(.init(full: sign, checkIns: [checkIn(checkInNo, minutesAgo: 1)])) == .screening)
    }

    @Test("a stop stands until a new full screening, whatever comes after it")
    func stopStands() {
        let cancer = full(allNo.merging(["rf-cancer-history": true]) { $1 }, minutesAgo: 60 * 24 * 90, used: true)
        #expect(status(.init(full: cancer)) == .stop)
        #expect(status(.init(full: cancer, checkIns: [checkIn(checkInNo, minutesAgo: 1)])) == .stop)
        let old = full(allNo, minutesAgo: 60 * 24, used: true)
        let fever = checkIn(checkInNo.merging(["rf-fever": true]) { $1 }, minutesAgo: 30, used: false)
        #expect(status(.init(full: old, checkIns: [fever, checkIn(checkInNo, minutesAgo: 1)])) == .stop)
        #expect(status(.init(full: full(allNo, minutesAgo: 1))) == .clear, "a new full screening replaces it")
    }

    @Test("the answers a clear check-in gives are the full screening's, updated")
    func answers() {
        let old = full(allNo, minutesAgo: 60 * 24, used: true)
        let clear = bundledCatalog.clearance(.init(full: old, checkIns: [checkIn(checkInNo, minutesAgo: 1)]), now: now)
        #expect(clear.answers == allNo)
        #expect(clear.reusedUntil == old.at + ScreeningContent.reuseLimit)
    }

    @Test("every clearance is worded by its reason's phrase, from the phrase file")
    func detailFromPhrases() throws {
        let reworded = try catalog(
            phrases: Dictionary(
                uniqueKeysWithValues: Clearance.Reason.allCases.map {
                    ("clearance.\($0.rawValue)", "«\($0.rawValue)»" + ($0 == .expired ? " {days}" : ""))
                }))
        let old = full(allNo, minutesAgo: 60 * 24 * 10, used: true)
        let histories: [ScreeningContent.ScreeningHistory] = [
            .init(full: nil), .init(full: full(["rf-fever": false], minutesAgo: 5)), .init(full: full(allNo, minutesAgo: 5)),
            .init(full: old), .init(full: full(allNo, minutesAgo: 60 * 24 * 31, used: true)),
            .init(full: full(allNo.merging(["pc-pregnancy": true]) { $1 }, minutesAgo: 60 * 24, used: true)),
            .init(full: full(allNo.merging(["rf-cancer-history": true]) { $1 }, minutesAgo: 60, used: true)),
        ]
        var seen: Set<Clearance.Reason> = []
        for history in histories {
            let clearance = reworded.clearance(history, now: now)
            seen.insert(clearance.reason)
            let days = clearance.reason == .expired ? " 30" : ""
            #expect(clearance.detail == "«\(clearance.reason.rawValue)»\(days)")
            #expect(
                bundledCatalog.clearance(history, now: now).detail
                    == bundledCatalog.phrases.render("clearance.\(clearance.reason.rawValue)", ["days": "30"]))
        }
        #expect(seen == Set(Clearance.Reason.allCases), "every reason is tried")
    }
}
