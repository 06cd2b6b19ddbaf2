import Foundation
import GRDB
import KnotworkCore
import KnotworkSession
import Synchronization

/// The embedded journal: one SQLite file in WAL mode, written through GRDB.
///
/// Every write runs in a transaction with `synchronous = FULL`, so a write that returned is on
/// disk even if the process is killed right after. Opening the store runs the migrations.
public final class SQLiteJournalStore: JournalStore {
    /// Where the file is.
    public let path: String
    private let pool: DatabasePool
    private let mark = Mutex(SessionsMark())

    /// The sessions mark as last read, so that most requests for it need no read at all.
    private struct SessionsMark {
        var value: Int64?
        var readAt = ContinuousClock.now
        /// Bumped by every session write here, so a read that raced one is not kept.
        var generation = 0
    }

    /// How long a mark read from the file is trusted: a session added by another process (the
    /// command line, while the server runs) shows in the mark within this time; one added
    /// through this store shows at once.
    private let markLifetime: Duration

    /// Opens (creating when needed) the journal at `path` and brings its schema up to date.
    /// - Parameter markLifetime: how long ``sessionsMark()`` trusts what it last read, for
    ///   writes by other processes (those through this store count at once).
    /// - Throws: ``JournalError/unusable(path:reason:)`` when the file cannot be opened or is
    ///   not a Knotwork journal.
    public init(path: String, markLifetime: Duration = .milliseconds(500)) throws {
        self.path = path
        self.markLifetime = markLifetime
        let directory = (path as NSString).deletingLastPathComponent
        do {
            if !directory.isEmpty, !FileManager.default.fileExists(atPath: directory) {
                try FileManager.default.createDirectory(
                    atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            }
            tightened = try Self.ownerOnly(path)
            var configuration = Configuration()
            configuration.busyMode = .timeout(10)
            configuration.prepareDatabase { db in
                try db.execute(sql: "PRAGMA synchronous = FULL")
            }
            pool = try Self.openMigrated(path: path, configuration: configuration)
        } catch let error as DatabaseError {
            throw JournalError.unusable(path: path, reason: error.message ?? "\(error)")
        } catch let error as JournalError {
            throw error
        } catch {
            throw JournalError.unusable(path: path, reason: "\(error)")
        }
    }

    /// Files of this journal that were readable by other users and have been made its owner's
    /// only, when it was opened.
    public let tightened: [String]

    /// Makes the journal readable by its owner only: a new one is created 0600 before SQLite
    /// opens it (SQLite gives its `-wal` and `-shm` files the same mode); an existing looser
    /// one is tightened, and its paths returned.
    private static func ownerOnly(_ path: String) throws -> [String] {
        let descriptor = Foundation.open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
        if descriptor >= 0 {
            close(descriptor)
            return []
        }
        guard errno == EEXIST else { return [] }  // SQLite says what is wrong when it opens it
        var changed: [String] = []
        for file in [path, path + "-wal", path + "-shm"] {
            var status = stat()
            guard stat(file, &status) == 0, status.st_mode & 0o077 != 0 else { continue }
            if chmod(file, 0o600) == 0 { changed.append(file) }
        }
        return changed
    }

    /// Opens the pool and migrates it. Two processes opening a new journal at the same moment
    /// (the server and `knotwork log`, say) both find it empty; one creates the schema and the
    /// other then fails on a table or column that already exists, or on the file being locked
    /// while it becomes a WAL database. Looking again after a moment finds the work done.
    private static func openMigrated(path: String, configuration: Configuration) throws -> DatabasePool {
        var attempt = 0
        while true {
            do {
                let pool = try DatabasePool(path: path, configuration: configuration)
                try migrator.migrate(pool)
                return pool
            } catch let error as DatabaseError
                where attempt < 5
                    && (error.resultCode == .SQLITE_BUSY || error.message?.contains("already exists") == true
                        || error.message?.contains("duplicate column name") == true)
            {
                attempt += 1
                usleep(UInt32(20_000 * attempt))
            }
        }
    }

    // MARK: - Schema

    /// Shipped migrations are frozen: change the schema by adding a migration.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: sessions, pain ratings, screenings") { db in
            try db.create(table: "session") { t in
                t.primaryKey("id", .text)
                // Times are whole seconds since 1970 in UTC: compact, fast to compare and to convert.
                t.column("startedAt", .integer).notNull().indexed()
                t.column("timeZone", .text).notNull()
                t.column("endedAt", .integer)
                t.column("regions", .text).notNull()
                t.column("side", .text)
                t.column("painBefore", .integer).check { $0 >= 0 && $0 <= 10 }
                t.column("painAfter", .integer).check { $0 >= 0 && $0 <= 10 }
                t.column("pressureSeconds", .integer).notNull().defaults(to: 0)
                t.column("steps", .text).notNull().defaults(to: "[]")
                t.column("plan", .text)
                t.column("note", .text)
                t.column("source", .text).notNull()
            }
            try db.create(table: "painRating") { t in
                t.primaryKey("id", .text)
                t.column("at", .integer).notNull().indexed()
                t.column("timeZone", .text).notNull()
                t.column("pain", .integer).notNull().check { $0 >= 0 && $0 <= 10 }
                t.column("region", .text)
                t.column("side", .text)
                t.column("note", .text)
            }
            try db.create(table: "screening") { t in
                t.primaryKey("id", .text)
                t.column("at", .integer).notNull().indexed()
                t.column("timeZone", .text).notNull()
                t.column("verdict", .text).notNull()
                t.column("answers", .text).notNull()
            }
        }
        migrator.registerMigration("v2: live-session checkpoints") { db in
            try db.create(table: "liveSession") { t in
                t.primaryKey("id", .text)
                t.column("updatedAt", .integer).notNull().indexed()
                t.column("record", .text).notNull()
            }
        }
        migrator.registerMigration("v3: check-ins, and the session each screening was used for") { db in
            // Earlier screenings were all full ones, and count as used: they are long past.
            try db.alter(table: "screening") { t in
                t.add(column: "kind", .text).notNull().defaults(to: "full")
                t.add(column: "usedAt", .integer)
            }
            try db.execute(sql: "UPDATE screening SET usedAt = at")
        }
        return migrator
    }

    // MARK: - Writes

    public func add(_ session: SessionRecord) async throws {
        let arguments = try Self.arguments(session)
        defer { sessionsChanged() }
        try await writing(duplicate: session.id) { db in
            try db.execute(sql: Self.insertSession(orIgnore: false), arguments: arguments)
        }
    }

    public func add(_ rating: PainRating) async throws {
        let arguments = Self.arguments(rating)
        try await writing(duplicate: rating.id) { db in
            try db.execute(sql: Self.insertRating(orIgnore: false), arguments: arguments)
        }
    }

    public func add(_ screening: ScreeningRecord) async throws {
        let arguments = try Self.arguments(screening)
        try await writing(duplicate: screening.id) { db in
            try db.execute(sql: Self.insertScreening(orIgnore: false), arguments: arguments)
        }
    }

    /// A write whose failures say what happened: a record already there (when `duplicate`
    /// names it), or a journal that cannot be written (a full disk, a read-only file). Other
    /// constraint failures pass through.
    private func writing<T: Sendable>(
        duplicate: UUID? = nil, _ body: @escaping @Sendable (Database) throws -> T
    ) async throws -> T {
        do {
            return try await pool.write(body)
        } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_PRIMARYKEY && duplicate != nil {
            throw JournalError.duplicate(duplicate!)
        } catch let error as DatabaseError where error.resultCode != .SQLITE_CONSTRAINT {
            throw JournalError.unusable(path: path, reason: error.message ?? "\(error)")
        }
    }

    // MARK: - Live sessions

    public func save(_ live: LiveSessionRecord) async throws {
        let arguments: StatementArguments = [Self.text(live.id), Self.seconds(live.updatedAt), try Self.json(live)]
        try await writing { db in
            try db.execute(sql: Self.insertLive, arguments: arguments)
        }
    }

    public func save(_ lives: [LiveSessionRecord]) async throws {
        try await writing { db in
            let statement = try db.cachedStatement(sql: Self.insertLive)
            // Each checkpoint is encoded as it is written, not all first: a thousand sessions'
            // checkpoints are some 15 MB of JSON, which need never be in memory at once.
            for live in lives {
                try statement.execute(arguments: [Self.text(live.id), Self.seconds(live.updatedAt), try Self.json(live)])
            }
        }
    }

    public func latestLiveSession() async throws -> LiveSessionRecord? {
        try await read { db in
            try String.fetchOne(db, sql: "SELECT record FROM liveSession ORDER BY updatedAt DESC, rowid DESC LIMIT 1")
                .map(Self.liveRecord)
        }
    }

    public func liveSession(id: UUID) async throws -> LiveSessionRecord? {
        try await read { db in
            try String.fetchOne(db, sql: "SELECT record FROM liveSession WHERE id = ?", arguments: [Self.text(id)])
                .map(Self.liveRecord)
        }
    }

    public func finish(_ live: LiveSessionRecord, as session: SessionRecord) async throws {
        let arguments = try Self.arguments(session)
        let id = Self.text(live.id)
        defer { sessionsChanged() }
        try await writing { db in
            try db.execute(sql: Self.insertSession(orIgnore: true), arguments: arguments)
            try db.execute(sql: "DELETE FROM liveSession WHERE id = ?", arguments: [id])
        }
    }

    public func discardLiveSession(id: UUID) async throws {
        let text = Self.text(id)
        try await writing { db in
            try db.execute(sql: "DELETE FROM liveSession WHERE id = ?", arguments: [text])
        }
    }

    private static func liveRecord(_ text: String) throws -> LiveSessionRecord {
        do {
            return try decode(LiveSessionRecord.self, text)
        } catch {
            throw BadRow(reason: "a saved live session cannot be read (\(error))")
        }
    }

    public func restore(_ read: @escaping @Sendable (_ add: (JournalEntry) throws -> Void) throws -> Void) async throws -> ImportCounts {
        defer { sessionsChanged() }
        return try await writing { db in
            var counts = ImportCounts()
            var index = (sessions: 0, ratings: 0, screenings: 0)
            let statements = (
                session: try db.cachedStatement(sql: Self.insertSession(orIgnore: true)),
                rating: try db.cachedStatement(sql: Self.insertRating(orIgnore: true)),
                screening: try db.cachedStatement(sql: Self.insertScreening(orIgnore: true)))
            /// Inserts a row; one whose id is there already (in the journal, or earlier in this
            /// restore) is counted as present when its content is the same, and refuses the
            /// whole restore when it is not.
            func insert(_ statement: Statement, _ arguments: StatementArguments, same: () throws -> Bool, list: String, index: Int, id: UUID) throws {
                try statement.execute(arguments: arguments)
                if db.changesCount > 0 {
                    counts.added += 1
                } else if try same() {
                    counts.alreadyPresent += 1
                } else {
                    throw JournalError.conflict(list: list, index: index, id: id)
                }
            }
            try read { entry in
                switch entry {
                case .session(let imported):
                    defer { index.sessions += 1 }
                    try insert(
                        statements.session, try Self.arguments(imported),
                        same: {
                            let kept = try Row.fetchOne(db, sql: "SELECT * FROM session WHERE id = ?", arguments: [Self.text(imported.id)]).map(Self.session)
                            return kept.map { Self.sameContent($0, imported) } ?? true
                        }, list: "sessions", index: index.sessions, id: imported.id)
                case .painRating(let imported):
                    defer { index.ratings += 1 }
                    try insert(
                        statements.rating, Self.arguments(imported),
                        same: {
                            let kept = try Row.fetchOne(db, sql: "SELECT * FROM painRating WHERE id = ?", arguments: [Self.text(imported.id)]).map(Self.rating)
                            return kept.map { $0 == imported } ?? true
                        }, list: "painRatings", index: index.ratings, id: imported.id)
                case .screening(let imported):
                    defer { index.screenings += 1 }
                    try insert(statements.screening, try Self.arguments(imported), same: { true }, list: "screenings", index: index.screenings, id: imported.id)
                }
            }
            return counts
        }
    }

    /// Whether two sessions with one id say the same in every field both export formats carry
    /// (a CSV export has no steps or plan, so those are not compared).
    static func sameContent(_ a: SessionRecord, _ b: SessionRecord) -> Bool {
        a.startedAt == b.startedAt && a.timeZone == b.timeZone && a.endedAt == b.endedAt && a.regions == b.regions
            && a.side == b.side && a.painBefore == b.painBefore && a.painAfter == b.painAfter
            && a.pressureSeconds == b.pressureSeconds && a.note == b.note && a.source == b.source
    }

    // MARK: - Reads

    /// Runs a read, reporting a file whose contents Knotwork cannot decode as unusable rather
    /// than failing deep inside a row.
    private func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await pool.read(body)
        } catch let error as DatabaseError {
            throw JournalError.unusable(path: path, reason: error.message ?? "\(error)")
        } catch let error as BadRow {
            throw JournalError.unusable(path: path, reason: "it holds a record this version cannot read (\(error.reason))")
        } catch {
            throw JournalError.unusable(path: path, reason: "it holds a record this version cannot read (\(error))")
        }
    }

    public func sessions(_ query: SessionQuery) async throws -> [SessionRecord] {
        var (sql, arguments) = Self.sessionFilter(query, columns: "*")
        let direction = query.newestFirst ? "DESC" : ""
        sql += " ORDER BY startedAt \(direction), id \(direction)"
        if let limit = query.limit { sql += " LIMIT \(max(0, limit))" }
        let finalSQL = sql
        let finalArguments = arguments
        return try await read { db in
            try Row.fetchAll(db, sql: finalSQL, arguments: finalArguments).map(Self.session)
        }
    }

    public func digest(_ query: SessionQuery, timeZone: TimeZone) async throws -> HistoryDigest {
        var unordered = query
        unordered.after = nil
        let (sql, arguments) = Self.sessionFilter(unordered, columns: "startedAt, painBefore, painAfter")
        return try await read { db in
            var digest = HistoryDigest(timeZone: timeZone)
            let rows = try Row.fetchCursor(db, sql: sql + " ORDER BY startedAt", arguments: arguments)
            while let row = try rows.next() {
                let seconds: Int64 = row[0]
                digest.add(startedAt: Date(timeIntervalSince1970: Double(seconds)), painBefore: row[1], painAfter: row[2])
            }
            return digest
        }
    }

    /// The `SELECT … FROM session WHERE …` of a query, without its order and limit.
    private static func sessionFilter(_ query: SessionQuery, columns: String) -> (String, StatementArguments) {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if let from = query.from {
            conditions.append("startedAt >= ?")
            _ = arguments.append(contentsOf: [seconds(from)])
        }
        if let to = query.to {
            conditions.append("startedAt < ?")
            _ = arguments.append(contentsOf: [seconds(to)])
        }
        if let region = query.region {
            conditions.append("regions LIKE ?")
            _ = arguments.append(contentsOf: ["%\"\(region)\"%"])
        }
        if let after = query.after {
            // The first condition alone can use the index on startedAt.
            conditions.append(query.newestFirst ? "startedAt <= ? AND (startedAt < ? OR id < ?)" : "startedAt >= ? AND (startedAt > ? OR id > ?)")
            _ = arguments.append(contentsOf: [seconds(after.at), seconds(after.at), text(after.id)])
        }
        var sql = "SELECT \(columns) FROM session"
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        return (sql, arguments)
    }

    /// Sessions are only ever added, and every insert takes a new, larger rowid: the largest is
    /// the mark. It is read again after a session is written here, or once its lifetime has
    /// passed (for writes by other processes).
    public func sessionsMark() async throws -> Int64 {
        let now = ContinuousClock.now
        let (kept, generation) = mark.withLock { mark in
            (mark.value.flatMap { mark.readAt.duration(to: now) < markLifetime ? $0 : nil }, mark.generation)
        }
        if let kept { return kept }
        let value = try await read { db in try Int64.fetchOne(db, sql: "SELECT coalesce(max(rowid), 0) FROM session") ?? 0 }
        mark.withLock { mark in
            if mark.generation == generation { (mark.value, mark.readAt) = (value, now) }
        }
        return value
    }

    private func sessionsChanged() {
        mark.withLock { mark in
            mark.value = nil
            mark.generation += 1
        }
    }

    public func session(id: UUID) async throws -> SessionRecord? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM session WHERE id = ?", arguments: [Self.text(id)]).map(Self.session)
        }
    }

    public func rating(id: UUID) async throws -> PainRating? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM painRating WHERE id = ?", arguments: [Self.text(id)]).map(Self.rating)
        }
    }

    public func painRatings(after: RecordKey?, limit: Int) async throws -> [PainRating] {
        let (condition, arguments) = Self.after(after, column: "at")
        return try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM painRating \(condition) ORDER BY at, id LIMIT \(max(0, limit))", arguments: arguments)
                .map(Self.rating)
        }
    }

    public func screenings(after: RecordKey?, limit: Int) async throws -> [ScreeningRecord] {
        let (condition, arguments) = Self.after(after, column: "at")
        return try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM screening \(condition) ORDER BY at, id LIMIT \(max(0, limit))", arguments: arguments)
                .map(Self.screening)
        }
    }

    /// The `WHERE` of a page, oldest first, after a key.
    private static func after(_ key: RecordKey?, column: String) -> (String, StatementArguments) {
        guard let key else { return ("", []) }
        return ("WHERE \(column) >= ? AND (\(column) > ? OR id > ?)", [seconds(key.at), seconds(key.at), text(key.id)])
    }

    public func painRatings(from: Date?, to: Date?) async throws -> [PainRating] {
        try await read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM painRating WHERE at >= ? AND at < ? ORDER BY at, id",
                arguments: [from.map(Self.seconds) ?? Int64.min, to.map(Self.seconds) ?? Int64.max]
            ).map(Self.rating)
        }
    }

    public func latestScreening(kind: PastScreening.Kind) async throws -> ScreeningRecord? {
        try await read { db in
            try Row.fetchOne(
                db, sql: "SELECT * FROM screening WHERE kind = ? ORDER BY at DESC, rowid DESC LIMIT 1", arguments: [kind.rawValue]
            ).map(Self.screening)
        }
    }

    public func screenings(from: Date) async throws -> [ScreeningRecord] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM screening WHERE at >= ? ORDER BY at, rowid", arguments: [Self.seconds(from)])
                .map(Self.screening)
        }
    }

    public func markScreeningUsed(id: UUID, at: Date) async throws {
        let arguments: StatementArguments = [Self.seconds(at), Self.text(id)]
        try await writing { db in
            try db.execute(sql: "UPDATE screening SET usedAt = ? WHERE id = ?", arguments: arguments)
        }
    }

    /// `PRAGMA integrity_check`: "ok" for a sound file.
    public func integrityCheck() async throws -> String {
        try await pool.read { db in
            try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "; ")
        }
    }

    // MARK: - Row mapping

    private static func insertSession(orIgnore: Bool) -> String {
        "INSERT \(orIgnore ? "OR IGNORE " : "")INTO session (id, startedAt, timeZone, endedAt, regions, side, painBefore, painAfter, pressureSeconds, steps, plan, note, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    }

    private static func insertRating(orIgnore: Bool) -> String {
        "INSERT \(orIgnore ? "OR IGNORE " : "")INTO painRating (id, at, timeZone, pain, region, side, note) VALUES (?, ?, ?, ?, ?, ?, ?)"
    }

    private static func insertScreening(orIgnore: Bool) -> String {
        "INSERT \(orIgnore ? "OR IGNORE " : "")INTO screening (id, at, timeZone, kind, verdict, answers, usedAt) VALUES (?, ?, ?, ?, ?, ?, ?)"
    }

    private static let insertLive = "INSERT OR REPLACE INTO liveSession (id, updatedAt, record) VALUES (?, ?, ?)"

    static func text(_ id: UUID) -> String { id.lowercased }

    /// Whole seconds since 1970, rounded down.
    static func seconds(_ date: Date) -> Int64 { Int64(date.timeIntervalSince1970.rounded(.down)) }

    static func date(_ row: Row, _ column: String) throws -> Date {
        let seconds: Int64 = try row.decode(forColumn: column)
        return Date(timeIntervalSince1970: Double(seconds))
    }

    static func optionalDate(_ row: Row, _ column: String) throws -> Date? {
        let seconds: Int64? = try row.decode(forColumn: column)
        return seconds.map { Date(timeIntervalSince1970: Double($0)) }
    }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()

    private static func json<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    private static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(type, from: Data(text.utf8))
    }

    static func arguments(_ session: SessionRecord) throws -> StatementArguments {
        [
            text(session.id), seconds(session.startedAt), session.timeZone, session.endedAt.map(seconds), try regionsJSON(session.regions),
            session.side?.rawValue, session.painBefore, session.painAfter, session.pressureSeconds,
            session.steps.isEmpty ? "[]" : try json(session.steps), try session.plan.map(json), session.note,
            session.source.rawValue,
        ]
    }

    /// Region ids are kebab-case, so their JSON array needs no escaping; anything else goes
    /// through the encoder. (An import writes a hundred thousand of these.)
    private static func regionsJSON(_ regions: [RegionID]) throws -> String {
        guard regions.allSatisfy({ $0.utf8.allSatisfy { $0 == UInt8(ascii: "-") || (0x30...0x39).contains($0) || (0x61...0x7A).contains($0) } })
        else { return try json(regions) }
        return "[" + regions.map { "\"" + $0 + "\"" }.joined(separator: ",") + "]"
    }

    private static func arguments(_ rating: PainRating) -> StatementArguments {
        [text(rating.id), seconds(rating.at), rating.timeZone, rating.pain, rating.region, rating.side?.rawValue, rating.note]
    }

    private static func arguments(_ screening: ScreeningRecord) throws -> StatementArguments {
        [
            text(screening.id), seconds(screening.at), screening.timeZone, screening.kind.rawValue, screening.verdict.rawValue,
            try json(screening.answers), screening.usedAt.map(seconds),
        ]
    }

    private static func uuid(_ row: Row, _ column: String) throws -> UUID {
        let raw: String = try row.decode(forColumn: column)
        guard let id = UUID(text: raw) else {
            throw BadRow(reason: "'\(raw)' in column \(column) is not a UUID")
        }
        return id
    }

    private static func session(_ row: Row) throws -> SessionRecord {
        let plan: String? = try row.decode(forColumn: "plan")
        let side: String? = try row.decode(forColumn: "side")
        let source: String = try row.decode(forColumn: "source")
        return SessionRecord(
            id: try uuid(row, "id"), startedAt: try date(row, "startedAt"), timeZone: try row.decode(forColumn: "timeZone"),
            endedAt: try optionalDate(row, "endedAt"),
            regions: try decode([String].self, try row.decode(forColumn: "regions")), side: side.flatMap(Side.init(rawValue:)),
            painBefore: try row.decode(forColumn: "painBefore"), painAfter: try row.decode(forColumn: "painAfter"), pressureSeconds: try row.decode(forColumn: "pressureSeconds"),
            steps: try decode([StepOutcome].self, try row.decode(forColumn: "steps")), plan: try plan.map { try decode(Plan.self, $0) },
            note: try row.decode(forColumn: "note"), source: SessionRecord.Source(rawValue: source) ?? .log)
    }

    private static func rating(_ row: Row) throws -> PainRating {
        let side: String? = try row.decode(forColumn: "side")
        return PainRating(
            id: try uuid(row, "id"), at: try date(row, "at"), timeZone: try row.decode(forColumn: "timeZone"), pain: try row.decode(forColumn: "pain"), region: try row.decode(forColumn: "region"),
            side: side.flatMap(Side.init(rawValue:)), note: try row.decode(forColumn: "note"))
    }

    private static func screening(_ row: Row) throws -> ScreeningRecord {
        let raw: (verdict: String, kind: String) = (try row.decode(forColumn: "verdict"), try row.decode(forColumn: "kind"))
        // An unknown verdict is never read as clear: it would let a session start unscreened.
        guard let verdict = ScreeningResult.Verdict(rawValue: raw.verdict), let kind = PastScreening.Kind(rawValue: raw.kind) else {
            throw BadRow(reason: "screening verdict '\(raw.verdict)' or kind '\(raw.kind)' is not one this version knows")
        }
        return ScreeningRecord(
            id: try uuid(row, "id"), at: try date(row, "at"), timeZone: try row.decode(forColumn: "timeZone"), kind: kind,
            verdict: verdict, answers: try decode([String: Bool].self, try row.decode(forColumn: "answers")),
            usedAt: try optionalDate(row, "usedAt"))
    }
}

/// A stored value the row mapping cannot turn into a record.
private struct BadRow: Error {
    let reason: String
}
