import ArgumentParser
import Foundation
import KnotworkCore
import KnotworkJournal
import Testing

@testable import KnotworkCLI

/// The command line parsed in process, as argument-parser's own tests do: typed values for good
/// arrays, and for bad ones the one-line message and exit code `knotwork` prints, without
/// spawning the binary.
@Suite("Parsing arguments")
struct ParsingTests {
    /// Parses as `knotwork` does, expecting a command of this type.
    func parse<C: ParsableCommand>(_ arguments: [String], as type: C.Type = C.self) throws -> C {
        let command = try Knotwork.parseAsRoot(arguments)
        return try #require(command as? C)
    }

    /// The message and exit code a bad array gives.
    func failure(_ arguments: [String]) -> (message: String, code: Int32)? {
        do {
            _ = try Knotwork.parseAsRoot(arguments)
            return nil
        } catch {
            return (Knotwork.message(for: error), Knotwork.exitCode(for: error).rawValue)
        }
    }

    @Test("help names the catalog's regions and tools and the protocol's bounds, read from them, not copied")
    func helpFromTheCatalog() throws {
        let catalog = try Catalog.bundled()
        let plan = Knotwork.helpMessage(for: PlanCommand.self, columns: 1000)
        #expect(plan.contains(catalog.regions.map(\.id).joined(separator: ", ")))
        #expect(plan.contains(catalog.tools.map(\.id).joined(separator: ", ")))
        #expect(plan.contains("(default \(PlanRequest.defaultTools.joined(separator: ",")))"))
        #expect(plan.contains("holds stay within 30–60 s, rolling within 1–2 minutes per side"))
        #expect(plan.contains("within 10 minutes a session"))
        #expect(plan.contains("\(PlanRequest.minutesRange.lowerBound)–\(PlanRequest.minutesRange.upperBound)"))
        let log = Knotwork.helpMessage(for: LogCommand.self, columns: 1000)
        #expect(log.contains(catalog.regions.map(\.id).joined(separator: ", ")))
    }

    @Test("plan: regions, side, tools, minutes and answers are typed")
    func plan() throws {
        let command = try parse(
            [
                "plan", "--where", "outer-hip,low-back", "--where", "buttock,outer-hip", "--side", "LEFT", "--tools", "tennis-ball",
                "--minutes", "8", "--answer", "rf-fever=no", "--answer", "pc-skin-veins=yes",
            ], as: PlanCommand.self)
        #expect(command.planning.regions.ids == ["outer-hip", "low-back", "buttock"])
        #expect(command.planning.side == .left)
        #expect(command.planning.tools.flatMap(\.ids) == ["tennis-ball"])
        #expect(command.planning.minutes == Minutes(value: 8))
        #expect(command.screening.answers.byQuestion == ["rf-fever": false, "pc-skin-veins": true])
        let request = try command.planning.request(catalog: try Catalog.bundled(), answers: command.screening.answers)
        #expect(request.minutes == 8 && request.tools == ["tennis-ball"] && request.side == .left)
        let defaults = try parse(["plan", "--where", "sacrum"], as: PlanCommand.self).planning.request(catalog: try Catalog.bundled())
        #expect(defaults.minutes == PlanRequest.defaultMinutes && defaults.tools == PlanRequest.defaultTools && defaults.side == .both)
    }

    struct Bad: CustomTestStringConvertible, Sendable {
        let arguments: [String]
        let message: String
        var testDescription: String { arguments.joined(separator: " ") }
    }

    static let regions = "low-back, sacrum, tailbone, buttock, outer-hip, side-of-thigh, back-of-thigh, lower-leg"

    static let bad: [Bad] = [
        Bad(
            arguments: ["plan", "--where", "outer-hp"],
            message:
                "The value 'outer-hp' is invalid for '--where <regions>': unknown region 'outer-hp'; did you mean 'outer-hip'? (valid: \(regions))"
        ),
        Bad(
            arguments: ["plan", "--where", "outer-hip", "--side", "lef"],
            message: "The value 'lef' is invalid for '--side <side>': unknown side 'lef'; did you mean 'left'? (valid: left, right, both)"),
        Bad(
            arguments: ["plan", "--where", "outer-hip", "--minutes", "200"],
            message: "The value '200' is invalid for '--minutes <minutes>': 200 is outside 3–120 minutes"),
        Bad(
            arguments: ["plan", "--where", "outer-hip", "--minutes", "ten"],
            message: "The value 'ten' is invalid for '--minutes <minutes>': 'ten' is not a whole number of minutes (valid: 3–120)"),
        Bad(
            arguments: ["plan", "--where", "outer-hip", "--answer", "rf-fever=perhaps"],
            message:
                "The value 'rf-fever=perhaps' is invalid for '--answer <ID=yes|no>': answer for 'rf-fever' must be yes or no, not 'perhaps'"
        ),
        Bad(arguments: ["plan"], message: "--where: name at least one region where it hurts (valid: \(regions))"),
        Bad(
            arguments: ["start", "--where", "outer-hip", "--speed", "fast"],
            message: "The value 'fast' is invalid for '--speed <N>': 'fast' is not a speed from 0.1 to 1000"),
        Bad(
            arguments: ["start", "--resume", "--where", "outer-hip"],
            message: "--resume: --resume continues the saved session; leave out --where and --plan"),
        Bad(
            arguments: ["serve", "--port", "http"],
            message: "The value 'http' is invalid for '--port <port>': 'http' is not a port from 0 to 65535"),
        Bad(
            arguments: ["serve", "--host", "0.0.0.0"],
            message:
                "--host: binding 0.0.0.0 makes the journal reachable from other machines: set KNOTWORK_TOKEN to an access token first, or serve accounts (--accounts)"
        ),
        Bad(
            arguments: ["export", "--format", "jsn", "--output", "-"],
            message:
                "The value 'jsn' is invalid for '--format <format>': unknown format 'jsn'; did you mean 'json'? (valid: csv, json, fhir, ics)"
        ),
        Bad(
            arguments: ["history", "--since", "3x"],
            message: "The value '3x' is invalid for '--since <span>': '3x' is not a span like 30d, 12w or all"),
        Bad(
            arguments: ["history", "--since", "30d", "--from", "2026-09-01"],
            message: "--since: give either --since or --from/--to, not both"),
        Bad(
            arguments: ["log", "--pain-before", "5", "--pain-after", "3", "--at", "2099-01-01T08:00"],
            message: "--at: '2099-01-01T08:00' is in the future; give a time that has passed"),
        Bad(
            arguments: ["log", "--pain", "4", "--pain-before", "5"],
            message: "--pain: give either --pain (a rating on its own) or --pain-before and --pain-after (a session), not both"),
        Bad(
            arguments: ["remind", "--days", "mon,thr", "--at", "07:30", "--output", "-"],
            message:
                "The value 'mon,thr' is invalid for '--days <days>': unknown day 'thr'; did you mean 'thu'? (valid: mon, tue, wed, thu, fri, sat, sun)"
        ),
    ]

    @Test("a bad value or a broken rule: argument-parser's usage error, exit 64", arguments: bad)
    func rejects(_ bad: Bad) throws {
        if bad.arguments.first == "serve" { try #require(ProcessInfo.processInfo.environment["KNOTWORK_TOKEN"] == nil) }
        let failed = try #require(failure(bad.arguments), "parsed: \(bad.arguments)")
        #expect(failed.message == bad.message)
        #expect(failed.code == ExitStatus.usage)
    }

    @Test("start, serve, log, history, export and remind: typed values and defaults")
    func others() throws {
        let start = try parse(
            ["start", "--where", "buttock", "--speed", "10", "--pain-before", "6", "--answer", "rf-fever=no"], as: StartCommand.self)
        #expect(
            start.speed == Speed(value: 10) && start.painBefore == Pain(value: 6)
                && start.screening.answers == [Answer(id: "rf-fever", yes: false)])
        let resume = try parse(["start", "--resume"], as: StartCommand.self)
        #expect(resume.resume && resume.planning.isEmpty)
        _ = try parse(["start", "--plan", "saved.json"], as: StartCommand.self)

        let serve = try parse(
            ["serve", "--port", "0", "--speed", "2.5", "--public-url", "http://knotwork.home:8080"], as: ServeCommand.self)
        #expect(serve.port == Port(value: 0) && serve.speed == Speed(value: 2.5) && serve.publicURLs.map(\.host) == ["knotwork.home"])
        let standard = try parse(["serve"], as: ServeCommand.self)
        #expect(standard.port == Port(value: 8080) && standard.idleTimeout.value == 30 && standard.maxConnections.value == 4096)

        let log = try parse(
            ["log", "--pain", "4", "--where", "low-back", "--side", "right", "--at", "2026-01-02T03:04Z"], as: LogCommand.self)
        #expect(log.pain == Pain(value: 4) && log.regions.ids == ["low-back"] && log.side == .right)
        #expect(log.at?.date == Date(timeIntervalSince1970: 1_767_323_040))

        let history = try parse(["history", "--since", "12W", "--where", "outer-hip"], as: HistoryCommand.self)
        #expect(history.since == Span(seconds: 12 * 604_800) && history.region?.ids == ["outer-hip"])
        #expect(try parse(["history", "--since", "all"], as: HistoryCommand.self).since == Span(seconds: nil))

        #expect(try parse(["export", "--format", "fhir", "--output", "-"], as: ExportCommand.self).format == .fhir)

        let remind = try parse(
            ["remind", "--days", "Monday,fri", "--at", "07:30", "--minutes", "12", "--output", "-"], as: RemindCommand.self)
        #expect(remind.days.days == [.mon, .fri] && remind.time.hour == 7 && remind.time.minute == 30 && remind.minutes?.value == 12)
    }

    @Test("one list of export formats for export --format, its help and the API")
    func exportFormats() throws {
        #expect(ExportFormat.allValueStrings == ExportFormat.allCases.map(\.rawValue))
        let help = ExportCommand.helpMessage()
        for format in ExportFormat.allCases { #expect(help.contains(format.rawValue)) }
    }
}
