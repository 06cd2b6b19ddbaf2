import ArgumentParser
import Foundation
import KnotworkJournal

/// `knotwork migrate`: brings a journal's schema up to date on its own, and moves a journal file
/// into a PostgreSQL database.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Bring the journal's schema up to date, or copy a journal file into a new PostgreSQL database.",
        discussion: HelpText.discussion(
            """
            Every command brings the journal up to date when it opens it; a deployment with \
            several server instances runs this first, alone, and then starts them. Instances that \
            start together are safe too: one applies the migrations while the others wait.

            With --copy-from, every table of a journal file (accounts, sign-in sessions, tokens, \
            invitations, care links, prescriptions, the access log, live sessions and the records) \
            is copied into the database named by --database, in one transaction: all of it, or \
            nothing. The database must hold no journal yet. Stop the server using the file first.

              knotwork migrate --database postgres://knotwork@db.example/knotwork \\
                --copy-from ~/.local/share/knotwork/journal.sqlite

            """))

    @OptionGroup var journal: JournalOptions

    @Option(help: ArgumentHelp("A journal file to copy into the PostgreSQL database of --database.", valueName: "path"))
    var copyFrom: String?

    func validate() throws {
        if copyFrom != nil, journal.resolvedDatabaseURL == nil {
            throw ValidationError("--copy-from copies into a PostgreSQL database: name it with --database (or KNOTWORK_DATABASE_URL)")
        }
    }

    func run() async throws {
        let place = journal.place
        guard let url = journal.resolvedDatabaseURL else {
            _ = try journal.openFile()
            print("The journal at \(place) is up to date.")
            return
        }
        let database = try await PostgresJournalStore(url: url) { applied in
            Output.standardError(
                "knotwork: applied \(applied.count) migration\(applied.count == 1 ? "" : "s"): \(applied.joined(separator: "; "))")
        }
        guard let copyFrom else {
            print("The database at \(place) is up to date (schema version \(try await database.appliedMigrations().count)).")
            return
        }
        guard FileManager.default.fileExists(atPath: copyFrom) else {
            throw FileError(path: copyFrom, problem: "there is no journal file here")
        }
        let file = try SQLiteJournalStore(path: copyFrom)
        // Progress on one line of a terminal; a log gets the summary only.
        let terminal = isatty(STDERR_FILENO) == 1
        let copied = try await JournalCopy.copy(from: file, to: database) { table, rows in
            if terminal { Output.standardErrorNoNewline("\rknotwork: copying \(table): \(rows) rows\u{1B}[K") }
        }
        if terminal { Output.standardErrorNoNewline("\r\u{1B}[K") }
        let total = copied.reduce(0) { $0 + $1.rows }
        print("Copied \(copyFrom) into \(place): \(total) rows.")
        for (table, rows) in copied where rows > 0 { print("  \(table): \(rows)") }
    }
}
