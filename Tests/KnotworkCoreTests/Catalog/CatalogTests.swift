import Foundation
import KnotworkCore
import Testing

@Suite("The bundled catalog")
struct CatalogTests {
    @Test("holds the seed's muscles, regions and tools")
    func contents() {
        #expect(bundledCatalog.muscles.map(\.id) == ["gluteus-maximus", "gluteus-medius", "gluteus-minimus", "piriformis"])
        #expect(
            bundledCatalog.regions.map(\.id) == [
                "low-back", "sacrum", "tailbone", "buttock", "outer-hip", "side-of-thigh", "back-of-thigh", "lower-leg",
            ])
        #expect(bundledCatalog.tools.map(\.id) == ["foam-roller", "lacrosse-ball", "tennis-ball"])
        #expect(Set(bundledCatalog.techniques.map(\.id)) == Set(TechniqueID.allCases))
    }

    /// A plan may take the muscles in any order, so a set-up that points at another muscle's
    /// ("as for the gluteus medius") can come before that one is explained.
    @Test("every position stands on its own, naming no other muscle")
    func positionsStandAlone() {
        for muscle in bundledCatalog.muscles {
            for text in Array(muscle.positions.values) + Array(muscle.gentlePositions.values) {
                for other in bundledCatalog.muscles where other.id != muscle.id {
                    #expect(!text.lowercased().contains(other.name.lowercased()), "\(muscle.id): \(text)")
                }
                #expect(!text.contains("as for"), "\(muscle.id): \(text)")
            }
        }
    }

    @Test("the screening's groups ask every question once, in the order asked, under headings from the phrases")
    func screeningGroups() {
        let groups = bundledCatalog.screeningGroups
        #expect(groups.map(\.id) == [.emergency, .sameDay, .soon, .signs, .precautions])
        #expect(groups.flatMap(\.questions) == bundledCatalog.screening.questionIDs)
        #expect(groups.allSatisfy { !$0.title.isEmpty && !$0.questions.isEmpty })
    }

    @Test("keeps the seed's dosage")
    func dosage() {
        let hold = bundledCatalog.technique(.sustainedPressure).seconds
        #expect(hold.min == 30 && hold.max == 60)
        let roll = bundledCatalog.technique(.foamRoll).seconds
        #expect(roll.min == 60 && roll.max == 120)
        #expect(bundledCatalog.limits.maxPressureSecondsPerSession == 600)
    }

    /// The clinical reference's §2 table (corrected 2026-11-26): piriformis does not refer to
    /// the outer hip, nor gluteus maximus to the low back.
    @Test("follows the clinical referral map, most typical first")
    func referralMap() {
        let table: [RegionID: [MuscleID]] = [
            "low-back": ["gluteus-medius"],
            "sacrum": ["gluteus-medius", "gluteus-maximus", "piriformis"],
            "tailbone": ["gluteus-maximus"],
            "buttock": ["gluteus-maximus", "piriformis", "gluteus-medius", "gluteus-minimus"],
            "outer-hip": ["gluteus-minimus", "gluteus-medius"],
            "side-of-thigh": ["gluteus-minimus", "gluteus-medius"],
            "back-of-thigh": ["gluteus-minimus", "piriformis"],
            "lower-leg": ["gluteus-minimus"],
        ]
        for region in bundledCatalog.regions {
            #expect(region.referredFrom == table[region.id], "\(region.id)")
        }
    }

    @Test("asks every red flag and precaution of the clinical reference, osteoporosis once")
    func screening() {
        let content = bundledCatalog.screening
        #expect(content.redFlags.count == 15)
        #expect(content.signs.map(\.id) == ["sg-leg-nerve", "sg-minor-strain"])
        #expect(content.precautions.count == 7)
        #expect(content.questionIDs.filter { content.question($0)!.lowercased().contains("osteoporosis") } == ["pc-osteoporosis"])
        #expect(content.question("rf-fever")!.contains("back, buttock or hip"))
        #expect(content.question("rf-age-onset")!.contains("new episode"))
        #expect(content.stopSignals.count == 7)
        #expect(content.redFlags.filter { $0.level == .emergency }.map(\.id).contains("rf-saddle-numbness"))
        #expect(content.stopSignals.map(\.id).contains("ss-tingling"))
        #expect(Set(content.careLevels.keys) == Set(CareLevel.allCases))
    }

    @Test("encodes to JSON with tool kinds as keys")
    func encodesPositions() throws {
        let muscle = try #require(bundledCatalog.muscle("gluteus-maximus"))
        let json = String(decoding: try JSONEncoder().encode(muscle), as: UTF8.self)
        #expect(json.contains("\"roller\":"))
    }
}
