import Foundation
import GRDB
import KnotworkCore
import KnotworkSession
import Synchronization

/// The embedded journal: one SQLite file in WAL mode, written through GRDB.
///
/// Every write runs in a transaction with `synchronous = FULL`, so a write that returned is on
/// disk even if the machine loses power right after. Opening the store runs the migrations.
/// The tables are mapped by the row types of `JournalRows.swift`; reads are in
/// `SQLiteJournalStore+Reads.swift`, writes in `SQLiteJournalStore+Writes.swift`, the schema in
/// `JournalSchema.swift`. As an ``AccountStore``: accounts and tokens in `+Accounts.swift`,
/// values with an expiry in `+Values.swift`, invitations and care links in `+Invites.swift`,
/// prescriptions, alerts and the access log in `+Clinic.swift`.
public final class SQLiteJournalStore: JournalStore {
    /// Where the file is (`:memory:` for an in-memory database).
    public let path: String
    /// The database: a WAL pool for a journal file; any writer GRDB offers for tests.
    let writer: any DatabaseWriter
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

    /// Files of this journal that were readable by other users and have been made its owner's
    /// only, when it was opened.
    public let tightened: [String]

    /// A journal over a database GRDB opened, as GRDB's demo apps take one: the app passes a
    /// pool on a file, tests a `DatabaseQueue()` in memory. Brings its schema up to date.
    /// - Parameter markLifetime: how long ``sessionsMark()`` trusts what it last read, for
    ///   writes by other processes (those through this store count at once).
    /// - Throws: ``JournalError/unusable(path:reason:)`` when the schema cannot be brought up to
    ///   date (not a Knotwork journal, a read-only file…).
    public convenience init(writer: any DatabaseWriter, markLifetime: Duration = .milliseconds(500)) throws {
        try self.init(writer: writer, markLifetime: markLifetime, tightened: [], migrating: true, updating: nil)
    }

    /// Opens (creating when needed) the journal at `path`, readable by its owner only, and
    /// brings its schema up to date.
    /// - Parameter updating: called before an existing journal made by an earlier version is
    ///   brought up to date, which takes a moment when it is large.
    /// - Throws: ``JournalError/unusable(path:reason:)`` when the file cannot be opened or is
    ///   not a Knotwork journal.
    public convenience init(
        path: String, markLifetime: Duration = .milliseconds(500), updating: (@Sendable () -> Void)? = nil
    ) throws {
        let directory = (path as NSString).deletingLastPathComponent
        let pool: DatabasePool
        let tightened: [String]
        do {
            if !directory.isEmpty, !FileManager.default.fileExists(atPath: directory) {
                try FileManager.default.createDirectory(
                    atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            }
            tightened = try Self.ownerOnly(path)
            var configuration = Configuration()
            // Another process writing (the server while `knotwork log` runs, two openers of a
            // new journal) is waited for, up to 10 s, by SQLite's busy handler.
            configuration.busyMode = .timeout(10)
            // Some of what several processes opening a new journal at once do is refused at
            // once with SQLITE_BUSY, never handed to the busy handler (one of them turning the
            // new file to WAL while another reads it): such an open is tried again, a moment
            // later, for up to about 5 s, rather than failing a command that only came early.
            var attempt = 0
            var opened: DatabasePool?
            while opened == nil {
                do {
                    let pool = try DatabasePool(path: path, configuration: configuration)
                    // Not in `prepareDatabase`: the pool sets `synchronous = NORMAL` on its writer
                    // after that runs, when it turns WAL mode on.
                    try pool.barrierWriteWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
                    try JournalSchema.migrate(pool, updating: updating)
                    opened = pool
                } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY && attempt < 50 {
                    attempt += 1
                    usleep(useconds_t(20_000 * min(attempt, 10)))
                }
            }
            pool = opened!
        } catch let error as DatabaseError {
            throw JournalError.unusable(path: path, reason: error.message ?? "\(error)")
        } catch {
            throw JournalError.unusable(path: path, reason: "\(error)")
        }
        // Migrated already, inside the retries above.
        try self.init(writer: pool, markLifetime: markLifetime, tightened: tightened, migrating: false, updating: updating)
    }

    private init(
        writer: any DatabaseWriter, markLifetime: Duration, tightened: [String], migrating: Bool, updating: (@Sendable () -> Void)?
    ) throws {
        self.writer = writer
        self.path = writer.path
        self.markLifetime = markLifetime
        self.tightened = tightened
        guard migrating else { return }
        do {
            try JournalSchema.migrate(writer, updating: updating)
        } catch let error as DatabaseError {
            throw JournalError.unusable(path: path, reason: error.message ?? "\(error)")
        } catch {
            throw JournalError.unusable(path: path, reason: "\(error)")
        }
    }

    /// Makes the journal readable by its owner only: a new one is created 0600 before SQLite
    /// opens it (SQLite gives its `-wal` and `-shm` files the same mode); an existing looser
    /// one is tightened, and its paths returned.
    private static func ownerOnly(_ path: String) throws -> [String] {
        let descriptor = Foundation.open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
        if descriptor >= 0 {
            close(descriptor)
            return []
        }
        guard errno == EEXIST else { return [] } // SQLite says what is wrong when it opens it
        var changed: [String] = []
        for file in [path, path + "-wal", path + "-shm"] {
            var status = stat()
            guard stat(file, &status) == 0, status.st_mode & 0o077 != 0 else { continue }
            if chmod(file, 0o600) == 0 { changed.append(file) }
        }
        return changed
    }

    // MARK: - Running reads and writes

    /// A write whose failures say what happened: a record already there (when `duplicate`
    /// names it), an owner that is no account (when `owner` names it), or a journal that
    /// cannot be written (a full disk, a read-only file). Other constraint failures pass
    /// through, and so does a stored row that cannot be read.
    func writing<T: Sendable>(
        duplicate: UUID? = nil, owner: AccountID? = nil, _ body: @escaping @Sendable (Database) throws -> T
    ) async throws -> T {
        do {
            return try await writer.write(body)
        } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_PRIMARYKEY && duplicate != nil {
            throw JournalError.duplicate(duplicate!)
        } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_FOREIGNKEY && owner != nil {
            throw JournalError.unknownAccount(owner!)
        } catch let error as DatabaseError where error.resultCode != .SQLITE_CONSTRAINT {
            throw JournalError.unusable(path: path, reason: error.message ?? "\(error)")
        }
    }

    /// Runs a read. A stored value this version cannot read is a
    /// ``JournalError/unreadable(table:id:column:problem:)`` naming it; a file SQLite cannot
    /// read is unusable.
    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await writer.read(body)
        } catch let error as JournalError {
            throw error
        } catch let error as DatabaseError {
            throw JournalError.unusable(path: path, reason: error.message ?? "\(error)")
        } catch {
            throw JournalError.unusable(path: path, reason: "it holds a record this version cannot read (\(error))")
        }
    }

    // MARK: - The sessions mark

    /// A counter of its own (`sessionsMark`, one row), bumped in the same transaction as every
    /// write that adds sessions and every account deletion, so it only ever grows. The largest
    /// session rowid, the mark before accounts could be deleted, could go back: deleting the
    /// account with the last sessions lets SQLite hand their rowids out again, and a reader
    /// would take the old mark for a list it already had. It is read again after a session is
    /// written here, or once its lifetime has passed (for writes by other processes).
    public func sessionsMark() async throws -> Int64 {
        let now = ContinuousClock.now
        let (kept, generation) = mark.withLock { mark in
            (mark.value.flatMap { mark.readAt.duration(to: now) < markLifetime ? $0 : nil }, mark.generation)
        }
        if let kept { return kept }
        let value = try await read { db in
            try Int64.fetchOne(db, sql: "SELECT value FROM sessionsMark WHERE id = 1") ?? 0
        }
        mark.withLock { mark in
            if mark.generation == generation { (mark.value, mark.readAt) = (value, now) }
        }
        return value
    }

    /// Moves the mark on, in the transaction of a write that adds or removes sessions.
    static func bumpSessionsMark(_ db: Database) throws {
        try db.execute(sql: "UPDATE sessionsMark SET value = value + 1 WHERE id = 1")
    }

    func sessionsChanged() {
        mark.withLock { mark in
            mark.value = nil
            mark.generation += 1
        }
    }

    /// `PRAGMA integrity_check`: "ok" for a sound file.
    public func integrityCheck() async throws -> String {
        try await writer.read { db in
            try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "; ")
        }
    }
}
