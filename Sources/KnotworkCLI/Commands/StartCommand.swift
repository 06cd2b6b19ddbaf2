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
        let phrases = catalog.phrases
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
            print(
                phrases.render(
                    "start.resuming",
                    ["step": (machine.currentStep?.number).map(String.init) ?? "1", "count": String(machine.steps.count)]))
        } else {
            // Every argument is checked before the safety questions, so nobody answers them
            // only to hear that a region was misspelt.
            let source = try planSource(catalog: catalog)
            store = try journal.open()
            let clearance = try await screening(catalog: catalog, store: store)
            let plan = try makePlan(
                source, catalog: catalog, answers: clearance.answers,
                recentDeepPressure: try await store.recentDeepPressure(now: Date(), catalog: catalog))
            let painNow = before ?? askPain(phrases.render("start.pain-before"), phrases: phrases)
            machine = SessionMachine(plan: plan, cues: CueBook(catalog: catalog))
            live = LiveSessionRecord(
                startedAt: Date(), timeZone: TimeZone.current.identifier, painBefore: painNow, plan: plan,
                checkpoint: machine.checkpoint(at: .zero), updatedAt: Date())
            try await store.save(live)
            // These answers have started a session; the next one asks again.
            if let basis = clearance.basis { try await store.markScreeningUsed(id: basis, at: live.startedAt) }
        }

        let coach = Coach(
            store: store, live: live, fullScreen: !plain && Terminal.isInteractive, voice: voiceProgram(phrases: phrases),
            speed: speedFactor, catalog: catalog)
        let ended = try await coach.run(machine: machine, resuming: resume)
        live = ended.live
        switch ended.machine.phase {
        case .finished:
            let painNow = after ?? askPain(phrases.render("start.pain-after"), phrases: phrases)
            let record = live.finished(endedAt: Date(), painAfter: painNow)
            try await store.finish(live, as: record)
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

    private func parseSpeed() throws(InputError) -> Double {
        guard let speed else { return 1 }
        guard let value = Double(speed), value >= 0.1, value <= 1000 else {
            throw InputError(field: "speed", value: speed, problem: "'\(speed)' is not a speed from 0.1 to 1000")
        }
        return value
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

    /// A clear screening to start on, by the one screening rule: the full questions or the
    /// check-in, as the journal's clearance says; stops with exit 3 while a stop stands.
    private func screening(catalog: Catalog, store: SQLiteJournalStore) async throws -> Clearance {
        let content = catalog.screening
        let phrases = catalog.phrases
        let local = LocalTime.current
        var answers = try content.parseAnswers(self.answers)
        let clearance = try await store.clearance(catalog, now: Date())
        switch clearance.status {
        case .clear where answers.isEmpty:
            if let at = clearance.screenedAt { print(phrases.render("start.screening-applies", ["when": local.format(at)])) }
            return clearance
        case .stop where answers.isEmpty:
            if let result = clearance.result { print(ScreeningReport.careLines(for: result, phrases: phrases).joined(separator: "\n")) }
            throw RedFlagStop()
        case .checkIn where Set(answers.keys).isSubset(of: content.checkInQuestions):
            let when = clearance.screenedAt.map { local.format($0) } ?? phrases.render("start.earlier")
            print(Output.wrap(phrases.render("start.check-in-first", ["when": when])).joined(separator: "\n"))
            try Screener(catalog: catalog, toStandardError: false).checkIn(&answers)
            try await record(content.checkComplete(answers, kind: .checkIn, field: "answer"), kind: .checkIn, answers, store: store)
        default:
            if clearance.status != .clear, !clearance.detail.isEmpty, answers.isEmpty {
                print(Output.wrap(clearance.detail).joined(separator: "\n"))
            }
            try Screener(catalog: catalog, toStandardError: false).ask(&answers)
            try await record(content.checkComplete(answers, kind: .full, field: "answer"), kind: .full, answers, store: store)
        }
        let now = try await store.clearance(catalog, now: Date())
        switch now.status {
        case .clear:
            if let result = now.result, result.verdict == .precautions {
                print(ScreeningReport.lines(for: result, phrases: phrases).joined(separator: "\n"))
            }
            return now
        case .stop:
            if let result = now.result { print(ScreeningReport.careLines(for: result, phrases: phrases).joined(separator: "\n")) }
            throw RedFlagStop()
        case .checkIn, .screening:
            throw InputError(field: "answer", value: "", problem: now.detail)
        }
    }

    private func record(
        _ result: ScreeningResult, kind: PastScreening.Kind, _ answers: [QuestionID: Bool], store: SQLiteJournalStore
    ) async throws {
        try await store.add(
            ScreeningRecord(at: Date(), timeZone: TimeZone.current.identifier, kind: kind, verdict: result.verdict, answers: answers))
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
        // Strictly first: a key given twice would otherwise quietly keep its last value.
        do {
            _ = try JSONValue.parse(data)
        } catch {
            throw FileError(path: path, problem: "is not valid JSON: \(error.description)")
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

    /// The plan to follow under the screening in force and the journal's rest rule: a saved
    /// plan made under other answers, or with deep pressure on a muscle that needs rest, is
    /// planned again from its request.
    private func makePlan(
        _ source: PlanSource, catalog: Catalog, answers: [QuestionID: Bool], recentDeepPressure: [MuscleID]
    ) throws -> Plan {
        let planner = Planner(catalog: catalog)
        let outcome: PlanOutcome
        switch source {
        case .request(var request):
            request.answers = answers
            request.recentDeepPressure = recentDeepPressure
            outcome = try planner.plan(request)
        case .file(let saved, let path):
            let adopted = try planner.adopt(saved, answers: answers, recentDeepPressure: recentDeepPressure)
            if adopted.replanned {
                print(Output.wrap(catalog.phrases.render("start.replanned", ["file": path])).joined(separator: "\n"))
            }
            outcome = adopted.outcome
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
