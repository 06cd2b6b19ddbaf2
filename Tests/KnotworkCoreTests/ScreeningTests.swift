import KnotworkCore
import Testing

@Suite("Screening")
struct ScreeningTests {
    let content = bundledCatalog.screening

    @Test("no yes answers is clear, with the unanswered questions listed")
    func clear() {
        let result = content.evaluate(["rf-fever": false])
        #expect(result.verdict == .clear)
        #expect(result.care == nil)
        #expect(result.unanswered.count == content.questionIDs.count - 1)
    }

    @Test("a precaution changes the plan but does not stop it")
    func precaution() {
        let result = content.evaluate(["pc-pregnancy": true, "rf-fever": false])
        #expect(result.verdict == .precautions)
        #expect(result.precautions.map(\.id) == ["pc-pregnancy"])
    }

    @Test("any red flag stops, with the most urgent care level")
    func stop() {
        let result = content.evaluate(["rf-cancer-history": true, "rf-bladder-bowel": true, "pc-pregnancy": true])
        #expect(result.verdict == .stop)
        #expect(result.care?.level == .emergency)
        #expect(result.redFlags.map(\.id) == ["rf-bladder-bowel", "rf-cancer-history"])
        #expect(content.evaluate(["rf-trauma": true]).care?.level == .sameDay)
        #expect(content.evaluate(["rf-night-pain": true]).care?.level == .soon)
    }

    @Test("every red flag on its own stops", arguments: bundledCatalog.screening.redFlags.map(\.id))
    func eachRedFlag(_ id: String) {
        #expect(content.evaluate([id: true]).verdict == .stop)
    }

    @Test("answers parse as ID=yes|no")
    func parse() throws {
        #expect(try content.parseAnswer("rf-fever=yes") == ("rf-fever", true))
        #expect(try content.parseAnswer("pc-pregnancy = N") == ("pc-pregnancy", false))
    }

    @Test("a bad answer names the value and what is valid")
    func badAnswers() {
        #expect(throws: InputError.self) { try content.parseAnswer("rf-fever") }
        do {
            _ = try content.parseAnswer("rf-fevr=yes")
            Issue.record("expected an error")
        } catch {
            #expect(error.field == "answer")
            #expect(error.problem.contains("did you mean 'rf-fever'"))
        }
        do {
            _ = try content.parseAnswer("rf-fever=maybe")
            Issue.record("expected an error")
        } catch {
            #expect(error.problem.contains("yes or no"))
        }
    }
}
