import ArgumentParser
import Foundation
import KnotworkJournal

/// Where the journal is: `--db`, else `KNOTWORK_DB`, else `$XDG_DATA_HOME/knotwork/journal.sqlite`,
/// else `~/.local/share/knotwork/journal.sqlite`.
struct JournalOptions: ParsableArguments {
    @Option(
        name: .customLong("db"),
        help: ArgumentHelp(
            "The journal file (default: $KNOTWORK_DB, else $XDG_DATA_HOME/knotwork/journal.sqlite, else ~/.local/share/knotwork/journal.sqlite).",
            valueName: "path"))
    var path: String?

    var resolvedPath: String {
        let environment = ProcessInfo.processInfo.environment
        if let path, !path.isEmpty { return path }
        if let path = environment["KNOTWORK_DB"], !path.isEmpty { return path }
        if let data = environment["XDG_DATA_HOME"], !data.isEmpty { return data + "/knotwork/journal.sqlite" }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return home + "/.local/share/knotwork/journal.sqlite"
    }

    /// Opens the journal, creating it and its folder when needed.
    func open() throws -> SQLiteJournalStore {
        try SQLiteJournalStore(path: resolvedPath)
    }
}
