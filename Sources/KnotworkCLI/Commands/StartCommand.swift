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

            Screening is skipped when one from the last 30 days is in the journal. --plain (and \
            any output that is not a terminal) prints one timestamped line per cue instead of the \
            full screen, and reads the keys as lines (p, enter, x, s, q).

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

    @Option(name: .customLong("answer"), help: ArgumentHelp("A screening answer, repeatable.", valueName: "ID=yes|no"))
    var answers: [String] = []

    @Flag(inversion: .prefixedNo, help: "Speak the cues with espeak-ng (default: on when it is installed).")
    var voice: Bool?

    @Option(help: ArgumentHelp("Run the clock N times faster, for demos and tests (default 1).", valueName: "N"))
    var speed: String?

    @Flag(help: "Continue the session left with q or Ctrl-C.")
    var resume = false

    @Flag(help: "One timestamped line per cue instead of the full screen.")
    var plain = false

    @Option(help: ArgumentHelp("Pain before, 0–10, instead of being asked.", valueName: "0-10"))
    var painBefore: String?

    @Option(help: ArgumentHelp("Pain after, 0–10, instead of being asked.", valueName: "0-10"))
    var painAfter: String?

    func run() async throws {
        let catalog = try Catalog.bundled()
        let speedFactor = try parseSpeed()
        let before = try painBefore.map { try PainScore.parse($0, field: "pain-before") }
        let after = try painAfter.map { try PainScore.parse($0, field: "pain-after") }
        if resume, !planning.regions.isEmpty || plan != nil {
            throw InputError(field: "resume", value: "", problem: "--resume continues the saved session; leave out --where and --plan")
        }
        var live: LiveSessionRecord
        var machine: SessionMachine
        let store: SQLiteJournalStore
        if resume {
            store = try journal.open()
            guard let saved = try await store.latestLiveSession() else {
                throw InputError(field: "resume", value: "", problem: "there is no paused session to resume; start one with --where")
            }
            live = saved
            machine = SessionMachine.restore(saved.checkpoint, at: .zero)
            print("Resuming the session saved at step \((machine.currentStep?.number).map(String.init) ?? "1") of \(machine.steps.count).")
        } else {
            // Every argument is checked before the safety questions, so nobody answers them
            // only to hear that a region was misspelt.
            let source = try planSource(catalog: catalog)
            store = try journal.open()
            let answers = try await screening(catalog: catalog, store: store)
            let plan = try makePlan(source, catalog: catalog, answers: answers)
            let painNow = before ?? askPain("Pain right now, 0–10: ")
            machine = SessionMachine(plan: plan, cues: CueBook(catalog: catalog))
            live = LiveSessionRecord(
                startedAt: Date(), timeZone: TimeZone.current.identifier, painBefore: painNow, plan: plan,
                checkpoint: machine.checkpoint(at: .zero), updatedAt: Date())
            try await store.save(live)
        }

        let coach = Coach(
            store: store, live: live, fullScreen: !plain && Terminal.isInteractive, voice: try voiceProgram(),
            speed: speedFactor)
        let ended = try await coach.run(machine: machine, resuming: resume)
        live = ended.live
        switch ended.machine.phase {
        case .finished:
            let painNow = after ?? askPain("Pain now, 0–10: ")
            let record = live.finished(endedAt: Date(), painAfter: painNow)
            try await store.finish(live, as: record)
            let stopped = record.steps.filter { $0.outcome == .stopped }.count
            var summary = "Session saved: \(record.steps.filter { $0.outcome == .done || $0.outcome == .eased }.count) of \(record.steps.count) steps done"
            if stopped > 0 { summary += ", \(stopped) stopped for safety" }
            if let from = record.painBefore, let to = record.painAfter { summary += "; pain \(from) → \(to)" }
            print(summary + ". See your trend with: knotwork history")
        default:
            let step = ended.machine.currentStep?.number ?? 1
            print("Saved at step \(step) of \(ended.machine.steps.count). Continue with: knotwork start --resume")
        }
    }

    private func parseSpeed() throws(InputError) -> Double {
        guard let speed else { return 1 }
        guard let value = Double(speed), value >= 0.1, value <= 1000 else {
            throw InputError(field: "speed", value: speed, problem: "'\(speed)' is not a speed from 0.1 to 1000")
        }
        return value
    }

    private func voiceProgram() throws -> URL? {
        if voice == false { return nil }
        if let program = Voice.find() { return program }
        let notice = "Voice: espeak-ng is not installed (apt install espeak-ng); cues are shown on screen only."
        if voice == true {
            Output.standardError(notice)
        } else {
            print(notice)
        }
        return nil
    }

    /// A screening from the last 30 days, or a new one; stops with exit 3 on a red flag.
    private func screening(catalog: Catalog, store: SQLiteJournalStore) async throws -> [QuestionID: Bool] {
        var answers = try catalog.screening.parseAnswers(self.answers)
        if answers.isEmpty, let last = try await store.latestScreening(), last.verdict != .stop,
            last.at > Date().addingTimeInterval(-30 * 86_400)
        {
            print("Screening from \(LocalTime.current.format(last.at)) still applies.")
            return last.answers
        }
        try Screener(content: catalog.screening, toStandardError: false).ask(&answers)
        let result = catalog.screening.evaluate(answers)
        try await store.add(ScreeningRecord(at: Date(), timeZone: TimeZone.current.identifier, verdict: result.verdict, answers: answers))
        if result.verdict == .stop {
            print(ScreeningReport.careLines(for: result).joined(separator: "\n"))
            throw RedFlagStop()
        }
        if result.verdict == .precautions {
            print(ScreeningReport.lines(for: result).joined(separator: "\n"))
        }
        return answers
    }

    /// Where the plan comes from: a request from the options, or a saved plan.
    private enum PlanSource {
        case request(PlanRequest)
        case file(Plan, path: String)
    }

    private func planSource(catalog: Catalog) throws -> PlanSource {
        guard let path = plan else {
            return .request(try planning.request(catalog: catalog))
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw FileError(path: path, problem: "cannot be read (\((error as NSError).localizedDescription))")
        }
        let decoded: Plan
        do {
            decoded = try JSONDecoder().decode(Plan.self, from: data)
        } catch let error as DecodingError {
            throw FileError(path: path, problem: "is not a plan from 'knotwork plan --json': \(error.summary)")
        }
        do {
            try Planner(catalog: catalog).check(decoded)
        } catch {
            throw FileError(path: path, problem: error.problem)
        }
        return .file(decoded, path: path)
    }

    /// The plan to follow, with the current screening's precautions applied: a saved plan made
    /// under other answers is planned again from its request.
    private func makePlan(_ source: PlanSource, catalog: Catalog, answers: [QuestionID: Bool]) throws -> Plan {
        var request: PlanRequest
        switch source {
        case .request(let made):
            request = made
        case .file(let saved, let path):
            let yes = { (answers: [QuestionID: Bool]) in Set(catalog.screening.precautions.map(\.id).filter { answers[$0] == true }) }
            if yes(saved.request.answers) == yes(answers) { return saved }
            print("Your screening answers differ from those \(path) was planned with: planning it again with your current answers.")
            request = saved.request
        }
        request.answers = answers
        switch try Planner(catalog: catalog).plan(request) {
        case .plan(let plan): return plan
        case .stop(let result):
            print(ScreeningReport.careLines(for: result).joined(separator: "\n"))
            throw RedFlagStop()
        }
    }
}
