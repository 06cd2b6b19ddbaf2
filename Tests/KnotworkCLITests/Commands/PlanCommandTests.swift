import Foundation
import KnotworkCore
import Testing

@Suite("knotwork plan (the real binary)")
struct PlanCommandTests {
    @Test("prints the plan in words a person can follow: each step's heading, side and time with its set-up under it, names not ids")
    func readable() async throws {
        let run = try await Binary.run(["plan", "--where", "outer-hip"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("Your self-massage plan\nFor outer hip, both sides. About "))
        #expect(run.stdout.contains("Why these muscles"))
        #expect(run.stdout.contains("Gluteus minimus: can send pain to the outer hip (#1)"))
        #expect(run.stdout.contains("safety questions are unanswered"))
        #expect(run.stdout.contains("Stop at once if you feel any of these:"))
        for id in ["gluteus-minimus", "sustained-pressure", "lacrosse-ball", "outer-hip"] {
            #expect(!run.stdout.contains(id), "no ids as words: \(id)")
        }
        // Every step of the library's plan, in order, numbered, its set-up indented under it.
        let catalog = try Catalog.bundled()
        guard case .plan(let plan) = try Planner(catalog: catalog).plan(PlanRequest(regions: ["outer-hip"])) else {
            Issue.record("expected a plan")
            return
        }
        var rest = Substring(run.stdout)
        for step in plan.steps {
            let number = (step.number < 10 && plan.steps.count >= 10 ? " " : "") + "\(step.number). "
            let heading = "\n" + number + catalog.heading(of: step) + " · " + TimeText.clock(step.seconds) + "\n"
            guard let found = rest.range(of: heading) else {
                Issue.record("step \(step.number) missing or out of order: \(heading)")
                return
            }
            let firstWords = step.cue.split(separator: " ").prefix(4).joined(separator: " ")
            #expect(rest[found.upperBound...].hasPrefix(String(repeating: " ", count: number.count) + firstWords))
            rest = rest[found.upperBound...]
        }
        #expect(run.stderr.isEmpty)
    }

    @Test("--json prints the versioned plan, the same as the library makes")
    func json() async throws {
        let arguments = [
            "plan", "--where", "low-back,sacrum", "--side", "left", "--tools", "tennis-ball", "--minutes", "8", "--answer",
            "pc-skin-veins=yes", "--json",
        ]
        let run = try await Binary.run(arguments)
        #expect(run.status == 0, "\(run.stderr)")
        let plan = try JSONDecoder().decode(Plan.self, from: Data(run.stdout.utf8))
        #expect(plan.schema == "knotwork.plan/1")
        #expect(plan.request.regions == ["low-back", "sacrum"])
        #expect(plan.request.side == .left)
        let expected = try Planner(catalog: Catalog.bundled()).plan(plan.request)
        #expect(expected == .plan(plan))
    }

    @Test("--html writes a handout to print: every step's drawing with its words, time and set-up, and the stop signs")
    func handout() async throws {
        let scratch = try Scratch()
        let file = scratch.path("plan.html")
        let run = try await Binary.run([
            "plan", "--where", "outer-hip,buttock", "--side", "left", "--minutes", "10", "--html", file, "--json",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let plan = try JSONDecoder().decode(Plan.self, from: Data(run.stdout.utf8))
        let html = try scratch.read("plan.html")
        let catalog = try Catalog.bundled()
        #expect(
            html.components(separatedBy: "<img src=\"data:image/svg+xml;base64,").count - 1 == plan.steps.count, "a drawing for every step")
        for step in plan.steps {
            #expect(html.contains(catalog.title(of: step).replacingOccurrences(of: "&", with: "&amp;")))
        }
        #expect(!html.contains("alt=\"\""), "every drawing has its words")
        for signal in catalog.screening.stopSignals { #expect(html.contains(signal.signal)) }
        #expect(!html.contains("<script"), "nothing runs in it")
        var info = stat()
        #expect(stat(file, &info) == 0 && info.st_mode & 0o077 == 0, "readable by its owner only")
    }

    @Test("--cues is still accepted: what the coach will say is under every step anyway")
    func cues() async throws {
        let run = try await Binary.run(["plan", "--where", "tailbone", "--cues"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("figure-four"))
        #expect(try await Binary.run(["plan", "--where", "tailbone"]).stdout == run.stdout)
    }

    struct Bad: Sendable, CustomTestStringConvertible {
        let arguments: [String]
        let needle: String
        var testDescription: String { arguments.joined(separator: " ") }
    }

    static let bad: [Bad] = [
        Bad(
            arguments: ["plan", "--where", "outer-hp"],
            needle: "The value 'outer-hp' is invalid for '--where <regions>': unknown region 'outer-hp'; did you mean 'outer-hip'?"),
        Bad(
            arguments: ["plan", "--where", "outer-hip", "--side", "lef"],
            needle: "'--side <side>': unknown side 'lef'; did you mean 'left'?"),
        Bad(arguments: ["plan", "--where", "outer-hip", "--tools", "lacrosse"], needle: "did you mean 'lacrosse-ball'?"),
        Bad(arguments: ["plan", "--where", "outer-hip", "--minutes", "1"], needle: "'--minutes <minutes>': 1 is outside 3–120 minutes"),
        Bad(arguments: ["plan", "--where", "outer-hip", "--minutes", "ten"], needle: "'ten' is not a whole number"),
        Bad(arguments: ["plan", "--where", "outer-hip", "--answer", "rf-fevr=no"], needle: "did you mean 'rf-fever'?"),
        Bad(arguments: ["plan", "--where", "outer-hip", "--answer", "rf-fever=perhaps"], needle: "must be yes or no"),
        Bad(arguments: ["plan"], needle: "--where: name at least one region"),
        Bad(arguments: ["plan", "--where", "outer-hip", "--tools", "foam-roller"], needle: "needs a lacrosse-ball or tennis-ball"),
        Bad(arguments: ["plan", "--where", "outer-hip", "--colour", "red"], needle: "Unknown option '--colour'"),
        Bad(arguments: ["plna"], needle: "unknown command 'plna'; did you mean 'plan'?"),
    ]

    @Test("bad input: one line naming the value and the valid ones, exit 64, nothing on stdout", arguments: bad)
    func rejects(_ bad: Bad) async throws {
        let run = try await Binary.run(bad.arguments)
        #expect(run.status == 64)
        #expect(run.stdout.isEmpty)
        let lines = run.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(run.stderr)")
        #expect(run.stderr.hasPrefix("knotwork: "))
        #expect(run.stderr.contains(bad.needle), "\(run.stderr)")
    }

    @Test("a red flag prints where to get care and exits 3")
    func redFlag() async throws {
        let run = try await Binary.run(["plan", "--where", "low-back", "--answer", "rf-saddle-numbness=yes"])
        #expect(run.status == 3)
        #expect(run.stdout.contains("STOP: GET EMERGENCY CARE NOW"))
        #expect(run.stdout.contains("emergency department"))
        #expect(!run.stdout.contains("sustained-pressure"))
    }

    @Test("--help documents the exit codes")
    func help() async throws {
        let run = try await Binary.run(["plan", "--help"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("3 a red flag was answered yes"))
        #expect(run.stdout.contains("64 a bad value"))
    }

    @Test("--version prints the version")
    func version() async throws {
        let run = try await Binary.run(["--version"])
        #expect(run.status == 0)
        #expect(run.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "0.1.0")
    }
}
