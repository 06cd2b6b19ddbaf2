import KnotworkCore
import Testing

@Suite("Text helpers")
struct TextTests {
    @Test("a template fills placeholders and capitalises on request")
    func template() {
        let template = Template("{Side} side, {muscle}: {duration}.")
        #expect(template.placeholders == ["side", "muscle", "duration"])
        #expect(
            template.render(["side": "left", "muscle": "piriformis", "duration": "45 seconds"]) == "Left side, piriformis: 45 seconds.")
    }

    @Test("an empty placeholder leaves no stray spaces")
    func emptyPlaceholder() {
        #expect(Template("Start. {position} Lean in.").render([:]) == "Start. Lean in.")
        #expect(Template("Hold {note}.").render([:]) == "Hold.")
    }

    @Test("malformed placeholders are detected", arguments: ["{side", "side}", "{}", "{si de}"])
    func malformed(_ text: String) {
        #expect(!Template(text).isWellFormed)
    }

    @Test("did-you-mean finds typos and unique prefixes, not unrelated words")
    func suggestion() {
        let regions = bundledCatalog.regions.map(\.id)
        #expect(Suggestion.closest(to: "outer-hp", in: regions) == "outer-hip")
        #expect(Suggestion.closest(to: "Low-Back", in: regions) == "low-back")
        #expect(Suggestion.closest(to: "tail", in: regions) == "tailbone")
        #expect(Suggestion.closest(to: "shoulder", in: regions) == nil)
        #expect(Suggestion.editDistance("kitten", "sitting") == 3)
        #expect(Suggestion.editDistance("plna", "plan") == 1)
        #expect(Suggestion.closest(to: "plna", in: ["catalog", "screen", "plan"]) == "plan")
    }

    @Test("durations read naturally")
    func durations() {
        #expect(TimeText.spoken(45) == "45 seconds")
        #expect(TimeText.spoken(60) == "1 minute")
        #expect(TimeText.spoken(90) == "1 minute 30 seconds")
        #expect(TimeText.spoken(121) == "2 minutes 1 second")
        #expect(TimeText.clock(605) == "10:05")
    }

    @Test("every key of a family built from an enum (sides, groups, clearance reasons, step words) is a phrase the catalog must give")
    func phraseFamilies() {
        let keys = PhraseKey.everyFamilyKey
        #expect(keys.count == 5 + 2 + 7 + 7 + 7 + 6)
        for key in keys { #expect(Phrases.required[key] != nil, "\(key) is not in Phrases.required") }
        #expect(PhraseKey.side(.left) == "side.left")
        #expect(PhraseKey.step(StepWords(.hydrate, first: false)) == "step.hydrate-after")
        #expect(PhraseKey.why(StepWords(.foamRoll, first: true)) == "why.foam-roll")
    }
}
