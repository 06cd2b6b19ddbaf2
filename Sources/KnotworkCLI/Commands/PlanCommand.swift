import ArgumentParser
import KnotworkCore

/// `knotwork plan`: a session plan for where it hurts.
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Plan a session for where it hurts, with the reasons behind each step.",
        discussion: HelpText.discussion(
            """
            Muscles are ranked by how typically they refer pain to the regions you name; broad \
            rolling comes before precise ball work; holds stay within 30–60 s, rolling within \
            1–2 minutes per side, and pressure work within 10 minutes a session. Screening \
            answers (--answer, see 'knotwork screen') change the plan; a red flag answered yes \
            gives no plan and says where to get care (exit 3); a recent operation gives no \
            pressure work and says what is still fine (exit 4). A plan made without every \
            answer says it is not screened: 'knotwork start' asks the questions before a session.

            Example: knotwork plan --where outer-hip,low-back --side left --tools lacrosse-ball --minutes 8

            --json prints the plan in the versioned shape documented in docs/plan-json.md.
            --html FILE also writes a one-page handout to print: each step's drawing, time and \
            set-up, and the signs that stop a step (print it from a browser, or save it as PDF).

            """)
    )

    @OptionGroup var planning: PlanOptions

    @Option(name: .customLong("answer"), help: ArgumentHelp("A screening answer, repeatable.", valueName: "ID=yes|no"))
    var answers: [String] = []

    @Flag(help: "Print the plan as JSON.")
    var json = false

    @Flag(help: "Also print what the coach will say at each step.")
    var cues = false

    @Option(help: ArgumentHelp("Also write a one-page printable handout of the plan.", valueName: "file.html"))
    var html: String?

    func run() throws {
        let catalog = try Catalog.bundled()
        let request = try planning.request(catalog: catalog, answers: answers)
        switch try Planner(catalog: catalog).plan(request) {
        case .stop(let result):
            if json {
                print(try Output.json(result))
            } else {
                print(ScreeningReport.careLines(for: result).joined(separator: "\n"))
            }
            throw RedFlagStop()
        case .withheld(let precautions):
            if json {
                print(try Output.json(["withheld": precautions]))
            } else {
                print(ScreeningReport.withheldLines(precautions).joined(separator: "\n"))
            }
            throw NoPressureWork()
        case .plan(let plan):
            if let html {
                try Output.write(PlanHandout(plan: plan, catalog: catalog).html(), to: html)
            }
            print(json ? try Output.json(plan) : PlanText(plan: plan, catalog: catalog, cues: cues).render())
            if let html, html != "-", !json { print("Handout written to \(html)") }
        }
    }
}

/// A plan as a readable table with its reasons.
struct PlanText {
    let plan: Plan
    let catalog: Catalog
    let cues: Bool

    func render() -> String {
        let request = plan.request
        var lines: [String] = []
        if !plan.isScreened {
            lines += Output.wrap(
                "NOT SCREENED: \(plan.unansweredScreening.count) of \(catalog.screening.questionIDs.count) safety questions are"
                    + " unanswered, and unanswered is not no. No session starts until they are answered:"
                    + " 'knotwork start' asks them first (or run 'knotwork screen').")
            lines.append("")
        }
        lines += [
            "Plan for \(request.regions.joined(separator: ", ")) · \(request.side.rawValue == "both" ? "both sides" : "\(request.side.rawValue) side")"
                + " · tools: \(request.tools.joined(separator: ", ")) · \(request.minutes) minutes",
            "Session \(TimeText.clock(plan.totalSeconds)) · pressure work \(TimeText.clock(plan.pressureSeconds))"
                + " (limit \(TimeText.clock(catalog.limits.maxPressureSecondsPerSession)))",
            "",
        ]
        let rows = plan.steps.map { step in
            [
                "\(step.number)", step.technique.rawValue + (step.spot.map { $0 > 1 ? " (spot \($0))" : "" } ?? ""),
                step.muscle ?? "", step.tool ?? "", step.side?.rawValue ?? "", TimeText.clock(step.seconds),
                "\(TimeText.clock(step.range.min))–\(TimeText.clock(step.range.max))",
            ]
        }
        lines += Output.table(["#", "step", "muscle", "tool", "side", "time", "range"], rows)
        let notes = catalog.notes(on: plan)
        if !notes.isEmpty {
            lines.append("")
            for note in notes { lines += Output.wrap(note) }
        }

        lines += ["", "Why these muscles (most typical for where it hurts first):"]
        for choice in plan.muscles {
            let mark = choice.included ? "+" : "-"
            lines += Output.wrap("  \(mark) \(choice.muscle): \(choice.reason)", indent: "      ")
        }
        if !plan.precautions.isEmpty {
            lines += ["", "Precautions applied:"]
            for precaution in plan.precautions {
                lines += Output.wrap("  \(precaution.id): \(precaution.planChange)", indent: "      ")
            }
        }
        if cues {
            lines += ["", "What the coach will say:"]
            for step in plan.steps {
                lines += Output.wrap("  \(step.number). \(step.cue)", indent: "      ")
            }
        }
        lines.append("")
        if !plan.isScreened {
            lines += Output.wrap("Not screened: answer the safety questions before you start.")
        }
        lines += Output.wrap(HelpText.disclaimer)
        return lines.joined(separator: "\n")
    }
}
