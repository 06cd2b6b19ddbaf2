import Foundation
import KnotworkCore
import KnotworkJournal
import Testing

@Suite("A patient's FHIR bundle for their clinician")
struct PatientBundleTests {
    let patient = Account(id: patientID, email: "ann@example.org", displayName: "Ann Example", role: .person, createdAt: november(1))
    let current = prescription(days: [.friday, .monday], starts: nov(16), notes: "Gently on the left.", createdAt: november(15))
    let finished = prescription(days: [.wednesday], starts: nov(2), ends: nov(15))

    func bundle() throws -> Data {
        try FHIRExport.patientBundle(
            patient: patient, sessions: [session(day: 16)], painRatings: [PainRating(at: november(17), timeZone: "Europe/Berlin", pain: 4)],
            prescriptions: [current, finished], clinicianNames: [clinicianID: "Dr Bea Physio"], timeZone: berlin,
            exportedAt: november(20))
    }

    @Test("a Patient, its Observations and a CarePlan for each prescription, active or completed by date")
    func resources() throws {
        let json = try #require(try JSONSerialization.jsonObject(with: bundle()) as? [String: Any])
        let resources = try #require(json["entry"] as? [[String: Any]]).compactMap { $0["resource"] as? [String: Any] }
        #expect(
            resources.map { $0["resourceType"] as? String } == [
                "Patient", "Observation", "Observation", "Observation", "CarePlan", "CarePlan",
            ])
        #expect(resources[0]["id"] as? String == patientID.description)
        let plans = resources.filter { $0["resourceType"] as? String == "CarePlan" }
        #expect(plans.map { $0["status"] as? String } == ["completed", "active"])
        #expect(plans.map { $0["id"] as? String } == [finished.id.lowercased, current.id.lowercased])
        let text = String(decoding: try bundle(), as: UTF8.self)
        #expect(text.contains(#""dayOfWeek" : ["#) && text.contains(#""mon""#) && text.contains(#""fri""#))
        #expect(text.contains(#""display" : "Dr Bea Physio""#))
    }

    @Test("the journal's own export is unchanged: no subject")
    func journalExport() throws {
        let backup = JournalBackup(exportedAt: november(20), sessions: [session(day: 16)], painRatings: [], screenings: [])
        #expect(!String(decoding: try FHIRExport.bundle(backup), as: UTF8.self).contains("subject"))
    }

    @Test(
        "fhir.resources accepts it as an R4 Bundle",
        .enabled(if: OutsidePython.isSet, "run through scripts/test, which sets KNOTWORK_PYTHON"))
    func fhirResources() throws {
        let script = """
            import sys
            from fhir.resources.R4B.bundle import Bundle
            bundle = Bundle.model_validate_json(open(sys.argv[1]).read())
            kinds = [entry.resource.__resource_type__ for entry in bundle.entry]
            assert kinds == ["Patient", "Observation", "Observation", "Observation", "CarePlan", "CarePlan"], kinds
            patient = bundle.entry[0]
            assert patient.resource.name[0].text == "Ann Example"
            for entry in bundle.entry[1:4]:
                assert entry.resource.subject.reference == patient.fullUrl, entry.resource.subject
            plan = bundle.entry[5].resource
            assert plan.status == "active" and plan.intent == "plan" and plan.subject.reference == patient.fullUrl
            assert plan.author.display == "Dr Bea Physio" and str(plan.period.start) == "2026-11-16" and plan.period.end is None
            detail = plan.activity[0].detail
            repeat = detail.scheduledTiming.repeat
            assert repeat.dayOfWeek == ["mon", "fri"] and repeat.duration == 15 and repeat.durationUnit == "min", repeat
            assert bundle.entry[4].resource.status == "completed"
            print("ok", detail.code.text)
            """
        let (status, output) = try OutsidePython.run(script, on: String(decoding: try bundle(), as: UTF8.self))
        #expect(status == 0, "\(output)")
        #expect(output.hasPrefix("ok Guided self-massage of the low back, buttock (both sides)"), "\(output)")
    }
}
