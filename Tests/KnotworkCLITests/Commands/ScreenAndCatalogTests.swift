import Foundation
import KnotworkCore
import Testing

@Suite("knotwork screen (the real binary)")
struct ScreenCommandTests {
    static let allNo = try! Catalog.bundled().screening.questionIDs.map { "--answer=\($0)=no" }

    @Test("every answer no is clear")
    func clear() async throws {
        let run = try await Binary.run(["screen"] + Self.allNo)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasPrefix("Clear: no red flags"))
    }

    @Test("a precaution says how the plan changes")
    func precaution() async throws {
        let run = try await Binary.run(["screen"] + Self.allNo + ["--answer", "pc-osteoporosis=yes"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("Precautions"))
        #expect(run.stdout.contains("pc-osteoporosis: No hard ball"))
    }

    @Test("questions are asked one by one on standard input; an emergency stops the asking")
    func interactive() async throws {
        let run = try await Binary.run(["screen"], input: "n\nmaybe\ny\n")
        #expect(run.status == 3)
        #expect(run.stdout.contains("[1/24] Do you have new numbness"))
        #expect(run.stdout.contains("Please answer y or n."))
        #expect(run.stdout.contains("[2/24]"))
        #expect(!run.stdout.contains("[3/24]"))
        #expect(run.stdout.contains("STOP: GET EMERGENCY CARE NOW"))
        #expect(run.stdout.contains("rf-bladder-bowel"))
    }

    @Test("a same-day flag keeps asking the red flags and signs, then skips the precautions")
    func sameDay() async throws {
        let answers = String(repeating: "n\n", count: 6) + "y\n" + String(repeating: "n\n", count: 10)
        let run = try await Binary.run(["screen"], input: answers)
        #expect(run.status == 3)
        #expect(run.stdout.contains("[17/24]"))
        #expect(!run.stdout.contains("[18/24]"))
        #expect(run.stdout.contains("STOP: SEE A DOCTOR TODAY"))
    }

    @Test("input that ends before every answer exits 64 and names the question")
    func endOfInput() async throws {
        let run = try await Binary.run(["screen"], input: "n\n")
        #expect(run.status == 64)
        #expect(run.stderr.contains("no answer for 'rf-bladder-bowel'"))
    }

    @Test("--json prints the verdict as JSON")
    func json() async throws {
        let run = try await Binary.run(["screen", "--json"] + Self.allNo + ["--answer", "pc-pregnancy=yes"])
        #expect(run.status == 0)
        let result = try JSONDecoder().decode(ScreeningResult.self, from: Data(run.stdout.utf8))
        #expect(result.verdict == .precautions)
        #expect(result.precautions.map(\.id) == ["pc-pregnancy"])
    }
}

@Suite("knotwork catalog (the real binary)")
struct CatalogCommandTests {
    @Test("each topic prints", arguments: ["muscles", "regions", "tools", "techniques", "screening"])
    func topic(_ topic: String) async throws {
        let run = try await Binary.run(["catalog", topic])
        #expect(run.status == 0)
        #expect(run.stdout.hasPrefix(topic.uppercased()))
        let json = try await Binary.run(["catalog", topic, "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object[topic] != nil)
    }

    @Test("an unknown topic suggests the closest")
    func unknown() async throws {
        let run = try await Binary.run(["catalog", "muscle"])
        #expect(run.status == 64)
        #expect(run.stderr.contains("did you mean 'muscles'?"))
    }
}
