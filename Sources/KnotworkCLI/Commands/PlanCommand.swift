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
            rolling comes before precise ball work; holds stay within \(HelpText.seconds(Catalog.ProtocolBounds.hold)), \
            rolling within \(HelpText.seconds(Catalog.ProtocolBounds.foamRoll)) per side, and pressure work within \
            \(TimeText.spoken(Catalog.ProtocolBounds.maxPressureSeconds)) a session. Screening \
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

    @OptionGroup var screening: AnswerOptions

    @Flag(help: "Print the plan as JSON.")
    var json = false

    /// The words under each step are what the coach says as it begins, so this adds nothing;
    /// it is still accepted so that scripts written for it keep working.
    @Flag(help: ArgumentHelp("Accepted for older scripts: each step's words are always printed.", visibility: .hidden))
    var cues = false

    @Option(help: ArgumentHelp("Also write a one-page printable handout of the plan.", valueName: "file.html"))
    var html: String?

    func validate() throws {
        guard let catalog = BundledCatalog.shared else { return }
        do { _ = try planning.request(catalog: catalog) } catch { throw error.usage }
    }

    func run() throws {
        let catalog = try BundledCatalog.load()
        let request = try planning.request(catalog: catalog, answers: screening.answers)
        switch try Planner(catalog: catalog).plan(request) {
        case .stop(let result):
            if json {
                print(try Output.json(result))
            } else {
                print(ScreeningReport.careLines(for: result, phrases: catalog.phrases).joined(separator: "\n"))
            }
            throw RedFlagStop()
        case .withheld(let precautions):
            if json {
                print(try Output.json(["withheld": precautions]))
            } else {
                print(ScreeningReport.withheldLines(precautions, phrases: catalog.phrases).joined(separator: "\n"))
            }
            throw NoPressureWork()
        case .plan(let plan):
            if let html {
                try Output.write(PlanHandout(plan: plan, catalog: catalog).html(), to: html)
            }
            print(json ? try Output.json(plan) : PlanText(plan: plan, catalog: catalog).render())
            if let html, html != "-", !json { print(catalog.phrases.render("plan.handout-written", ["file": html])) }
        }
    }
}

/// A plan in words a person can follow with only the terminal, in the handout's order (the
/// same ``PlanSheet``): each step numbered with its plain heading, side and time, and under it
/// how to set up and what to do; then why these muscles, and the signs that stop a step.
struct PlanText {
    let plan: Plan
    let catalog: Catalog

    func render() -> String {
        let sheet = PlanSheet(plan: plan, catalog: catalog)
        let phrases = catalog.phrases
        var lines: [String] = []
        if let notice = sheet.notScreened {
            lines += Output.wrap(notice + " " + phrases.render("plan.screen-first"))
            lines.append("")
        }
        lines.append(sheet.title)
        lines += Output.wrap(sheet.summary)
        var tools: [String] = []
        for id in plan.steps.compactMap(\.tool) {
            let name = catalog.tool(id)?.name.lowercased() ?? id
            if !tools.contains(name) { tools.append(name) }
        }
        if !tools.isEmpty { lines += Output.wrap(phrases.render("plan.tools", ["tools": phrases.list(tools)])) }
        if !sheet.precautions.isEmpty {
            lines += ["", phrases.render("plan.precautions")]
            for precaution in sheet.precautions { lines += Output.wrap("  - " + precaution, indent: "    ") }
        }
        if !sheet.notes.isEmpty {
            lines.append("")
            for note in sheet.notes { lines += Output.wrap(note) }
        }

        // Numbers right-aligned, the words under each heading in line with it.
        let digits = String(sheet.items.count).count
        let indent = String(repeating: " ", count: digits + 2)
        for item in sheet.items {
            let number = String(item.step.number)
            let mark = String(repeating: " ", count: digits - number.count) + number + ". "
            lines.append("")
            lines += Output.wrap(mark + item.heading + " · " + item.time, indent: indent)
            lines += Output.wrap(indent + item.setUp, indent: indent)
        }

        lines += ["", phrases.render("plan.why-muscles")]
        for choice in plan.muscles {
            lines += Output.wrap("  \(choice.included ? "+" : "-") \(choice.name): \(choice.reason)", indent: "    ")
        }
        lines += ["", sheet.stopHeading]
        lines += Output.wrap("  " + sheet.stopSignals.joined(separator: " · "), indent: "  ")
        lines += Output.wrap("  " + sheet.stopMessage, indent: "  ")
        lines.append("")
        if !plan.isScreened { lines += Output.wrap(phrases.render("plan.not-screened-end")) }
        lines += Output.wrap(sheet.disclaimer)
        return lines.joined(separator: "\n")
    }
}
