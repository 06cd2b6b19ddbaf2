import Foundation
import KnotworkCore

extension FHIRExport {
    /// One patient's records as a FHIR R4 `Bundle` (type `collection`), for their clinician: a
    /// `Patient` (id the account id, name its display name), the pain `Observation`s of
    /// ``bundle(_:)`` with the patient as their `subject`, and each prescription as a `CarePlan`.
    ///
    /// A `CarePlan` is `active` until the day after its last one in the patient's time zone,
    /// then `completed`; intent `plan`; its `period` the prescription's first and last day; its
    /// author the clinician, by name (`display`). Its one activity's `detail` names the work
    /// (`code.text`), the days (`scheduledTiming.repeat.dayOfWeek`, once a day on each) and the
    /// minutes (`repeat.duration` in `min`, and in words in `description`).
    /// - Parameters:
    ///   - patient: the patient's account.
    ///   - clinicianNames: display names of the clinicians who wrote the prescriptions; one
    ///     missing is called "Clinician".
    ///   - timeZone: the patient's time zone, in which a prescription's days are counted.
    public static func patientBundle(
        patient: Account, sessions: [SessionRecord], painRatings: [PainRating], prescriptions: [Prescription],
        clinicianNames: [AccountID: String], timeZone: TimeZone, exportedAt: Date
    ) throws -> Data {
        let subject = Reference(reference: "urn:uuid:\(patient.id)", display: patient.displayName)
        let observations = (sessions.flatMap(entries) + painRatings.map(entry)).map { entry in
            var observation = entry.resource
            observation.subject = subject
            return PatientEntry(fullUrl: nil, resource: .observation(observation))
        }
        let today = CalendarDay(of: exportedAt, in: timeZone)
        let plans = prescriptions.sorted { $0.createdAt < $1.createdAt }.map { prescription in
            PatientEntry(
                fullUrl: "urn:uuid:\(prescription.id.lowercased)",
                resource: .carePlan(
                    CarePlan(
                        prescription, subject: subject, author: clinicianNames[prescription.clinician] ?? "Clinician", today: today)))
        }
        let bundle = PatientBundle(
            timestamp: Timestamp.utc(exportedAt),
            entry: [
                PatientEntry(fullUrl: subject.reference, resource: .patient(Patient(id: patient.id.description, name: patient.displayName)))
            ]
                + observations + plans)
        return try JournalBackup.encoder().encode(bundle)
    }

    private struct PatientBundle: Encodable {
        let resourceType = "Bundle"
        let type = "collection"
        let timestamp: String
        let entry: [PatientEntry]
    }

    private struct PatientEntry: Encodable {
        let fullUrl: String?
        let resource: Resource
    }

    /// The resources a patient's bundle holds.
    private enum Resource: Encodable {
        case patient(Patient)
        case observation(Observation)
        case carePlan(CarePlan)

        func encode(to encoder: any Encoder) throws {
            switch self {
            case .patient(let resource): try resource.encode(to: encoder)
            case .observation(let resource): try resource.encode(to: encoder)
            case .carePlan(let resource): try resource.encode(to: encoder)
            }
        }
    }

    private struct Patient: Encodable {
        struct HumanName: Encodable {
            let text: String
        }

        let resourceType = "Patient"
        let id: String
        let name: [HumanName]

        init(id: String, name: String) {
            self.id = id
            self.name = [HumanName(text: name)]
        }
    }

    private struct CarePlan: Encodable {
        struct Period: Encodable {
            let start: String
            let end: String?
        }

        struct Activity: Encodable {
            let detail: Detail
        }

        struct Detail: Encodable {
            let code: CodeableText
            let status: String
            let scheduledTiming: Timing
            let description: String
        }

        struct Timing: Encodable {
            let `repeat`: Repeat
        }

        /// Once a day, on the days named, for `duration` minutes.
        struct Repeat: Encodable {
            let boundsPeriod: Period
            let duration: Int
            let durationUnit = "min"
            let frequency = 1
            let period = 1
            let periodUnit = "d"
            let dayOfWeek: [String]
        }

        let resourceType = "CarePlan"
        let id: String
        let status: String
        let intent = "plan"
        let title: String
        let subject: Reference
        let period: Period
        let created: String
        let author: Reference
        let activity: [Activity]
        let note: [Annotation]?

        init(_ prescription: Prescription, subject: Reference, author: String, today: CalendarDay) {
            let completed = prescription.ends.map { $0 < today } ?? false
            let regions = prescription.regions.map { $0.replacingOccurrences(of: "-", with: " ") }.joined(separator: ", ")
            let sides = prescription.side == .both ? "both sides" : "\(prescription.side.rawValue) side"
            let days = prescription.days.sorted()
            let period = Period(start: prescription.starts.description, end: prescription.ends?.description)
            id = prescription.id.lowercased
            status = completed ? "completed" : "active"
            title = "Self-massage: \(regions)"
            self.subject = subject
            self.period = period
            created = Timestamp.utc(prescription.createdAt)
            self.author = Reference(display: author)
            activity = [
                Activity(
                    detail: Detail(
                        code: CodeableText(text: "Guided self-massage of the \(regions) (\(sides))"),
                        status: completed ? "completed" : "scheduled",
                        scheduledTiming: Timing(
                            repeat: Repeat(
                                boundsPeriod: period, duration: prescription.minutes,
                                dayOfWeek: days.map { String($0.rawValue.prefix(3)) })),
                        description:
                            "\(prescription.minutes) minutes a session on \(days.map { $0.rawValue.capitalized }.joined(separator: ", ")), "
                            + "screened for warning signs before each session"))
            ]
            note = prescription.notes.flatMap { $0.isEmpty ? nil : [Annotation(text: $0)] }
        }
    }
}
