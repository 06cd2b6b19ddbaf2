import Foundation
import KnotworkJournal
import Testing

@Suite("Which days are prescribed")
struct PrescriptionScheduleTests {
    @Test("days count across months, years and leap days, and know their weekday")
    func counting() {
        #expect(CalendarDay(year: 1970, month: 1, day: 1).daysSince1970 == 0)
        #expect(CalendarDay(year: 1970, month: 1, day: 1).weekday == .thursday)
        #expect(nov(2).weekday == .monday && nov(29).weekday == .sunday)
        #expect(CalendarDay(year: 2028, month: 2, day: 28).adding(days: 1) == CalendarDay(year: 2028, month: 2, day: 29))
        #expect(CalendarDay(year: 2026, month: 12, day: 31).adding(days: 1) == CalendarDay(year: 2027, month: 1, day: 1))
        #expect(CalendarDay(year: 1969, month: 12, day: 31).daysSince1970 == -1)
        #expect(nov(5).monday == nov(2) && nov(2).monday == nov(2) && nov(8).monday == nov(2))
        #expect(nov(2).days(to: nov(30)) == 28)
        // Days of three centuries agree with Foundation's weekday (which turns Julian before 1582).
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = utc
        for count in stride(from: -100_000, through: 150_000, by: 997) {
            let day = CalendarDay(daysSince1970: count)
            #expect(day.daysSince1970 == count)
            #expect(Weekday(of: day.start(in: utc), in: utc) == day.weekday)
        }
    }

    @Test("a day starts at local midnight in the patient's zone")
    func start() {
        #expect(nov(3).start(in: berlin) == november(2, 23))
    }

    @Test("the prescription of a day: the newest covering it, and only on its weekdays")
    func today() {
        let old = prescription(days: [.monday, .wednesday, .friday], starts: nov(2), createdAt: november(1))
        let new = prescription(days: [.tuesday], starts: nov(16), ends: nov(22), createdAt: november(14))
        let schedule = PrescriptionSchedule([old, new])
        #expect(schedule.prescription(on: nov(1)) == nil)
        #expect(schedule.prescription(on: nov(2)) == old)
        #expect(schedule.prescription(on: nov(3)) == nil)
        // The newer one replaces the older for the days it covers, Mondays included.
        #expect(schedule.prescription(on: nov(16)) == nil)
        #expect(schedule.prescription(on: nov(17)) == new)
        #expect(schedule.inForce(on: nov(16)) == new)
        // Once it ends the older is in force again.
        #expect(schedule.prescription(on: nov(23)) == old)
        // Today is the patient's: 23:30 UTC on Monday is Tuesday in Berlin.
        #expect(schedule.today(now: november(16, 23).addingTimeInterval(1800), timeZone: berlin) == new)
        #expect(schedule.today(now: november(16, 12), timeZone: berlin) == nil)
    }

    @Test("the prescribed days of a range")
    func range() {
        let schedule = PrescriptionSchedule([prescription(days: [.monday, .friday], starts: nov(4), ends: nov(16))])
        #expect(schedule.prescribedDays(from: nov(1), through: nov(30)) == [nov(6), nov(9), nov(13), nov(16)])
        #expect(schedule.prescribedDays(from: nov(10), through: nov(12)).isEmpty)
        #expect(schedule.prescribedDays(from: nov(13), through: nov(9)).isEmpty)
        #expect(PrescriptionSchedule([]).prescribedDays(from: nov(1), through: nov(30)).isEmpty)
    }
}
