import Foundation

/// Where a server with accounts keeps them, and what stands between them: sign-in credentials,
/// short-lived values with an expiry (sign-in sessions, rate-limit counters), personal API
/// tokens, clinicians' invitations, care links, prescriptions, alerts seen and the access log.
///
/// Kept in the journal's own database, beside the records the accounts own, so that a restart
/// (or, later, another instance on the same database) signs no one out and forgets no limit.
/// Every write is durable once it returns; every method may be called from any task. Times are
/// passed in, never read from a clock: the caller's clock is the one that counts.
///
/// The store contract suite (`Tests/KnotworkJournalTests/Store/AccountStoreContractTests*.swift`)
/// checks every requirement here, of every store.
public protocol AccountStore: Sendable {
    // MARK: Accounts

    /// Adds an account that can sign in.
    /// - Throws: ``AccountError/emailTaken(_:)`` when another account has its email;
    ///   ``JournalError/duplicate(_:)`` when its id is taken.
    func createAccount(_ account: Account, passwordHash: String) async throws

    /// The account with this id, if any (the local account included).
    func account(id: AccountID) async throws -> Account?

    /// What signing in with this email checks, if an account has it (compared lower-cased).
    func credentials(email: String) async throws -> Credentials?

    /// The stamp of the account's password now, if the account is there: a sign-in session
    /// made under another stamp no longer counts.
    func passwordStamp(account: AccountID) async throws -> Int64?

    /// How many accounts can sign in (the local account is not one).
    func accountCount() async throws -> Int

    /// Replaces the account's password hash and moves its stamp on, so that every sign-in
    /// session made before no longer counts.
    /// - Returns: the new stamp.
    /// - Throws: ``JournalError/unknownAccount(_:)`` when there is no such account.
    func setPassword(hash: String, account: AccountID) async throws -> Int64

    /// Deletes the account and everything it owns or wrote, in one transaction: its sessions,
    /// pain ratings, screenings, live sessions, tokens, invitations, care links (either side),
    /// prescriptions (either side), alerts seen and access log entries (either side). Afterwards
    /// its id is unknown everywhere.
    /// - Returns: whether there was such an account.
    func deleteAccount(_ id: AccountID) async throws -> Bool

    /// Gives every record of one account (sessions, pain ratings, screenings, live sessions) to
    /// another, in one transaction: how a one-person journal becomes its first account's when
    /// a server turns accounts on (`knotwork admin create-user --take-local-journal`).
    /// - Returns: how many records moved.
    /// - Throws: ``JournalError/unknownAccount(_:)`` when either is not an account.
    func moveRecords(from: AccountID, to: AccountID) async throws -> Int

    // MARK: Values with an expiry (what a persist driver needs)

    /// Stores a value under a key, expiring at `expires` (never when nil, unless it replaces a
    /// live value, whose expiry it keeps).
    /// - Parameter replacing: when false, a live (unexpired) value already under the key stays
    ///   and the call returns false; an expired one counts as absent. When true and `expires` is
    ///   nil, the live value's expiry is kept (what a persist driver's `set` promises).
    /// - Returns: whether the value was stored.
    func putValue(_ value: Data, key: String, expires: Date?, replacing: Bool, now: Date) async throws -> Bool

    /// The value under a key and when it expires, unless it has expired by `now`.
    func value(key: String, now: Date) async throws -> (value: Data, expires: Date?)?

    /// Removes the value under a key, if any.
    func removeValue(key: String) async throws

    /// Counts one more event under a key in a fixed window: the count starts at one when there
    /// is no live count, and expires `window` after its first event. Atomic, so that requests
    /// racing each other are each counted.
    /// - Returns: the count, this event included.
    func countEvent(key: String, window: Duration, now: Date) async throws -> Int

    /// Removes every expired value, so that the table does not grow with sessions long gone.
    /// - Returns: how many were removed.
    func removeExpiredValues(now: Date) async throws -> Int

    // MARK: Personal API tokens

    /// Adds a token under the SHA-256 hash of its secret (lower-case hex).
    /// - Throws: ``JournalError/unknownAccount(_:)`` for an owner that is not an account.
    func addToken(_ token: APIToken, hash: String) async throws

    /// The owner's tokens, revoked ones too, newest first.
    func tokens(owner: AccountID) async throws -> [APIToken]

    /// The account of an unrevoked token with this hash, noting `at` as its last use (a store
    /// may leave a last use under a minute old as it is, to spare a write on every request).
    func useToken(hash: String, at: Date) async throws -> Account?

    /// Revokes the owner's token. Another owner's token id is an unknown one.
    /// - Returns: whether the owner had an unrevoked token with this id.
    func revokeToken(id: UUID, owner: AccountID, at: Date) async throws -> Bool

    // MARK: Invitations and care links

    /// Adds a clinician's invitation under the SHA-256 hash of its code (lower-case hex).
    func addInvite(_ invite: Invite, codeHash: String) async throws

    /// The clinician's invitations, newest first.
    func invites(clinician: AccountID) async throws -> [Invite]

    /// Uses up the invitation with this code hash for a patient and links the two, in one
    /// transaction: of two patients racing with one code, one gets it.
    /// - Throws: ``AccountError/inviteUnusable`` when no invitation has the hash, it has expired
    ///   by `at`, or it was already accepted (one error for all three, so a guess learns
    ///   nothing); ``AccountError/selfInvite`` when the patient is the clinician who made it.
    func acceptInvite(codeHash: String, patient: AccountID, at: Date) async throws -> CareLink

    /// The patient's care links, ended ones too, newest first.
    func careLinks(patient: AccountID) async throws -> [CareLink]

    /// The clinician's care links, ended ones too, newest first.
    func careLinks(clinician: AccountID) async throws -> [CareLink]

    /// Ends the care link between a clinician and a patient, if one stands.
    /// - Returns: whether one stood.
    func endCareLink(clinician: AccountID, patient: AccountID, at: Date) async throws -> Bool

    /// Whether a care link between the two stands now.
    func canSee(clinician: AccountID, patient: AccountID) async throws -> Bool

    // MARK: Prescriptions

    /// Adds a prescription, or replaces the one with its id (same patient and clinician).
    /// - Throws: ``JournalError/duplicate(_:)`` when its id is another patient's or another
    ///   clinician's; ``JournalError/unknownAccount(_:)`` for an account that is not there.
    func save(_ prescription: Prescription) async throws

    /// The patient's prescriptions, newest first.
    func prescriptions(patient: AccountID) async throws -> [Prescription]

    /// Removes the prescription with this id, if it is the patient's and the clinician's.
    /// - Returns: whether there was one.
    func deletePrescription(id: UUID, patient: AccountID, clinician: AccountID) async throws -> Bool

    // MARK: Alerts seen, and the access log

    /// Notes that a clinician has seen an alert about a patient (alerts are worked out from the
    /// journal; each has a stable key). Seeing it again changes nothing.
    func markAlertSeen(key: String, clinician: AccountID, patient: AccountID, at: Date) async throws

    /// The keys of the alerts about a patient the clinician has seen.
    func seenAlerts(clinician: AccountID, patient: AccountID) async throws -> Set<String>

    /// Writes that a clinician read a patient's records.
    func logAccess(_ entry: AccessLogEntry) async throws

    /// The patient's access log, newest first, at most `limit` entries.
    func accessLog(patient: AccountID, limit: Int) async throws -> [AccessLogEntry]
}

/// A journal that keeps accounts too: what both stores are, and what a server needs.
public typealias AccountJournalStore = AccountStore & JournalStore

/// Errors of an account store that are about accounts, not records.
public enum AccountError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Another account signs in with this email.
    case emailTaken(String)
    /// The invitation code is unknown, expired or used.
    case inviteUnusable
    /// A clinician tried to accept their own invitation.
    case selfInvite

    public var description: String {
        switch self {
        case .emailTaken(let email): "an account with the email \(email) already exists"
        case .inviteUnusable: "this invitation code is not valid: it may have expired or been used; ask your clinician for a new one"
        case .selfInvite: "an invitation is for a patient, not for the clinician who made it"
        }
    }
}
