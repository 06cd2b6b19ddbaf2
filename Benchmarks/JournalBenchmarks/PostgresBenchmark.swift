import Foundation
import KnotworkJournal
import PostgresNIO

/// `knotwork-bench postgres --database URL`: what the PostgreSQL journal costs against the
/// journal file, in the same run on the same records: one owner's session list (the 50 newest of
/// 1,000) and adding one session. The journal lives in a schema of its own, dropped afterwards.
func postgresBenchmark(url: String, sessions: Int, rounds: Int, folder: URL) async throws {
    let schema = "knotwork_bench_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
    let postgres = try await PostgresJournalStore(url: url, schema: schema, connections: 4)
    do {
        try await comparePostgres(postgres, sessions: sessions, rounds: rounds, folder: folder)
    } catch {
        await postgres.close()
        try await dropSchema(schema, url: url)
        throw error
    }
    await postgres.close()
    try await dropSchema(schema, url: url)
}

private func comparePostgres(_ postgres: PostgresJournalStore, sessions: Int, rounds: Int, folder: URL) async throws {
    let sqlite = try SQLiteJournalStore(path: folder.appendingPathComponent("postgres-baseline.sqlite").path)
    let owner = AccountID(UUID())
    let records = (0..<sessions).map(syntheticSession)
    progress("filling the journal file and the database with one account of \(sessions) sessions…")
    for store in [sqlite as any JournalStore, postgres] {
        try await store.addAccount(owner, createdAt: now)
        _ = try await store.restore(JournalBackup(exportedAt: now, sessions: records), owner: owner)
    }
    let listed = try await postgres.sessions(SessionQuery(limit: 50), owner: owner)
    guard listed == (try await sqlite.sessions(SessionQuery(limit: 50), owner: owner)), listed.count == min(50, sessions) else {
        fail("the two journals list different sessions: the comparison would mean nothing")
    }

    // Interleaved, so that drift in the machine's speed falls on both alike.
    var list: (sqlite: [Double], postgres: [Double]) = ([], [])
    var add: (sqlite: [Double], postgres: [Double]) = ([], [])
    for round in 0..<rounds {
        list.sqlite.append(try await seconds { _ = try await sqlite.sessions(SessionQuery(limit: 50), owner: owner) })
        list.postgres.append(try await seconds { _ = try await postgres.sessions(SessionQuery(limit: 50), owner: owner) })
        let new = syntheticSession(sessions + round)
        add.sqlite.append(try await seconds { try await sqlite.add(new, owner: owner) })
        add.postgres.append(try await seconds { try await postgres.add(new, owner: owner) })
    }
    let listRatio = median(list.postgres) / median(list.sqlite)
    let addRatio = median(add.postgres) / median(add.sqlite)
    print(
        String(
            format: "session list (50 newest of %d), median of %d: SQLite %.3f ms, PostgreSQL %.3f ms", sessions, rounds,
            median(list.sqlite) * 1000, median(list.postgres) * 1000))
    print(
        String(
            format: "add one session, median of %d:               SQLite %.3f ms, PostgreSQL %.3f ms", rounds, median(add.sqlite) * 1000,
            median(add.postgres) * 1000))
    print(String(format: "PostgreSQL/SQLite: list %.2fx, add %.2fx", listRatio, addRatio))
}

/// Drops the benchmark's schema and everything in it, over a connection of its own.
private func dropSchema(_ schema: String, url: String) async throws {
    guard let parts = URLComponents(string: url), let host = parts.host, let user = parts.user else { return }
    let configuration = PostgresClient.Configuration(
        host: host, port: parts.port ?? 5432, username: user.removingPercentEncoding ?? user,
        password: parts.password.map { $0.removingPercentEncoding ?? $0 }, database: String(parts.path.drop { $0 == "/" }),
        tls: parts.query?.contains("sslmode=disable") == true ? .disable : .prefer(.makeClientConfiguration()))
    let client = PostgresClient(configuration: configuration, backgroundLogger: PostgresJournalStore.quietLogger)
    let running = Task { await client.run() }
    defer { running.cancel() }
    try await client.query(PostgresQuery(unsafeSQL: "DROP SCHEMA IF EXISTS \"\(schema)\" CASCADE"))
}
