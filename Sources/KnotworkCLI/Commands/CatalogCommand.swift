import ArgumentParser
import KnotworkCore

/// `knotwork catalog`: what Knotwork knows.
struct CatalogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog",
        abstract: "Show what Knotwork knows: muscles, regions, tools, techniques and screening.",
        discussion: HelpText.exitCodes
    )

    static let topics = ["muscles", "regions", "tools", "techniques", "screening"]

    @Argument(help: "One of: muscles, regions, tools, techniques, screening. Omit for all.")
    var topic: String?

    @Flag(help: "Print JSON instead of text.")
    var json = false

    func run() throws {
        let catalog = try BundledCatalog.load()
        let topics: [String]
        if let topic {
            guard Self.topics.contains(topic) else {
                throw InputError(
                    field: "topic", value: topic,
                    problem: "unknown topic '\(topic)'; \(Suggestion.hint(for: topic, in: Self.topics))")
            }
            topics = [topic]
        } else {
            topics = Self.topics
        }
        if json {
            print(try Output.json(CatalogJSON(catalog: catalog, topics: Set(topics))))
            return
        }
        print(topics.map { CatalogText(catalog: catalog).section($0) }.joined(separator: "\n\n"))
    }
}

/// The catalog as JSON; topics not asked for are left out.
private struct CatalogJSON: Encodable {
    var muscles: [Muscle]?
    var regions: [Region]?
    var tools: [Tool]?
    var techniques: [Technique]?
    var limits: Limits?
    var screening: ScreeningContent?

    init(catalog: Catalog, topics: Set<String>) {
        if topics.contains("muscles") { muscles = catalog.muscles }
        if topics.contains("regions") { regions = catalog.regions }
        if topics.contains("tools") { tools = catalog.tools }
        if topics.contains("techniques") {
            techniques = catalog.techniques
            limits = catalog.limits
        }
        if topics.contains("screening") { screening = catalog.screening }
    }
}

/// The catalog as readable text.
private struct CatalogText {
    let catalog: Catalog

    func section(_ topic: String) -> String {
        switch topic {
        case "muscles": muscles()
        case "regions": regions()
        case "tools": tools()
        case "techniques": techniques()
        default: screening()
        }
    }

    private func muscles() -> String {
        var lines = ["MUSCLES"]
        for muscle in catalog.muscles {
            lines.append("")
            lines.append("\(muscle.id) — \(muscle.name) (\(muscle.depth.rawValue))")
            lines += Output.wrap("  does: " + muscle.actions.joined(separator: "; "), indent: "    ")
            lines += Output.wrap("  trigger points: " + muscle.triggerPoints.joined(separator: "; "), indent: "    ")
            lines += Output.wrap("  may refer pain to: " + muscle.referralSummary, indent: "    ")
            lines.append("  regions: " + muscle.refersTo.joined(separator: ", "))
            lines.append("  tools: " + muscle.tools.joined(separator: ", "))
            for kind in ToolKind.allCases {
                if let caution = muscle.cautions[kind] { lines += Output.wrap("  caution (\(kind.rawValue)): " + caution, indent: "    ") }
            }
        }
        return lines.joined(separator: "\n")
    }

    private func regions() -> String {
        let rows = catalog.regions.map { [$0.id, $0.name, $0.referredFrom.joined(separator: ", ")] }
        return
            (["REGIONS (muscles that may refer pain there, most typical first)", ""]
            + Output.table(["id", "name", "muscles"], rows)).joined(separator: "\n")
    }

    private func tools() -> String {
        let rows = catalog.tools.map { [$0.id, $0.kind.rawValue, $0.firmness.rawValue, $0.note] }
        return (["TOOLS", ""] + Output.table(["id", "kind", "firmness", "use"], rows)).joined(separator: "\n")
    }

    private func techniques() -> String {
        let rows = catalog.techniques.map { technique in
            let s = technique.seconds
            return [
                technique.id.rawValue, "\(s.min)–\(s.max) s (usually \(s.default))" + (technique.perSide ? " per side" : ""),
                technique.id.isPressure ? "yes" : "no",
            ]
        }
        var lines = ["TECHNIQUES", ""] + Output.table(["id", "time", "pressure"], rows)
        lines.append("")
        lines.append(
            "Pressure work stays within \(TimeText.spoken(catalog.limits.maxPressureSecondsPerSession)) a session;"
                + " at most \(catalog.limits.maxSpotsPerMusclePerSide) tender spots per muscle and side.")
        return lines.joined(separator: "\n")
    }

    private func screening() -> String {
        let content = catalog.screening
        var lines = ["SCREENING", "", "Red flags (yes = no self-treatment):"]
        for flag in content.redFlags {
            lines += Output.wrap("  \(flag.id) [\(flag.level.rawValue)] \(flag.question)", indent: "      ")
        }
        lines += ["", "Signs (yes matters together with other answers):"]
        for sign in content.signs {
            lines += Output.wrap("  \(sign.id) \(sign.question)", indent: "      ")
        }
        lines += ["", "Together (these answers call for care sooner):"]
        for escalation in content.escalations {
            let needs =
                escalation.allOf.joined(separator: " and ")
                + (escalation.anyOf.isEmpty
                    ? "" : (escalation.allOf.isEmpty ? "" : " and ") + "any of " + escalation.anyOf.joined(separator: ", "))
                + (escalation.withAnotherRedFlag ? " with another red flag" : "")
            lines += Output.wrap("  \(escalation.id) [\(escalation.level.rawValue)] \(needs)", indent: "      ")
        }
        lines += ["", "Precautions (yes = the plan changes):"]
        for precaution in content.precautions {
            lines += Output.wrap("  \(precaution.id) \(precaution.question)", indent: "      ")
            lines += Output.wrap("      → \(precaution.planChange)", indent: "        ")
            if let allowed = precaution.stillAllowed { lines += Output.wrap("      still fine: \(allowed)", indent: "        ") }
        }
        lines += ["", "Before every session (the check-in): " + content.checkInQuestions.joined(separator: ", ") + "."]
        lines += ["", "Stop at once during pressure on: " + content.stopSignals.map(\.signal).joined(separator: ", ") + "."]
        return lines.joined(separator: "\n")
    }
}
