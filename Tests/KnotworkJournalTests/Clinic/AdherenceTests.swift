import Foundation
import KnotworkJournal
import Testing

@Suite("Adherence per week")
struct AdherenceTests {
    @Test("weeks from Monday, prescribed days up to today, done days with a session")
    func weeks() throws {
        // Mon/Wed/Fri from Wednesday 4 November; today is Wednesday 18 November.
        let rx = prescription(days: [.monday, .wednesday, .friday], starts: nov(4))
        let starts = [
            november(4), november(4, 18), // two on one day count once
            november(7), // a Saturday: not prescribed
            november(9), november(13),
            november(17, 23), // 00:00 on Wednesday 18th in Berlin
        ]
        let adherence = Adherence(prescriptions: [rx], sessionStarts: starts, timeZone: berlin, now: november(18, 9))
        #expect(
            adherence.weeks == [
                Adherence.Week(starts: nov(2), prescribed: 2, done: 1, unprescribed: 1),
                Adherence.Week(starts: nov(9), prescribed: 3, done: 2, unprescribed: 0),
                Adherence.Week(starts: nov(16), prescribed: 2, done: 1, unprescribed: 0),
            ])
        #expect(adherence.prescribed == 7 && adherence.done == 4 && adherence.percent == 57)
        #expect(adherence.weeks[0].percent == 50)
        let json = String(decoding: try JSONEncoder().encode(adherence), as: UTF8.self)
        #expect(json.contains(#""starts":"2026-11-02""#) && json.contains(#""percent":57"#))
        #expect(try JSONDecoder().decode(Adherence.self, from: Data(json.utf8)) == adherence)
    }

    @Test("nothing before a prescription starts, and a week of nothing prescribed has no percentage")
    func empty() {
        let future = Adherence(
            prescriptions: [prescription(starts: nov(20))], sessionStarts: [november(2)], timeZone: berlin, now: november(18))
        #expect(future.weeks.isEmpty && future.percent == nil)
        let none = Adherence(prescriptions: [], sessions: [session(day: 2)], timeZone: berlin, now: november(18))
        #expect(none.weeks.isEmpty && none.prescribed == 0)
        // Starts on a Sunday, only Mondays: the first week has nothing prescribed.
        let sunday = Adherence(
            prescriptions: [prescription(days: [.monday], starts: nov(8))], sessions: [], timeZone: berlin, now: november(9))
        #expect(sunday.weeks.map(\.prescribed) == [0, 1] && sunday.weeks[0].percent == nil && sunday.percent == 0)
    }
}
