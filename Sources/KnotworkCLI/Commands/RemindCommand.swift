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

    @Option(help: ArgumentHelp("Days, comma-separated: mon, tue, wed, thu, fri, sat, sun.", valueName: "days"))
    var days: String

    @Option(name: .customLong("at"), help: ArgumentHelp("Local time, HH:MM (24-hour).", valueName: "time"))
    var time: String

    @Option(help: ArgumentHelp("Length of the session in minutes, 3–120 (default 10).", valueName: "minutes"))
    var minutes: String?

    @Option(name: .customLong("where"), help: ArgumentHelp("Regions to name in the reminder.", valueName: "regions"))
    var regions: [String] = []

    @Option(help: ArgumentHelp("The .ics file to write, or - for standard output.", valueName: "file"))
    var output: String

    func run() throws {
        let catalog = try Catalog.bundled()
        let valid = ICalendar.Weekday.allCases.map(\.rawValue)
        var weekdays: [ICalendar.Weekday] = []
        for raw in commaSeparated([days]).map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) where !raw.isEmpty {
            guard let day = Self.weekdays[raw] else {
                throw InputError(field: "days", value: raw, problem: "unknown day '\(raw)'; \(Suggestion.hint(for: raw, in: valid))")
            }
            if !weekdays.contains(day) { weekdays.append(day) }
        }
        guard !weekdays.isEmpty else {
            throw InputError(field: "days", value: days, problem: "name at least one day (valid: \(valid.joined(separator: ", ")))")
        }
        let parts = time.split(separator: ":")
        guard parts.count == 2, let hour = Int(parts[0]), let minute = Int(parts[1]), (0...23).contains(hour), (0...59).contains(minute),
            parts[1].count == 2
        else {
            throw InputError(field: "at", value: time, problem: "'\(time)' is not a time like 07:30 (24-hour HH:MM)")
        }
        let length = try minutes.map(PlanRequest.parseMinutes) ?? PlanRequest.defaultMinutes
        let regions = try catalog.parseRegions(commaSeparated(regions))
        let reminder = ICalendar.Reminder(days: weekdays, hour: hour, minute: minute, minutes: length, regions: regions)
        let text = ICalendar.reminders(reminder, now: Date(), timeZone: TimeZone.current, uid: UUID())
        try Output.write(text, to: output)
        if output != "-" {
            Output.standardError(
                "Wrote a weekly reminder (\(weekdays.map(\.rawValue).joined(separator: ", ")) at \(time), \(length) minutes) to \(output)")
        }
    }

    /// Short and full day names.
    static let weekdays: [String: ICalendar.Weekday] = {
        let full = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
        var names: [String: ICalendar.Weekday] = [:]
        for (day, name) in zip([ICalendar.Weekday.mon, .tue, .wed, .thu, .fri, .sat, .sun], full) {
            names[day.rawValue] = day
            names[name] = day
        }
        return names
    }()
}
