import Foundation

/// Something in a patient's journal a clinician should look at: worked out from the records
/// each time (see ``ClinicAlert/alerts(screenings:sessions:prescriptions:catalog:timeZone:now:)``),
/// never stored; only the keys of those a clinician has seen are kept.
///
/// Alerts point a clinician at records; they diagnose nothing.
public struct ClinicAlert: Codable, Sendable, Equatable, Identifiable {
    /// What the alert is about.
    public enum Kind: String, Codable, Sendable, CaseIterable {
        /// A screening or check-in stopped self-massage: a warning sign answered yes.
        case redFlag
        /// A step was stopped because the person felt sharp, shooting or burning pain, pain
        /// spreading down the leg, numbness or tingling.
        case sharpPainStop
        /// Pain before sessions rose by a clinically important amount over the recent span.
        case painRising
        /// Three prescribed days in a row passed with no session.
        case missedDays
    }

    /// Stable for as long as the records behind the alert stand, so that "seen" sticks to it:
    /// - `red-flag:<screening id>`
    /// - `sharp-pain-stop:<session id>:<step index from 0>`
    /// - `pain-rising:<first day of the rise>` (`2026-11-20`): the first day, counting back
    ///   from today without a break, on which the recent span's trend was worsening. The same
    ///   rise keeps its key from day to day, however many sessions it spans; a rise that
    ///   eases off and comes back later gets a new key.
    /// - `missed-days:<third missed day>`: one alert for a run of missed days, however long.
    public var key: String
    public var kind: Kind
    /// When it happened: the screening, the session, the newest session of the span on the
    /// rise's first day, or the
    /// end of the third missed day.
    public var at: Date
    /// What happened, in a few plain words.
    public var summary: String

    public var id: String { key }

    public init(key: String, kind: Kind, at: Date, summary: String) {
        self.key = key
        self.kind = kind
        self.at = at.wholeSeconds
        self.summary = summary
    }
}
