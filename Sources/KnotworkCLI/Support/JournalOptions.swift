import ArgumentParser
import Foundation
import KnotworkJournal

/// Where the journal is: `--db`, else `KNOTWORK_DB`, else `$XDG_DATA_HOME/knotwork/journal.sqlite`,
/// else `~/.local/share/knotwork/journal.sqlite`; or a PostgreSQL database, `--database URL` or
/// `KNOTWORK_DATABASE_URL`, for a deployment whose server instances share one journal (a flag
/// given beats the other's variable). The command line reads and writes the records of the
/// journal's one person, ``AccountID/local``, as every command passes it.
struct JournalOptions: ParsableArguments {
    @Option(
        name: .customLong("db"),
        help: ArgumentHelp(
            "The journal file (default: $KNOTWORK_DB, else $XDG_DATA_HOME/knotwork/journal.sqlite, else ~/.local/share/knotwork/journal.sqlite).",
            valueName: "path"))
    var path: String?

    @Option(
        name: .customLong("database"),
        help: ArgumentHelp(
            "A PostgreSQL database to keep the journal in instead of a file, for several server instances (default: $KNOTWORK_DATABASE_URL). The schema is brought up to date on first use.",
            valueName: "postgres://user[:password]@host[:port]/name"))
    var databaseURL: String?

    /// The PostgreSQL database to use, if any: `--database`, else `KNOTWORK_DATABASE_URL` unless
    /// `--db` names a file.
    var resolvedDatabaseURL: String? {
        if let databaseURL, !databaseURL.isEmpty { return databaseURL }
        if let path, !path.isEmpty { return nil }
        return ProcessInfo.processInfo.environment["KNOTWORK_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    func validate() throws {
        if let databaseURL, !databaseURL.isEmpty, let path, !path.isEmpty {
            throw ValidationError("--db and --database name two journals; give one (a file, or a PostgreSQL database)")
        }
    }

    /// Where the journal is, in words: its file, or the database's URL without its password.
    var place: String {
        resolvedDatabaseURL.map(PostgresJournalStore.redacted) ?? resolvedPath
    }

    var resolvedPath: String {
        let environment = ProcessInfo.processInfo.environment
        if let path, !path.isEmpty { return path }
        if let path = environment["KNOTWORK_DB"], !path.isEmpty { return path }
        if let data = environment["XDG_DATA_HOME"], !data.isEmpty { return data + "/knotwork/journal.sqlite" }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return home + "/.local/share/knotwork/journal.sqlite"
    }

    /// Opens the journal, creating it and its folder when needed, readable by its owner only;
    /// a journal (or Knotwork's own folder) open to other users is tightened, with one line
    /// saying so.
    func open() async throws -> any AccountJournalStore {
        if let url = resolvedDatabaseURL {
            return try await PostgresJournalStore(url: url) { applied in
                Output.standardError("knotwork: brought the database up to date: \(applied.joined(separator: "; "))")
            }
        }
        return try openFile()
    }

    /// Opens the journal file, whatever `--database` says: the file of `--db` and its defaults.
    func openFile() throws -> SQLiteJournalStore {
        let path = resolvedPath
        var tightened: [String] = []
        if self.path?.isEmpty ?? true, ProcessInfo.processInfo.environment["KNOTWORK_DB"]?.isEmpty ?? true {
            // The default folder is Knotwork's own; a folder named with --db may be shared (/tmp).
            let folder = (path as NSString).deletingLastPathComponent
            var status = stat()
            if stat(folder, &status) == 0, status.st_mode & 0o077 != 0, chmod(folder, 0o700) == 0 { tightened.append(folder) }
        }
        let store = try SQLiteJournalStore(path: path) {
            Output.standardError(
                "knotwork: bringing the journal at \(path) up to date for this version (once; a large journal takes a moment)…")
        }
        tightened += store.tightened
        if !tightened.isEmpty {
            Output.standardError(
                "knotwork: made \(tightened.joined(separator: ", ")) readable by you only; other users of this machine could read it")
        }
        return store
    }
}
