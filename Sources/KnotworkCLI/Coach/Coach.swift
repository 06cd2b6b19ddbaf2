import Foundation
import KnotworkCore
import KnotworkJournal
import KnotworkSession

/// Runs one session in the terminal: the engine on a (possibly faster) clock, the full screen or
/// plain lines, the voice, the keys, and a checkpoint in the journal after every change.
actor Coach {
    let store: any JournalStore
    private(set) var live: LiveSessionRecord
    let fullScreen: Bool
    let voice: Voice?
    let speed: Double
    /// Where the words on screen and the stop signals come from.
    let catalog: Catalog
    /// The catalog's stop signals, in order: keys 1, 2, 3… stop for each.
    var stopSignals: [StopSignal] { catalog.screening.stopSignals }
    private let terminal = Terminal()
    private let input = InputReader()
    private var lastCue: Cue?
    /// The step whose heading plain lines last showed.
    private var headedStep: Int?
    private var saveError: (any Error)?

    init(
        store: any JournalStore, live: LiveSessionRecord, fullScreen: Bool, voice: URL?, speed: Double, catalog: Catalog
    ) {
        self.store = store
        self.live = live
        self.fullScreen = fullScreen
        self.voice = voice.map(Voice.init(program:))
        self.speed = speed
        self.catalog = catalog
    }

    /// Runs until the session is finished or quit; returns the final machine and live record.
    func run(machine: SessionMachine, resuming: Bool) async throws -> (machine: SessionMachine, live: LiveSessionRecord) {
        let driver = SessionDriver(machine: machine, clock: ScaledClock(speed: speed)) { [self] update in
            await self.apply(update)
        }
        if fullScreen { terminal.enterFullScreen() }
        let signals = installSignalHandlers { Task { await driver.send(.quit) } }
        defer {
            for source in signals { source.cancel() }
            // Ctrl-C works as usual again for the questions after the session.
            for number in [SIGINT, SIGTERM, SIGHUP] { signal(number, SIG_DFL) }
            input.stop()
            terminal.restore()
        }

        if !fullScreen {
            print(Self.keyLegend(catalog).joined(separator: "\n"))
            fflush(nil)
        }
        let keys = Task { [input, fullScreen, stopSignals] in
            for await key in input.start(lines: !fullScreen) {
                guard let event = await Self.event(for: key, phase: driver.state.phase, signals: stopSignals) else { continue }
                await driver.send(event)
            }
        }
        let screen = Task { [self] in
            while !Task.isCancelled {
                await self.draw(driver: driver)
                try? await Task.sleep(for: .milliseconds(200))
            }
        }
        await driver.send(resuming ? .resume : .start)
        let loop = Task { await driver.run() }
        await loop.value
        screen.cancel()
        // Let a key still being handled finish (its save included) before the final save.
        input.stop()
        await keys.value
        await voice?.stop()
        let final = await driver.state
        // The last update may still be saving: save the final state once more, in order.
        live.record(final, at: await driver.now)
        try await store.save(live, owner: .local)
        if fullScreen { await draw(driver: driver) }
        if let saveError { throw saveError }
        return (final, live)
    }

    /// What a key or a line of input means now: x (or 1) is sharp pain, 2, 3… the other stop
    /// signals in the catalog's order, also by id (`ss-dizzy`).
    static func event(for key: String, phase: SessionMachine.Phase, signals: [StopSignal]) -> SessionMachine.Event? {
        let key = key.lowercased()
        if let number = Int(key), signals.indices.contains(number - 1) { return .stop(signals[number - 1].id) }
        if let signal = signals.first(where: { $0.id == key }) { return .stop(signal.id) }
        switch key {
        case " ", "p", "pause", "resume", "r":
            return phase == .running ? .pause : .resume
        case "\r", "\n", "", "e", "eased":
            return .eased
        case "x", "sharp", "sharp pain":
            return .sharpPain
        case "s", "skip":
            return .skip
        case "q", "quit", "\u{3}":
            return .quit
        default:
            return nil
        }
    }

    /// The keys, with every stop signal: shown before plain lines.
    static func keyLegend(_ catalog: Catalog) -> [String] {
        let stops = catalog.screening.stopSignals.enumerated().map { "\($0 + 1) \($1.signal)" }.joined(separator: " · ")
        return [catalog.phrases.render("coach.legend-keys"), catalog.phrases.render("coach.legend-stop", ["signals": stops])]
    }

    private func apply(_ update: SessionDriver<ScaledClock>.Update) async {
        live.record(update.machine, at: update.now)
        do {
            try await store.save(live, owner: .local)
        } catch is CancellationError {
            // The session is ending; its final state is saved once more after the loop.
        } catch {
            saveError = error
        }
        for cue in update.cues {
            lastCue = cue
            if let voice { await voice.say(cue) }
            if !fullScreen {
                print(plainLines(for: cue).joined(separator: "\n"))
                fflush(nil)
            }
        }
    }

    /// A cue as plain lines, each with its time. The first cue of a step comes after a line
    /// with the step's number, heading and time (before "switch to your right side", too), so
    /// plain output reads in the order the full screen shows it.
    private func plainLines(for cue: Cue) -> [String] {
        let phrases = catalog.phrases
        let time = "[\(TimeText.clock(Int(cue.at.components.seconds)))] "
        var lines: [String] = []
        if let number = cue.step, number != headedStep, let step = live.plan.steps.first(where: { $0.number == number }) {
            headedStep = number
            lines.append(
                time
                    + phrases.render(
                        "coach.plain-step",
                        [
                            "number": String(step.number), "count": String(live.plan.steps.count),
                            "heading": catalog.heading(of: step), "time": TimeText.clock(step.seconds),
                        ]))
        }
        lines.append(time + (cue.isSafety ? phrases.render("coach.plain-safety", ["text": cue.text]) : cue.text))
        return lines
    }

    private func draw(driver: SessionDriver<ScaledClock>) async {
        guard fullScreen else { return }
        let machine = await driver.state
        let now = await driver.now
        let size = Terminal.size
        let lines = CoachScreen(
            snapshot: machine.snapshot(at: now), lastCue: lastCue, width: min(size.columns, 100), height: size.rows,
            colour: Terminal.colour, voice: voice != nil, catalog: catalog
        ).render()
        terminal.write("\u{1B}[H\u{1B}[2J" + lines.prefix(size.rows).joined(separator: "\r\n"))
    }

    /// Ctrl-C and termination save the session like q does.
    private nonisolated func installSignalHandlers(_ quit: @escaping @Sendable () -> Void) -> [any DispatchSourceSignal] {
        [SIGINT, SIGTERM, SIGHUP].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler(handler: quit)
            source.resume()
            return source
        }
    }
}
