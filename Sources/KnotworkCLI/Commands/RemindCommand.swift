import ArgumentParser
import Foundation
import KnotworkCore
import KnotworkJournal

/// `knotwork remind`: a calendar file with a weekly reminder.
struct RemindCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remind",
        abstract: "Write a weekly reminder as an iCalendar file your calendar app can import.",
        discussion: HelpText.discussion(
            """
            Example: knotwork remind --days mon,wed,fri --at 07:30 --minutes 10 --output reminders.ics

            The event repeats weekly on those days at that local time, with an alert when it starts.

            """)
    )

    @Option(
        help: ArgumentHelp("Days, comma-separated: mon, tue, wed, thu, fri, sat, sun.", valueName: "days"), transform: Weekdays.checked)
    var days: Weekdays

    @Option(name: .customLong("at"), help: ArgumentHelp("Local time, HH:MM (24-hour).", valueName: "time"), transform: TimeOfDay.checked)
    var time: TimeOfDay

    @Option(
        help: ArgumentHelp("Length of the session in minutes, \(PlanRequest.minutesRangeText) (default 10).", valueName: "minutes"),
        transform: Minutes.checked)
    var minutes: Minutes?

    @Option(
        name: .customLong("where"), help: ArgumentHelp("Regions to name in the reminder.", valueName: "regions"),
        transform: RegionList.checked)
    var regions: [RegionList] = []

    @Option(help: ArgumentHelp("The .ics file to write, or - for standard output.", valueName: "file"))
    var output: String

    func run() throws {
        let length = minutes?.value ?? PlanRequest.defaultMinutes
        let reminder = ICalendar.Reminder(days: days.days, hour: time.hour, minute: time.minute, minutes: length, regions: regions.ids)
        let text = ICalendar.reminders(reminder, now: Date(), timeZone: TimeZone.current, uid: UUID())
        try Output.write(text, to: output)
        if output != "-" {
            Output.standardError(
                "Wrote a weekly reminder (\(days.days.map(\.rawValue).joined(separator: ", ")) at \(time.text), \(length) minutes) to \(output)"
            )
        }
    }
}

/// `--days mon,wed,fri`: days of the week, short or full names, in any case.
struct Weekdays: CheckedArgument, Equatable {
    let days: [ICalendar.Weekday]

    static func parse(_ text: String) throws(InputError) -> Weekdays {
        let valid = ICalendar.Weekday.allCases.map(\.rawValue)
        var days: [ICalendar.Weekday] = []
        for raw in commaSeparated(text).map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) where !raw.isEmpty {
            guard let day = names[raw] else {
                throw InputError(field: "days", value: raw, problem: "unknown day '\(raw)'; \(Suggestion.hint(for: raw, in: valid))")
            }
            if !days.contains(day) { days.append(day) }
        }
        guard !days.isEmpty else {
            throw InputError(field: "days", value: text, problem: "name at least one day (valid: \(valid.joined(separator: ", ")))")
        }
        return Weekdays(days: days)
    }

    /// Short and full day names.
    static let names: [String: ICalendar.Weekday] = {
        let full = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
        var names: [String: ICalendar.Weekday] = [:]
        for (day, name) in zip([ICalendar.Weekday.mon, .tue, .wed, .thu, .fri, .sat, .sun], full) {
            names[day.rawValue] = day
            names[name] = day
        }
        return names
    }()
}

/// `--at 07:30`: a time of day, 24-hour HH:MM.
struct TimeOfDay: CheckedArgument, Equatable {
    let hour: Int
    let minute: Int
    /// As typed, for messages.
    let text: String

    static func parse(_ text: String) throws(InputError) -> TimeOfDay {
        let parts = text.split(separator: ":")
        guard parts.count == 2, let hour = Int(parts[0]), let minute = Int(parts[1]), (0...23).contains(hour), (0...59).contains(minute),
            parts[1].count == 2
        else {
            throw InputError(field: "at", value: text, problem: "'\(text)' is not a time like 07:30 (24-hour HH:MM)")
        }
        return TimeOfDay(hour: hour, minute: minute, text: text)
    }
}
