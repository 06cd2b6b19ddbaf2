import ArgumentParser
import Foundation
import KnotworkCore
import KnotworkJournal

/// `knotwork export`: the journal in formats other programs read.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export the journal as CSV, JSON (the backup format), FHIR R4 or iCalendar.",
        discussion: HelpText.discussion(
            ExportFormat.allCases.map { $0.rawValue.padding(toLength: 6, withPad: " ", startingAt: 0) + $0.summary }.joined(separator: "\n")
                + """


                The journal is read a page at a time, so a journal of any size is exported in little \
                memory. The file is written whole or not at all. Use --output - for standard output.

                """)
    )

    @OptionGroup var journal: JournalOptions

    @Option(
        help: ArgumentHelp("\(ExportFormat.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "format"),
        completion: .list(ExportFormat.allCases.map(\.rawValue)), transform: ExportFormat.checked)
    var format: ExportFormat

    @Option(help: ArgumentHelp("The file to write, or - for standard output.", valueName: "file"))
    var output: String

    func run() async throws {
        let store = try await journal.open()
        let export = JournalExport(store: store, owner: .local, format: format, now: Date())
        let trailer = format == .json || format == .fhir ? "\n" : ""
        let count = try await Output.streaming(to: output) { write in
            let count = try await export.write(write)
            try await write(trailer)
            return count
        }
        if output != "-" {
            Output.standardError("Exported \(count) session\(count == 1 ? "" : "s") as \(format.rawValue) to \(output)")
        }
    }
}

/// `knotwork import`: reads an export back.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import a JSON backup or a CSV export into the journal.",
        discussion: HelpText.discussion(
            """
            Records already in the journal (the same id, the same content) are left as they are, \
            so importing the same file twice adds nothing; the same id with other content is a \
            conflict, named by row or record. A file with any bad record is refused as a whole, \
            naming the row or record and the field, and the journal is left unchanged (exit 65).

            """)
    )

    @OptionGroup var journal: JournalOptions

    @Argument(help: ArgumentHelp("The file: a JSON backup (from export --format json) or a CSV export.", valueName: "file"))
    var file: String

    func run() async throws {
        let validator = RecordValidator(catalog: try BundledCatalog.load())
        let file = self.file
        let counts: ImportCounts
        let format: RecordValidator.FileFormat
        do {
            format = try RecordValidator.format(ofFile: file)
        } catch {
            throw FileError(path: file, problem: error.description)
        }
        do {
            let store = try await journal.open()
            // The file is read inside the journal's transaction a record at a time: a file of
            // any size is imported in little memory, and a bad record undoes the whole import.
            counts = try await store.restore(owner: .local) { add in try validator.readFile(file, as: format, each: add) }
        } catch let error as ImportError {
            throw FileError(path: file, problem: error.description)
        } catch JournalError.conflict(let list, let index, let id) {
            // A CSV names its rows (after the header); a JSON backup its records.
            let place = format == .csv ? "row \(index + 2)" : "\(list)[\(index)]"
            throw FileError(
                path: file,
                problem:
                    "\(place) has id \(id.lowercased), which a record already in the journal (or earlier in the file) has with other content; nothing was imported"
            )
        }
        print("Imported \(file): \(counts.added) added, \(counts.alreadyPresent) already in the journal.")
    }
}

/// A file Knotwork was given is unreadable or malformed; exit 65.
struct FileError: Error, CustomStringConvertible {
    let path: String
    let problem: String
    var description: String { "\(path): \(problem)" }
}
