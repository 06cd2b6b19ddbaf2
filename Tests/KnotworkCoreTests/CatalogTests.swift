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

    @Test("keeps the seed's dosage")
    func dosage() {
        let hold = bundledCatalog.technique(.sustainedPressure).seconds
        #expect(hold.min == 30 && hold.max == 60)
        let roll = bundledCatalog.technique(.foamRoll).seconds
        #expect(roll.min == 60 && roll.max == 120)
        #expect(bundledCatalog.limits.maxPressureSecondsPerSession == 600)
    }

    @Test("follows the clinical referral map, most typical first")
    func referralMap() {
        #expect(bundledCatalog.region("outer-hip")?.referredFrom == ["gluteus-minimus", "gluteus-medius", "piriformis"])
        #expect(bundledCatalog.region("low-back")?.referredFrom == ["gluteus-medius", "piriformis", "gluteus-maximus"])
        #expect(bundledCatalog.region("tailbone")?.referredFrom == ["gluteus-maximus"])
        #expect(bundledCatalog.region("lower-leg")?.referredFrom == ["gluteus-minimus"])
    }

    @Test("asks every red flag and precaution of the clinical reference")
    func screening() {
        let content = bundledCatalog.screening
        #expect(content.redFlags.count == 16)
        #expect(content.precautions.count == 7)
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
