import Foundation

/// How closely a patient kept to their prescriptions, week by week: what a clinician's patient
/// list shows, as JSON.
///
/// Weeks start on Monday in the patient's time zone (the zone of their records). Each week from
/// the one of the first prescription's start up to the one holding `now` counts:
/// - **prescribed**: the days of the week a prescription asks for a session (see
///   ``PrescriptionSchedule``), up to and including today;
/// - **done**: those of them on which at least one session started, any session, coached or
///   logged by hand. Two sessions on one day count once.
///
/// A session on a day that was not prescribed does not count toward `done`: done is never more
/// than prescribed, and an extra session does not make up for a missed day. Such sessions are
/// counted apart, in ``Week/unprescribed``, so that the work is not hidden.
public struct Adherence: Codable, Sendable, Equatable {
    /// One week, Monday to Sunday.
    public struct Week: Codable, Sendable, Equatable {
        /// Its Monday.
        public var starts: CalendarDay
        /// Prescribed days up to and including today.
        public var prescribed: Int
        /// Prescribed days with at least one session.
        public var done: Int
        /// Days not prescribed on which a session started anyway; not part of `done`.
        public var unprescribed: Int
        /// Done as a whole percentage of prescribed; nil for a week with nothing prescribed yet.
        public var percent: Int?

        public init(starts: CalendarDay, prescribed: Int, done: Int, unprescribed: Int) {
            self.starts = starts
            self.prescribed = prescribed
            self.done = done
            self.unprescribed = unprescribed
            percent = Adherence.percent(done, of: prescribed)
        }
    }

    /// The weeks, oldest first; empty before the first prescription starts.
    public var weeks: [Week]
    /// Prescribed days in all the weeks.
    public var prescribed: Int
    /// Prescribed days done in all the weeks.
    public var done: Int
    /// Done as a whole percentage of prescribed; nil while nothing has been prescribed.
    public var percent: Int?

    /// Counts adherence at `now`.
    /// - Parameters:
    ///   - prescriptions: the patient's prescriptions, in any order.
    ///   - sessionStarts: when each of the patient's sessions started, in any order.
    ///   - timeZone: the patient's time zone, in which days and weeks are counted.
    public init(prescriptions: [Prescription], sessionStarts: some Sequence<Date>, timeZone: TimeZone, now: Date) {
        let schedule = PrescriptionSchedule(prescriptions)
        let today = CalendarDay(of: now, in: timeZone)
        let sessionDays = Set(sessionStarts.map { CalendarDay(of: $0, in: timeZone) })
        var weeks: [Week] = []
        if let first = schedule.firstDay, first <= today {
            var monday = first.monday
            while monday <= today {
                let last = min(monday.adding(days: 6), today)
                let prescribed = Set(schedule.prescribedDays(from: monday, through: last))
                let worked = sessionDays.filter { $0 >= monday && $0 <= last }
                weeks.append(
                    Week(
                        starts: monday, prescribed: prescribed.count, done: worked.intersection(prescribed).count,
                        unprescribed: worked.subtracting(prescribed).count))
                monday = monday.adding(days: 7)
            }
        }
        self.weeks = weeks
        prescribed = weeks.reduce(0) { $0 + $1.prescribed }
        done = weeks.reduce(0) { $0 + $1.done }
        percent = Self.percent(done, of: prescribed)
    }

    /// Counts adherence at `now` from the patient's sessions.
    public init(prescriptions: [Prescription], sessions: [SessionRecord], timeZone: TimeZone, now: Date) {
        self.init(prescriptions: prescriptions, sessionStarts: sessions.lazy.map(\.startedAt), timeZone: timeZone, now: now)
    }

    static func percent(_ part: Int, of whole: Int) -> Int? {
        whole == 0 ? nil : Int((Double(part) / Double(whole) * 100).rounded())
    }
}
