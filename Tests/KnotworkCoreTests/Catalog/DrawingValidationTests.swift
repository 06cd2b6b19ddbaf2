import Foundation
import KnotworkCore
import Testing

/// drawings.json refused on load: each broken case names the file, the entry and the field.
@Suite("Drawings: validation of drawings.json")
struct DrawingValidationTests {
    @Test func anUnknownMuscleNamesTheFileEntryAndField() throws {
        let error = catalogError(
            try files(editing: "drawings.json") { object in
                editEntry(&object, "positions", id: "piriformis-ball") { $0["muscle"] = "piriformus" }
            })
        #expect(error?.file == "drawings.json")
        #expect(error?.entry == "piriformis-ball")
        #expect(error?.field == "muscle")
        #expect(error?.problem.contains("unknown muscle 'piriformus'") == true)
        #expect(error?.problem.contains("piriformis") == true)
    }

    @Test func anUnknownTechniqueOrRegionIsAnError() throws {
        let technique = catalogError(
            try files(editing: "drawings.json") { object in
                var looks = object["techniques"] as! [[String: Any]]
                looks[0]["technique"] = "foam-rolling"
                object["techniques"] = looks
            })
        #expect(technique?.file == "drawings.json")
        #expect(technique?.field == "technique")
        #expect(technique?.problem.contains("unknown value 'foam-rolling'") == true)

        let region = catalogError(
            try files(editing: "drawings.json") { object in
                var anatomy = object["anatomy"] as! [String: Any]
                var regions = anatomy["regions"] as! [[String: Any]]
                regions[0]["region"] = "lower-back"
                anatomy["regions"] = regions
                object["anatomy"] = anatomy
            })
        #expect(region?.file == "drawings.json")
        #expect(region?.entry == "lower-back")
        #expect(region?.field == "region")
        #expect(region?.problem.hasPrefix("unknown region 'lower-back'; did you mean 'low-back'?") == true)
    }

    @Test func aToolKindTheMuscleIsNotWorkedWithIsAnError() throws {
        let error = catalogError(
            try files(editing: "drawings.json") { object in
                editEntry(&object, "positions", id: "piriformis-ball") { $0["toolKind"] = "roller" }
            })
        #expect(error?.entry == "piriformis-ball")
        #expect(error?.field == "toolKind")
    }

    @Test func shapesOutsideTheDrawingAreErrors() throws {
        let tool = catalogError(
            try files(editing: "drawings.json") { object in
                editEntry(&object, "positions", id: "gluteus-medius-ball") { $0["tool"] = [500, 20] }
            })
        #expect(tool?.entry == "gluteus-medius-ball")
        #expect(tool?.field == "tool")
        #expect(tool?.problem.contains("outside the drawing") == true)

        let notAPoint = catalogError(
            try files(editing: "drawings.json") { object in
                editEntry(&object, "positions", id: "gluteus-medius-ball") { $0["spot"] = [20] }
            })
        #expect(notAPoint?.field == "spot")
        #expect(notAPoint?.problem == "must be a point [x, y] of two numbers")

        let pose = catalogError(
            try files(editing: "drawings.json") { object in
                editEntry(&object, "poses", id: "marching") { pose in
                    var angles = pose["angles"] as! [String: Any]
                    angles["torso"] = 90 // head down through the floor
                    pose["angles"] = angles
                }
            })
        #expect(pose?.entry == "marching")
        #expect(pose?.field == "angles")

        let muscle = catalogError(
            try files(editing: "drawings.json") { object in
                var anatomy = object["anatomy"] as! [String: Any]
                var muscles = anatomy["muscles"] as! [[String: Any]]
                muscles[0]["points"] = [[56, 48], [76, -4], [80, 56]]
                anatomy["muscles"] = muscles
                object["anatomy"] = anatomy
            })
        #expect(muscle?.entry == "gluteus-minimus")
        #expect(muscle?.field == "points[1]")
    }

    @Test func aMissingTextAlternativeIsAnError() throws {
        let position = catalogError(
            try files(editing: "drawings.json") { object in
                editEntry(&object, "positions", id: "gluteus-maximus-ball") { $0["text"] = nil }
            })
        #expect(position == CatalogError(file: "drawings.json", entry: "gluteus-maximus-ball", field: "text", problem: "is missing"))
        let move = catalogError(
            try files(editing: "drawings.json") { object in
                editEntry(&object, "moves", id: "warm-up") { $0["text"] = "  " }
            })
        #expect(move == CatalogError(file: "drawings.json", entry: "warm-up", field: "text", problem: "must not be empty"))
    }

    @Test func aMissingDrawingIsAnError() throws {
        let error = catalogError(
            try files(editing: "drawings.json") { object in
                object["positions"] = (object["positions"] as! [[String: Any]]).filter { $0["id"] as? String != "piriformis-ball-gentle" }
            })
        #expect(
            error == CatalogError(file: "drawings.json", field: "positions", problem: "has no gentle drawing of piriformis with a ball"))
        var files = Catalog.bundledFiles()
        files["drawings.json"] = nil
        #expect(catalogError(files) == CatalogError(file: "drawings.json", problem: "is missing"))
    }

    @Test func tenderSpotsMatchTheTriggerPointsAndLayersKeepTheirOrder() throws {
        let spots = catalogError(
            try files(editing: "drawings.json") { object in
                var anatomy = object["anatomy"] as! [String: Any]
                var muscles = anatomy["muscles"] as! [[String: Any]]
                muscles[3]["spots"] = [[94, 88]]
                anatomy["muscles"] = muscles
                object["anatomy"] = anatomy
            })
        #expect(spots?.entry == "gluteus-maximus")
        #expect(spots?.field == "spots")
        #expect(spots?.problem.contains("muscles.json lists 3 trigger points") == true)

        let layers = catalogError(
            try files(editing: "drawings.json") { object in
                var anatomy = object["anatomy"] as! [String: Any]
                anatomy["muscles"] = Array((anatomy["muscles"] as! [[String: Any]]).reversed())
                object["anatomy"] = anatomy
            })
        #expect(layers?.entry == "gluteus-medius")
        #expect(layers?.field == "muscle")
    }

    /// No drawing shows a ball on the lower middle of the buttock, over the sciatic nerve.
    @Test func aBallSpotOnTheSciaticNerveIsAnError() throws {
        let error = catalogError(
            try files(editing: "drawings.json") { object in
                editEntry(&object, "positions", id: "gluteus-maximus-ball") { $0["mapSpot"] = [70, 110] }
            })
        #expect(error?.entry == "gluteus-maximus-ball")
        #expect(error?.field == "mapSpot")
        #expect(error?.problem.contains("sciatic nerve") == true)
    }
}
