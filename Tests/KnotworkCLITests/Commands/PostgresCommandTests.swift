import Foundation
import KnotworkCore
import KnotworkJournal
import KnotworkSession
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The real binary on a real PostgreSQL server: `migrate`, the move of a journal file with
/// `--copy-from`, `import`, `export` and `serve` with `--database`, each test in a database of
/// its own. Skipped (and shown as skipped) without `KNOTWORK_TEST_POSTGRES_URL`, which
/// scripts/test always sets.
@Suite(
    "knotwork with --database on PostgreSQL (the real binary)",
    .enabled(if: TestPostgres.isAvailable, TestPostgres.skipped))
struct PostgresCommandTests {
    static let password = "correct horse battery"
    static let allNo = try! Catalog.bundled().screening.questionIDs.map { "--answer=\($0)=no" }

    @Test("migrate applies the migrations to a new database and says so; a second run finds it up to date")
    func migrateTwice() async throws {
        try await TestPostgres.withDatabase { url in
            let count = PostgresJournalStore.migrationCount
            let first = try await Binary.run(["migrate", "--database", url])
            #expect(first.status == 0, "\(first.stderr)")
            #expect(first.stderr.contains("applied \(count) migration"), "\(first.stderr)")
            #expect(first.stdout.contains("is up to date (schema version \(count))"), "\(first.stdout)")
            #expect(try await TestPostgres.psql(url, "SELECT count(*) FROM knotwork_migrations") == "\(count)")

            let second = try await Binary.run(["migrate"], environment: ["KNOTWORK_DATABASE_URL": url])
            #expect(second.status == 0, "\(second.stderr)")
            #expect(!second.stderr.contains("applied"), "\(second.stderr)")
            #expect(second.stdout.contains("The database at \(url) is up to date (schema version \(count))"), "\(second.stdout)")
        }
    }

    @Test("two migrate processes started together both succeed; one applies each migration once while the other waits")
    func concurrentMigrate() async throws {
        try await TestPostgres.withDatabase { url in
            let count = PostgresJournalStore.migrationCount
            async let one = Binary.run(["migrate", "--database", url])
            async let two = Binary.run(["migrate", "--database", url])
            let runs = try await [one, two]
            for run in runs { #expect(run.status == 0, "\(run.stderr)") }
            #expect(runs.filter { $0.stderr.contains("applied \(count) migration") }.count == 1, "\(runs.map(\.stderr))")
            #expect(
                try await TestPostgres.psql(url, "SELECT count(*), count(DISTINCT version) FROM knotwork_migrations")
                    == "\(count)|\(count)")
        }
    }

    @Test("a journal file moves into a new database losslessly: the export and every account read are the same; a second copy is refused")
    func losslessCopy() async throws {
        let scratch = try Scratch()
        let file = scratch.path("journal.sqlite")
        let (lee, pat) = try await fillEveryTable(file)
        try await TestPostgres.withDatabase { url in
            let copy = try await Binary.run(["migrate", "--database", url, "--copy-from", file])
            #expect(copy.status == 0, "\(copy.stderr)")
            #expect(copy.stdout.contains("Copied \(file) into \(url): "), "\(copy.stdout)")

            let fromFile = try await exportJSON(["--db", file])
            let fromDatabase = try await exportJSON(["--database", url])
            #expect(fromDatabase == fromFile)
            let backup = try #require(try JSONSerialization.jsonObject(with: Data(fromFile.utf8)) as? [String: Any])
            let counts = ["sessions", "painRatings", "screenings"].map { (backup[$0] as? [Any])?.count }
            #expect(counts == [2, 1, 1], "the export holds records")

            let sqlite = try SQLiteJournalStore(path: file)
            let postgres = try await PostgresJournalStore(url: url, connections: 2)
            let accounts = [AccountID.local, lee, pat]
            let inFile = try await AccountReads(sqlite, accounts: accounts)
            let inDatabase = try await AccountReads(postgres, accounts: accounts)
            #expect(inDatabase == inFile)
            // Each care link is read twice: as its patient's and as its clinician's.
            #expect(inFile.tokens.count == 2 && inFile.links.count == 4 && inFile.prescriptions.count == 1 && inFile.log.count == 1)
            #expect(inFile.live.compactMap { $0 }.count == 2 && inFile.credentials.compactMap { $0 }.count == 2)

            // A copy never merges: the second is refused whole, naming why, and changes nothing.
            let again = try await Binary.run(["migrate", "--database", url, "--copy-from", file])
            #expect(again.status != 0)
            #expect(again.stderr.contains("cannot use the journal at \(url): it already holds a journal"), "\(again.stderr)")
            #expect(try await AccountReads(postgres, accounts: accounts) == inFile)
            #expect(try await exportJSON(["--database", url]) == fromFile)
            await postgres.close()
        }
    }

    @Test("a URL that is not a usable database exits non-zero naming it, and never prints its password")
    func wrongURLs() async throws {
        let secret = "pw-s3cret-4711"
        let missing = try TestPostgres.url(database: "no_such_database_\(UInt32.random(in: 0 ... .max))", password: secret)
        let admin = try TestPostgres.url(database: "knotwork", password: secret)
        var closed = try #require(URLComponents(string: admin))
        closed.port = 1
        let cases: [(url: String, needle: String)] = [
            (
                "mysql://knotwork:\(secret)@127.0.0.1:3306/knotwork",
                "it is not a postgres:// URL; expected postgres://user[:password]@host[:port]/database"
            ),
            (missing, "does not exist"),
            (try #require(closed.string), "cannot connect to the PostgreSQL server at 127.0.0.1:1"),
        ]
        for (url, needle) in cases {
            let redacted = url.replacingOccurrences(of: secret, with: "***")
            for run in [
                try await Binary.run(["migrate", "--database", url]),
                try await Binary.run(["history"], environment: ["KNOTWORK_DATABASE_URL": url]),
            ] {
                #expect(run.status != 0, "\(url)")
                #expect(run.stderr.contains("cannot use the journal at \(redacted): "), "\(run.stderr)")
                #expect(run.stderr.contains(needle), "\(run.stderr)")
                #expect(!(run.stdout + run.stderr).contains(secret), "\(run.stdout)\(run.stderr)")
            }
        }
    }

    @Test("import a JSON backup into a database and export it again: the same records")
    func importExport() async throws {
        let scratch = try Scratch()
        let file = scratch.path("journal.sqlite")
        for (at, before, after) in [("2026-11-01T07:30", 7, 4), ("2026-11-03T18:00", 5, 2)] {
            let run = try await Binary.run(
                ["log", "--db", file, "--pain-before", "\(before)", "--pain-after", "\(after)", "--at", at, "--where", "buttock"])
            #expect(run.status == 0, "\(run.stderr)")
        }
        #expect(try await Binary.run(["log", "--db", file, "--pain", "3", "--at", "2026-11-02T09:00"]).status == 0)
        #expect(try await Binary.run(["screen", "--db", file] + Self.allNo).status == 0)
        let backupPath = scratch.path("backup.json")
        #expect(try await Binary.run(["export", "--db", file, "--format", "json", "--output", backupPath]).status == 0)
        try await TestPostgres.withDatabase { url in
            let first = try await Binary.run(["import", backupPath, "--database", url])
            #expect(first.status == 0, "\(first.stderr)")
            #expect(first.stdout.contains("4 added, 0 already in the journal"), "\(first.stdout)")
            let second = try await Binary.run(["import", backupPath, "--database", url])
            #expect(second.stdout.contains("0 added, 4 already in the journal"), "\(second.stdout)")
            let again = scratch.path("again.json")
            let export = try await Binary.run(["export", "--database", url, "--format", "json", "--output", again])
            #expect(export.status == 0, "\(export.stderr)")
            #expect(export.stderr.contains("Exported 2 sessions as json"), "\(export.stderr)")
            let original = try JournalBackup.decoder().decode(JournalBackup.self, from: Data(scratch.read("backup.json").utf8))
            let copied = try JournalBackup.decoder().decode(JournalBackup.self, from: Data(scratch.read("again.json").utf8))
            #expect(copied.sessions == original.sessions)
            #expect(copied.painRatings == original.painRatings)
            #expect(copied.screenings == original.screenings)
            #expect(original.sessions.count == 2 && original.painRatings.count == 1 && original.screenings.count == 1)
        }
    }

    @Test("serve --database starts, is ready, screens and starts a live session kept in the database, and exits 0 on SIGTERM")
    func serve() async throws {
        try await TestPostgres.withDatabase { url in
            // As README says to: the schema first, so that serve's first line is its URL.
            #expect(try await Binary.run(["migrate", "--database", url]).status == 0)
            let (process, base, watchdog, text) = try Binary.serve(["serve", "--database", url, "--port", "0"])
            defer { watchdog.expectFinished() }
            #expect(!text.contains("knotwork: cannot"), "\(text)")
            let (_, ready) = try await URLSession.shared.data(from: URL(string: base + "ready")!)
            #expect((ready as? HTTPURLResponse)?.statusCode == 200)
            let noes = try Catalog.bundled().screening.questionIDs.map { "\"\($0)\": false" }.joined(separator: ", ")
            #expect(try await post(base + "api/v1/screening", "{\"answers\": {\(noes)}}")["verdict"] as? String == "clear")
            let live = try await post(base + "api/v1/live", #"{"request": {"regions": ["buttock"], "minutes": 5}, "painBefore": 4}"#)
            let id = try #require((live["id"] as? String).flatMap(UUID.init(uuidString:)), "\(live)")
            process.terminate()
            let status = try await onThread { () -> Int32 in
                process.waitUntilExit()
                return process.terminationStatus
            }
            #expect(status == 0)
            let store = try await PostgresJournalStore(url: url, connections: 1)
            #expect(try await store.liveSession(id: id, owner: .local)?.painBefore == 4)
            #expect(try await store.latestScreening(kind: .full, owner: .local)?.verdict == .clear)
            await store.close()
        }
    }

    // MARK: - Helpers

    /// `export --format json --output -` of a journal, without its `exportedAt` line (the one
    /// line two exports of one journal may differ in).
    func exportJSON(_ journal: [String], sourceLocation: SourceLocation = #_sourceLocation) async throws -> String {
        let run = try await Binary.run(["export"] + journal + ["--format", "json", "--output", "-"])
        #expect(run.status == 0, "\(run.stderr)", sourceLocation: sourceLocation)
        #expect(run.stdout.contains("\"exportedAt\""), sourceLocation: sourceLocation)
        return run.stdout.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.contains("\"exportedAt\"") }
            .joined(separator: "\n")
    }

    /// A journal file with a row in every table: sessions, a rating and a screening from the
    /// command line; two accounts from `admin create-user`; tokens, an invitation, a care link,
    /// a prescription, an alert seen, the access log, a stored value and two live sessions
    /// through the store.
    /// - Returns: the clinician's and the patient's account.
    func fillEveryTable(_ file: String) async throws -> (clinician: AccountID, patient: AccountID) {
        for (at, before, after) in [("2026-11-01T07:30", 7, 4), ("2026-11-04T18:00", 6, 3)] {
            let run = try await Binary.run(
                [
                    "log", "--db", file, "--pain-before", "\(before)", "--pain-after", "\(after)", "--at", at, "--where", "outer-hip",
                    "--side", "left", "--note", "après \"driving\"",
                ])
            #expect(run.status == 0, "\(run.stderr)")
        }
        #expect(try await Binary.run(["log", "--db", file, "--pain", "4", "--where", "low-back", "--at", "2026-11-02T09:00"]).status == 0)
        let screen = try await Binary.run(["screen", "--db", file] + Self.allNo)
        #expect(screen.status == 0, "\(screen.stderr)")
        func createUser(_ email: String, _ role: String) async throws -> AccountID {
            let run = try await Binary.run(
                ["admin", "create-user", "--db", file, "--email", email, "--name", email, "--role", role, "--bcrypt-cost", "4"],
                environment: ["KNOTWORK_PASSWORD": Self.password])
            #expect(run.status == 0, "\(run.stderr)")
            return try #require(AccountID(run.stdout.trimmingCharacters(in: .whitespacesAndNewlines)), "\(run.stdout)")
        }
        let lee = try await createUser("lee@example.org", "clinician")
        let pat = try await createUser("pat@example.org", "person")

        let store = try SQLiteJournalStore(path: file)
        let day = Date(timeIntervalSince1970: 1_793_520_000) // 2026-11-02 UTC
        let laptop = APIToken(owner: pat, name: "laptop", createdAt: day)
        try await store.addToken(laptop, hash: String(repeating: "a", count: 64))
        try await store.addToken(APIToken(owner: pat, name: "phone", createdAt: day + 60), hash: String(repeating: "b", count: 64))
        _ = try await store.useToken(hash: String(repeating: "a", count: 64), at: day + 3_600)
        _ = try await store.revokeToken(id: laptop.id, owner: pat, at: day + 7_200)
        try await store.addInvite(Invite(clinician: lee, createdAt: day, expiresAt: day + 7 * 86_400), codeHash: "c1")
        try await store.addInvite(Invite(clinician: lee, createdAt: day + 10, expiresAt: day + 7 * 86_400), codeHash: "c2")
        _ = try await store.acceptInvite(codeHash: "c1", patient: pat, at: day + 600)
        _ = try await store.acceptInvite(codeHash: "c2", patient: .local, at: day + 700)
        _ = try await store.endCareLink(clinician: lee, patient: .local, at: day + 800)
        try await store.save(
            Prescription(
                patient: pat, clinician: lee, regions: ["outer-hip"], side: .left, tools: ["lacrosse-ball"], minutes: 10,
                days: [.monday, .thursday], starts: CalendarDay(year: 2026, month: 11, day: 2), notes: "slowly, \"breathe\"",
                createdAt: day))
        try await store.markAlertSeen(key: "pain-rising", clinician: lee, patient: pat, at: day + 900)
        try await store.logAccess(AccessLogEntry(patient: pat, clinician: lee, at: day + 1_000, what: "sessions"))
        _ = try await store.putValue(Data("signed in".utf8), key: "session.one", expires: day + 86_400, replacing: true, now: day)
        _ = try await store.putValue(Data([0, 1, 2, 255]), key: "forever", expires: nil, replacing: true, now: day)
        for owner in [AccountID.local, pat] {
            guard case .plan(let plan) = try Planner(catalog: try Catalog.bundled()).plan(PlanRequest(regions: ["buttock"])) else {
                Issue.record("no plan for the buttock")
                continue
            }
            var machine = SessionMachine(plan: plan, cues: CueBook(catalog: try Catalog.bundled()))
            _ = machine.handle(.start, at: .zero)
            _ = machine.advance(to: .seconds(12))
            try await store.save(
                LiveSessionRecord(
                    startedAt: day, timeZone: "Europe/Berlin", painBefore: 5, plan: plan, checkpoint: machine.checkpoint(at: .seconds(12)),
                    updatedAt: day + 12.25),
                owner: owner)
        }
        return (lee, pat)
    }
}

/// Everything an account store says of some accounts, through each of its reading methods.
struct AccountReads: Equatable {
    var accounts: [Account?] = []
    var credentials: [Credentials?] = []
    var stamps: [Int64?] = []
    var accountCount = 0
    var records: [JournalBackup] = []
    var tokens: [APIToken] = []
    var invites: [Invite] = []
    var links: [CareLink] = []
    var prescriptions: [Prescription] = []
    var alerts: [Set<String>] = []
    var log: [AccessLogEntry] = []
    var live: [LiveSessionRecord?] = []
    var values: [Data?] = []
    var expiries: [Date?] = []

    init(_ store: some AccountJournalStore, accounts ids: [AccountID]) async throws {
        let now = Date(timeIntervalSince1970: 1_793_520_000)
        accountCount = try await store.accountCount()
        for id in ids {
            let account = try await store.account(id: id)
            accounts.append(account)
            if let email = account?.email {
                credentials.append(try await store.credentials(email: email))
            } else {
                credentials.append(nil)
            }
            stamps.append(try await store.passwordStamp(account: id))
            records.append(try await store.backup(exportedAt: now, owner: id))
            tokens += try await store.tokens(owner: id)
            invites += try await store.invites(clinician: id)
            links += try await store.careLinks(patient: id) + store.careLinks(clinician: id)
            prescriptions += try await store.prescriptions(patient: id)
            log += try await store.accessLog(patient: id, limit: 100)
            live.append(try await store.latestLiveSession(owner: id))
            for other in ids { alerts.append(try await store.seenAlerts(clinician: id, patient: other)) }
        }
        for key in ["session.one", "forever"] {
            let stored = try await store.value(key: key, now: now)
            values.append(stored?.value)
            expiries.append(stored?.expires)
        }
    }
}

/// What needs no database: the two kinds of journal named at once.
@Suite("knotwork --db with --database")
struct TwoJournalsTests {
    @Test("--db and --database together exit 64 naming both, and nothing is written")
    func both() async throws {
        let scratch = try Scratch()
        let run = try await Binary.run(
            ["log", "--db", scratch.path("j.sqlite"), "--database", "postgres://knotwork@127.0.0.1:1/knotwork", "--pain", "4"])
        #expect(run.status == 64)
        #expect(run.stderr.contains("--db and --database name two journals; give one (a file, or a PostgreSQL database)"), "\(run.stderr)")
        #expect(!scratch.exists("j.sqlite"))
        let migrate = try await Binary.run([
            "migrate", "--db", scratch.path("j.sqlite"), "--database", "postgres://knotwork@127.0.0.1:1/knotwork",
        ])
        #expect(migrate.status == 64)
        #expect(migrate.stderr.contains("--db and --database name two journals"), "\(migrate.stderr)")
    }
}
