import Foundation

/// A patient's grant to a clinician: while it stands, the clinician may read the patient's
/// journal (every read written to the patient's access log), prescribe, and see alerts.
public struct CareLink: Codable, Sendable, Equatable {
    public var clinician: AccountID
    public var patient: AccountID
    public var grantedAt: Date
    /// When the patient (or the clinician) ended it; then the clinician sees nothing more.
    public var revokedAt: Date?

    public init(clinician: AccountID, patient: AccountID, grantedAt: Date, revokedAt: Date? = nil) {
        self.clinician = clinician
        self.patient = patient
        self.grantedAt = grantedAt.wholeSeconds
        self.revokedAt = revokedAt?.wholeSeconds
    }

    public var isActive: Bool { revokedAt == nil }
}

/// A clinician's invitation to a patient: a short code (also sent as a link), single use and
/// expiring. Stored as the SHA-256 hash of its code; the code is shown once, to the clinician.
public struct Invite: Codable, Sendable, Equatable, Identifiable {
    public var id: UUID
    public var clinician: AccountID
    public var createdAt: Date
    public var expiresAt: Date
    /// Who accepted it, and when; an accepted invitation is used up.
    public var acceptedBy: AccountID?
    public var acceptedAt: Date?

    public init(
        id: UUID = UUID(), clinician: AccountID, createdAt: Date, expiresAt: Date, acceptedBy: AccountID? = nil, acceptedAt: Date? = nil
    ) {
        self.id = id
        self.clinician = clinician
        self.createdAt = createdAt.wholeSeconds
        self.expiresAt = expiresAt.wholeSeconds
        self.acceptedBy = acceptedBy
        self.acceptedAt = acceptedAt?.wholeSeconds
    }
}

/// One read of a patient's records by a clinician, for the patient to see.
public struct AccessLogEntry: Codable, Sendable, Equatable, Identifiable {
    public var id: UUID
    public var patient: AccountID
    public var clinician: AccountID
    public var at: Date
    /// What was read, in words of the API: `sessions`, `history`, `export fhir`, `alerts`…
    public var what: String

    public init(id: UUID = UUID(), patient: AccountID, clinician: AccountID, at: Date, what: String) {
        self.id = id
        self.patient = patient
        self.clinician = clinician
        self.at = at.wholeSeconds
        self.what = what
    }
}
