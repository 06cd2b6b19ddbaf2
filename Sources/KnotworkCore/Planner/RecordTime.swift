import Foundation

/// When a session or a rating happened, as a person or a program gives it: the one rule the
/// command line (`log --at`), `import` and the API share.
public enum RecordTime {
    /// Clocks disagree a little: a time up to this far ahead of `now` counts as now.
    public static let clockGrace: TimeInterval = 60

    /// Checks that a time has passed (allowing ``clockGrace``) and is not before 1970.
    /// - Parameters:
    ///   - date: the time given.
    ///   - now: the present, passed in so that the rule has no clock of its own.
    ///   - field: the field or option it came from.
    ///   - text: the time as given, for the message; worded only when there is one to give (an
    ///     import checks a hundred thousand times that pass).
    /// - Throws: ``InputError``: "'2099-01-01T08:00' is in the future; give a time that has passed".
    public static func check(_ date: Date, now: Date, field: String, as text: @autoclosure () -> String) throws(InputError) {
        guard date <= now.addingTimeInterval(clockGrace) else {
            let text = text()
            throw InputError(field: field, value: text, problem: "'\(text)' is in the future; give a time that has passed")
        }
        guard date.timeIntervalSince1970 > 0 else {
            let text = text()
            throw InputError(field: field, value: text, problem: "'\(text)' is before 1970")
        }
    }
}
