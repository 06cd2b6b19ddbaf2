import Foundation
import KnotworkJournal
import KnotworkSession

/// Bounds sign-in attempts, per email and per address, in fixed windows counted in the database
/// (a restart forgets nothing; instances on one database share the counts). Every attempt
/// counts, for an email with no account as for one with: the answer says nothing of which.
struct SignInLimiter: Sendable {
    let store: any AccountStore
    let perAccount: Int
    let perAddress: Int
    let window: Duration
    let now: @Sendable () -> Date

    /// Counts an attempt; refuses it (429, with `Retry-After`) once either limit is passed.
    func attempt(email: String, address: String) async throws {
        let now = now()
        let byEmail = try await store.countEvent(
            key: "limit:sign-in:email:" + Secret.hash(email.lowercased()), window: window, now: now)
        let byAddress = try await store.countEvent(key: "limit:sign-in:address:" + address, window: window, now: now)
        guard byEmail <= perAccount, byAddress <= perAddress else {
            let minutes = Int((window.inSeconds / 60).rounded(.up))
            var problem = Problem(
                .tooManyRequests, "too many sign-in attempts; wait \(minutes) minutes and try again")
            problem.retryAfter = Int(window.inSeconds.rounded(.up))
            throw problem
        }
    }
}
