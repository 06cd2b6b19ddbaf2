import Foundation
import KnotworkCore
import KnotworkJournal
import KnotworkSession
import Testing

@Suite("Alerts for a clinician")
struct ClinicAlertTests {
    let noAnswers = Dictionary(uniqueKeysWithValues: catalog.screening.questionIDs.map { ($0, false) })

    func alerts(
        screenings: [ScreeningRecord] = [], sessions: [SessionRecord] = [], prescriptions: [Prescription] = [], now: Date
    ) -> [ClinicAlert] {
        ClinicAlert.alerts(
            screenings: screenings, sessions: sessions, prescriptions: prescriptions, catalog: catalog, timeZone: berlin, now: now)
    }

    func coached(day: Int, before: Int? = 5, after: Int? = 3, steps: [StepOutcome] = []) -> SessionRecord {
        SessionRecord(
            startedAt: november(day), timeZone: "Europe/Berlin", regions: ["buttock"], painBefore: before, painAfter: after,
            steps: steps, source: .coach)
    }

    func step(_ number: Int, _ outcome: StepOutcome.Outcome, reason: String? = nil) -> StepOutcome {
        StepOutcome(
            number: number, technique: .sustainedPressure, muscle: "piriformis", side: .left, plannedSeconds: 60, actualSeconds: 20,
            outcome: outcome, reason: reason)
    }

    @Test("nothing fires on a clean journal")
    func clean() {
        let rx = prescription(days: [.monday, .wednesday, .friday], starts: nov(2))
        let days = [2, 4, 6, 9, 11, 13, 16, 18]
        let sessions = days.map { coached(day: $0, steps: [step(1, .done), step(2, .eased), step(3, .skipped, reason: "skipped")]) }
        var precaution = noAnswers
        precaution["pc-skin-veins"] = true
        let screenings = [
            ScreeningRecord(at: november(2, 7), timeZone: "Europe/Berlin", verdict: .clear, answers: noAnswers),
            ScreeningRecord(at: november(9, 7), timeZone: "Europe/Berlin", verdict: .precautions, answers: precaution),
        ]
        #expect(alerts(screenings: screenings, sessions: sessions, prescriptions: [rx], now: november(19)).isEmpty)
    }

    @Test("a screening that said stop is a red flag, keyed by its id")
    func redFlag() throws {
        var answers = noAnswers
        answers["rf-bladder-bowel"] = true
        let record = ScreeningRecord(at: november(5, 7), timeZone: "Europe/Berlin", kind: .checkIn, verdict: .stop, answers: answers)
        let found = alerts(screenings: [record], now: november(6))
        #expect(found.map(\.kind) == [.redFlag])
        let alert = try #require(found.first)
        #expect(alert.key == "red-flag:\(record.id.lowercased)" && alert.at == record.at)
        #expect(alert.summary.contains("rf-bladder-bowel") && alert.summary.contains("emergency care"), "\(alert.summary)")
    }

    @Test("a step stopped for sharp pain, numbness or tingling is an alert; dizziness and skips are not")
    func sharpPain() throws {
        let stopped = coached(
            day: 4,
            steps: [
                step(1, .done), step(2, .stopped, reason: "ss-sharp"), step(3, .skipped, reason: "after-safety-stop"),
                step(4, .stopped, reason: "ss-dizzy"), step(5, .stopped, reason: "tingling or pins and needles"),
            ])
        let found = alerts(sessions: [stopped], now: november(5))
        #expect(found.map(\.key).sorted() == ["sharp-pain-stop:\(stopped.id.lowercased):1", "sharp-pain-stop:\(stopped.id.lowercased):4"])
        #expect(found.allSatisfy { $0.kind == .sharpPainStop && $0.at == stopped.startedAt })
        let sharp = try #require(found.first { $0.key.hasSuffix(":1") })
        #expect(sharp.summary == "Stopped step 2 (piriformis) of a session for sharp or stabbing pain.")
    }

    @Test("pain rising by a clinically important amount, keyed by the rise's first day, which stays put")
    func painRising() throws {
        let sessions = zip([2, 4, 6, 9, 11], [3, 4, 5, 6, 7]).map { coached(day: $0, before: $1, after: $1 - 1) }
        let found = alerts(sessions: sessions, now: november(12))
        #expect(found.map(\.kind) == [.painRising])
        let alert = try #require(found.first)
        // Three rated sessions (2nd, 4th, 6th) are the least that says anything: the rise shows
        // from the 6th on.
        #expect(alert.key == "pain-rising:2026-11-06" && alert.at == november(6))
        #expect(alert.summary.hasPrefix("Pain before sessions is rising: up about 3.9 points over the last 5 sessions"), "\(alert.summary)")
        // A day and a session later it is the same rise.
        let later = sessions + [coached(day: 13, before: 8, after: 7)]
        #expect(alerts(sessions: later, now: november(14)).map(\.key) == ["pain-rising:2026-11-06"])
        // Pain that settles back down ends it.
        let settled = later + [14, 16, 18, 20, 23, 25].map { coached(day: $0, before: 3, after: 2) }
        #expect(alerts(sessions: settled, now: november(26)).isEmpty)
    }

    @Test("three prescribed days in a row without a session: one alert a run, keyed by its third day")
    func missedDays() throws {
        let rx = prescription(days: [.monday, .wednesday, .friday], starts: nov(2))
        let sessions = [coached(day: 2, before: nil, after: nil)]
        // The 4th and 6th missed, the 9th is today and not over: no alert yet.
        #expect(alerts(sessions: sessions, prescriptions: [rx], now: november(9, 12)).isEmpty)
        let found = alerts(sessions: sessions, prescriptions: [rx], now: november(12, 12))
        #expect(found.map(\.kind) == [.missedDays])
        let alert = try #require(found.first)
        #expect(alert.key == "missed-days:2026-11-09" && alert.at == november(9, 23))
        #expect(alert.summary == "No session on 4 prescribed days in a row, from 2026-11-04 to 2026-11-11.")
        // A session on the 13th ends the run; a new run of three is a new alert.
        let more = sessions + [coached(day: 13, before: nil, after: nil)]
        #expect(
            alerts(sessions: more, prescriptions: [rx], now: november(21)).map(\.key) == [
                "missed-days:2026-11-20", "missed-days:2026-11-09",
            ])
    }

    @Test("alerts come newest first, and read back from JSON")
    func order() throws {
        var answers = noAnswers
        answers["rf-fever"] = true
        let screening = ScreeningRecord(at: november(11, 7), timeZone: "Europe/Berlin", verdict: .stop, answers: answers)
        let stopped = coached(day: 2, before: nil, after: nil, steps: [step(1, .stopped, reason: "ss-numbness")])
        let rx = prescription(days: [.monday, .wednesday, .friday], starts: nov(2))
        // Records after `now` are not yet there.
        let found = alerts(screenings: [screening], sessions: [stopped], prescriptions: [rx], now: november(10))
        #expect(found.map(\.kind) == [.missedDays, .sharpPainStop])
        let all = alerts(screenings: [screening], sessions: [stopped], prescriptions: [rx], now: november(12))
        #expect(all.map(\.kind) == [.redFlag, .missedDays, .sharpPainStop])
        let json = try JSONEncoder().encode(all)
        #expect(try JSONDecoder().decode([ClinicAlert].self, from: json) == all)
        #expect(String(decoding: json, as: UTF8.self).contains(#""kind":"sharpPainStop""#))
    }
}
