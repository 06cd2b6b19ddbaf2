import ArgumentParser
import Foundation
import KnotworkCore
import KnotworkJournal
import KnotworkSession

/// `knotwork start`: the guided, timed, spoken session in the terminal.
struct StartCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "start",
        abstract: "Start a guided session: screening, your plan step by step with a timer and voice, then pain after.",
        discussion: HelpText.discussion(
            """
            Keys during the session: space pause/resume · enter "it eased" (ends a hold once its \
            minimum has passed) · x sharp pain, numbness or tingling (stops the step at once) · \
            s skip · q quit (saved: 'knotwork start --resume' continues it). Ctrl-C also saves.

            Stop at once with x (sharp pain) or the number of what you feel: 1 sharp, 2 \
            shooting, 3 burning, 4 numbness, 5 tingling, 6 pain spreading down the leg, 7 dizzy \
            or light-headed; it works while paused too.

            The safety questions come first: all of them the first time, after any yes and every \
            30 days; otherwise a short "since last time, any of these?" check-in of the urgent \
            ones before every session. A stop stands until a new screening replaces it \
            ('knotwork screen'). A muscle that had deep pressure in the last 24 hours gets \
            rolling only. --plain (and any output that is not a terminal) prints one timestamped \
            line per cue instead of the full screen, and reads the keys as lines (p, enter, x, \
            1–7, s, q).

            Examples:
              knotwork start --where outer-hip --speed 10
              knotwork start --plan my-plan.json --no-voice
              knotwork start --resume

            """)
    )

    @OptionGroup var journal: JournalOptions

    @OptionGroup var planning: PlanOptions

    @Option(help: ArgumentHelp("Follow a plan saved with 'knotwork plan --json'.", valueName: "file.json"))
    var plan: String?

    @OptionGroup var screening: AnswerOptions

    @Flag(inversion: .prefixedNo, help: "Speak the cues with espeak-ng (default: on when it is installed).")
    var voice: Bool?

    @Option(help: ArgumentHelp("Run the clock N times faster, for demos and tests (default 1).", valueName: "N"), transform: Speed.checked)
    var speed: Speed?

    @Flag(help: "Continue the session left with q or Ctrl-C.")
    var resume = false

    @Flag(help: "One timestamped line per cue instead of the full screen.")
    var plain = false

    @Option(help: ArgumentHelp("Pain before, 0–10, instead of being asked.", valueName: "0-10"), transform: Pain.checked)
    var painBefore: Pain?

    @Option(help: ArgumentHelp("Pain after, 0–10, instead of being asked.", valueName: "0-10"), transform: Pain.checked)
    var painAfter: Pain?

    /// Every argument is checked before the safety questions, so nobody answers them only to
    /// hear that a region was misspelt.
    func validate() throws {
        if resume, !planning.regions.isEmpty || plan != nil {
            throw InputError(field: "resume", value: "", problem: "--resume continues the saved session; leave out --where and --plan")
                .usage
        }
        if !resume, plan == nil, let catalog = BundledCatalog.shared {
            do { _ = try planning.request(catalog: catalog) } catch { throw error.usage }
        }
    }

    func run() async throws {
        let catalog = try BundledCatalog.load()
        let phrases = catalog.phrases
        var live: LiveSessionRecord
        var machine: SessionMachine
        let store: any JournalStore
        if resume {
            store = try await journal.open()
            guard let saved = try await store.latestLiveSession(owner: .local) else {
                throw InputError(field: "resume", value: "", problem: "there is no paused session to resume; start one with --where")
            }
            live = saved
            machine = SessionMachine.restore(saved.checkpoint, at: .zero)
            print(
                phrases.render(
                    "start.resuming",
                    ["step": (machine.currentStep?.number).map(String.init) ?? "1", "count": String(machine.steps.count)]))
        } else {
            // A saved plan is read (and checked) before the safety questions too.
            let source = try plan.map { try PlanFile.read($0, catalog: catalog) } ?? .request(try planning.request(catalog: catalog))
            store = try await journal.open()
            let clearance = try await StartScreening(catalog: catalog, store: store, given: screening.answers.byQuestion).clear()
            let plan = try makePlan(
                source, catalog: catalog, answers: clearance.answers,
                recentDeepPressure: try await store.recentDeepPressure(now: Date(), catalog: catalog, owner: .local))
            let painNow = painBefore?.value ?? askPain(phrases.render("start.pain-before"), phrases: phrases)
            machine = SessionMachine(plan: plan, cues: CueBook(catalog: catalog))
            live = LiveSessionRecord(
                startedAt: Date(), timeZone: TimeZone.current.identifier, painBefore: painNow, plan: plan,
                checkpoint: machine.checkpoint(at: .zero), updatedAt: Date())
            try await store.save(live, owner: .local)
            // These answers have started a session; the next one asks again.
            if let basis = clearance.basis { try await store.markScreeningUsed(id: basis, at: live.startedAt, owner: .local) }
        }

        let coach = Coach(
            store: store, live: live, fullScreen: !plain && Terminal.isInteractive, voice: voiceProgram(phrases: phrases),
            speed: speed?.value ?? 1, catalog: catalog)
        let ended = try await coach.run(machine: machine, resuming: resume)
        live = ended.live
        switch ended.machine.phase {
        case .finished:
            let painNow = painAfter?.value ?? askPain(phrases.render("start.pain-after"), phrases: phrases)
            let record = live.finished(endedAt: Date(), painAfter: painNow)
            try await store.finish(live, as: record, owner: .local)
            let stopped = record.steps.filter { $0.outcome == .stopped }.count
            var values = [
                "done": String(record.steps.filter { $0.outcome == .done || $0.outcome == .eased }.count),
                "total": String(record.steps.count), "stopped": String(stopped),
            ]
            var key = stopped > 0 ? "start.saved-stopped" : "start.saved"
            if let from = record.painBefore, let to = record.painAfter {
                key += "-pain"
                values["before"] = String(from)
                values["after"] = String(to)
            }
            print(phrases.render(key, values))
        default:
            let step = ended.machine.currentStep?.number ?? 1
            print(phrases.render("start.saved-at", ["step": String(step), "count": String(ended.machine.steps.count)]))
        }
    }

    private func voiceProgram(phrases: Phrases) -> URL? {
        if voice == false { return nil }
        if let program = Voice.find() { return program }
        let notice = phrases.render("start.no-voice")
        if voice == true {
            Output.standardError(notice)
        } else {
            print(notice)
        }
        return nil
    }

    /// The plan to follow under the screening in force and the journal's rest rule, by the
    /// planner's one rule for a session's plan (a saved plan made under other answers, or with
    /// deep pressure on a muscle that needs rest, is planned again), said in words.
    private func makePlan(
        _ source: PlanSource, catalog: Catalog, answers: [QuestionID: Bool], recentDeepPressure: [MuscleID]
    ) throws -> Plan {
        let (outcome, replanned) = try Planner(catalog: catalog).sessionPlan(
            source, answers: answers, recentDeepPressure: recentDeepPressure)
        if replanned, let plan {
            print(Output.wrap(catalog.phrases.render("start.replanned", ["file": plan])).joined(separator: "\n"))
        }
        switch outcome {
        case .plan(let plan):
            for choice in plan.muscles where recentDeepPressure.contains(choice.muscle) {
                let rule = catalog.phrases.render(
                    choice.included ? "start.rest-rolling" : "start.rest-left-out",
                    ["muscle": choice.name, "hours": String(Planner.restHours)])
                print(Output.wrap(rule).joined(separator: "\n"))
            }
            return plan
        case .stop(let result):
            print(ScreeningReport.careLines(for: result, phrases: catalog.phrases).joined(separator: "\n"))
            throw RedFlagStop()
        case .withheld(let precautions):
            print(ScreeningReport.withheldLines(precautions, phrases: catalog.phrases).joined(separator: "\n"))
            throw NoPressureWork()
        }
    }
}
