import Foundation
import HummingbirdBcrypt
import KnotworkJournal

/// `knotwork-bench accounts`: one account's session list in a journal of many accounts, against
/// the same list in a journal of that account alone. Every query is by owner, through the
/// (owner, time, id) indexes, so the other accounts' rows should cost next to nothing.
/// Then what a sign-in costs: one bcrypt check at the server's default cost.
func accountsBenchmark(accounts: Int, sessionsEach: Int, folder: URL) async throws {
    func fill(_ path: String, owners: [AccountID]) async throws -> SQLiteJournalStore {
        let store = try SQLiteJournalStore(path: path)
        for (index, owner) in owners.enumerated() {
            if owner != .local { try await store.addAccount(owner, createdAt: now) }
            let sessions = (0..<sessionsEach).map(syntheticSession)
            _ = try await store.restore(JournalBackup(exportedAt: now, sessions: sessions), owner: owner)
            if (index + 1) % 100 == 0 { progress("\(index + 1) of \(owners.count) accounts filled…") }
        }
        return store
    }

    progress("filling a journal with one account of \(sessionsEach) sessions…")
    let alone = try await fill(folder.appendingPathComponent("one.sqlite").path, owners: [.local])
    progress("filling a journal with \(accounts) accounts of \(sessionsEach) sessions each…")
    let owners = [AccountID.local] + (1..<accounts).map { _ in AccountID(UUID()) }
    let shared = try await fill(folder.appendingPathComponent("many.sqlite").path, owners: owners)

    // Interleaved, so that drift in the machine's speed falls on both alike.
    var one: [Double] = []
    var many: [Double] = []
    for round in 0..<400 {
        let owner = owners[(round * 7919) % owners.count]
        one.append(try await seconds { _ = try await alone.sessions(SessionQuery(limit: 50), owner: .local) })
        many.append(try await seconds { _ = try await shared.sessions(SessionQuery(limit: 50), owner: owner) })
    }
    let oneMedian = median(one)
    let manyMedian = median(many)
    print(String(format: "session list (50 newest), one account alone:            median %.3f ms", oneMedian * 1000))
    print(String(format: "session list (50 newest), one of %d accounts × %d: median %.3f ms", accounts, sessionsEach, manyMedian * 1000))

    let hash = Bcrypt.hash("correct horse battery", cost: 12)
    var checks: [Double] = []
    for _ in 0..<5 { checks.append(await seconds { _ = Bcrypt.verify("correct horse battery", hash: hash) }) }
    print(String(format: "sign-in's bcrypt check at cost 12: median %.0f ms (one core)", median(checks) * 1000))
    print(String(format: "accounts %dx%d vs one: %.2fx", accounts, sessionsEach, oneMedian / manyMedian))
}
