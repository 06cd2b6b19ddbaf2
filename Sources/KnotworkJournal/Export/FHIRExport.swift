import Foundation

/// Pain scores as a FHIR R4 `Bundle` (type `collection`) of `Observation` resources: one for
/// the pain before and one for the pain after each session, and one per free-standing rating.
/// Code LOINC 72514-3 (pain severity, 0–10 numeric rating), `valueInteger` 0–10,
/// `effectiveDateTime` in UTC, and the regions as `bodySite.text`.
public enum FHIRExport {
    public static func bundle(_ backup: JournalBackup) throws -> Data {
        let bundle = Bundle(
            timestamp: Timestamp.utc(backup.exportedAt),
            entry: backup.sessions.flatMap(entries) + backup.painRatings.map(entry))
        return try JournalBackup.encoder().encode(bundle)
    }

    /// The bundle's members after its entries, as the streamed export writes them.
    static func closingMembers(exportedAt: Date) -> [(String, String)] {
        [("resourceType", "Bundle"), ("timestamp", Timestamp.utc(exportedAt)), ("type", "collection")]
    }

    /// A session's entries: an Observation for the pain before and one for the pain after.
    static func entries(_ session: SessionRecord) -> [Entry] {
        let site =
            session.regions.isEmpty
            ? nil : CodeableText(text: session.regions.map { $0.replacingOccurrences(of: "-", with: " ") }.joined(separator: ", "))
        let id = session.id.lowercased
        var entries: [Entry] = []
        if let before = session.painBefore {
            entries.append(
                Entry(
                    resource: Observation(
                        id: "\(id)-before", effectiveDateTime: Timestamp.utc(session.startedAt), valueInteger: before,
                        bodySite: site, note: [Annotation(text: "Pain before a self-massage session (Knotwork \(session.source.rawValue))")]
                    )))
        }
        if let after = session.painAfter {
            entries.append(
                Entry(
                    resource: Observation(
                        id: "\(id)-after", effectiveDateTime: Timestamp.utc(session.endedAt ?? session.startedAt), valueInteger: after,
                        bodySite: site, note: [Annotation(text: "Pain after a self-massage session (Knotwork \(session.source.rawValue))")])
                ))
        }
        return entries
    }

    /// A free-standing rating's entry.
    static func entry(_ rating: PainRating) -> Entry {
        Entry(
            resource: Observation(
                id: rating.id.lowercased, effectiveDateTime: Timestamp.utc(rating.at), valueInteger: rating.pain,
                bodySite: rating.region.map { CodeableText(text: $0.replacingOccurrences(of: "-", with: " ")) },
                note: rating.note.map { [Annotation(text: $0)] }))
    }

    private struct Bundle: Encodable {
        let resourceType = "Bundle"
        let type = "collection"
        let timestamp: String
        let entry: [Entry]
    }

    struct Entry: Encodable {
        let resource: Observation
    }

    struct Observation: Encodable {
        let resourceType = "Observation"
        let id: String
        let status = "final"
        let category = [
            Codeable(coding: [
                Coding(system: "http://terminology.hl7.org/CodeSystem/observation-category", code: "survey", display: "Survey")
            ])
        ]
        let code = Codeable(
            coding: [
                Coding(
                    system: "http://loinc.org", code: "72514-3", display: "Pain severity - 0-10 verbal numeric rating [Score] - Reported")
            ],
            text: "Pain severity (0-10)")
        let effectiveDateTime: String
        let valueInteger: Int
        let bodySite: CodeableText?
        let note: [Annotation]?
        /// Whose score it is; none in the journal's own export, which is one person's.
        var subject: Reference? = nil
    }

    struct Reference: Encodable {
        var reference: String? = nil
        var display: String? = nil
    }

    struct Codeable: Encodable {
        let coding: [Coding]
        var text: String? = nil
    }

    struct CodeableText: Encodable {
        let text: String
    }

    struct Coding: Encodable {
        let system: String
        let code: String
        let display: String
    }

    struct Annotation: Encodable {
        let text: String
    }
}
