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
            """
            csv   one row per session, RFC 4180, columns in docs/journal-formats.md
            json  everything, lossless and versioned: the backup that 'knotwork import' reads
            fhir  a FHIR R4 Bundle of pain-severity Observations (LOINC 72514-3) for clinical systems
            ics   your sessions as calendar events (for reminders, see 'knotwork remind')

            The file is written whole or not at all. Use --output - for standard output.

            """)
    )

    static let formats = ["csv", "json", "fhir", "ics"]

    @OptionGroup var journal: JournalOptions

    @Option(help: ArgumentHelp("csv, json, fhir or ics.", valueName: "format"))
    var format: String

    @Option(help: ArgumentHelp("The file to write, or - for standard output.", valueName: "file"))
    var output: String

    func run() async throws {
        guard Self.formats.contains(format) else {
            throw InputError(field: "format", value: format, problem: "unknown format '\(format)'; \(Suggestion.hint(for: format, in: Self.formats))")
        }
        let store = try journal.open()
        let now = Date()
        let backup = try await store.backup(exportedAt: now)
        let text: String
        switch format {
        case "csv": text = CSVFormat.write(backup.sessions)
        case "json": text = String(decoding: try JournalBackup.encoder().encode(backup), as: UTF8.self) + "\n"
        case "fhir": text = String(decoding: try FHIRExport.bundle(backup), as: UTF8.self) + "\n"
        default: text = ICalendar.sessions(backup.sessions, now: now)
        }
        try Output.write(text, to: output)
        if output != "-" {
            Output.standardError(
                "Exported \(backup.sessions.count) session\(backup.sessions.count == 1 ? "" : "s") as \(format) to \(output)")
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
        let validator = RecordValidator(catalog: try Catalog.bundled())
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: file))
        } catch {
            throw FileError(path: file, problem: "cannot be read (\((error as NSError).localizedDescription))")
        }
        let firstByte = data.first { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 || $0 == 0xEF || $0 == 0xBB || $0 == 0xBF) }
        let isJSON = firstByte == UInt8(ascii: "{")
        let backup: JournalBackup
        do {
            if isJSON {
                backup = try validator.readBackup(data)
            } else {
                guard let text = String(data: data, encoding: .utf8) else {
                    throw ImportError(location: "file", field: nil, problem: "is not UTF-8 text")
                }
                backup = JournalBackup(exportedAt: Date(), sessions: try CSVFormat.read(text, validator: validator))
            }
        } catch let error as ImportError {
            throw FileError(path: file, problem: error.description)
        }
        let store = try journal.open()
        let counts: ImportCounts
        do {
            counts = try await store.restore(backup)
        } catch JournalError.conflict(let list, let index, let id) {
            // A CSV names its rows (after the header); a JSON backup its records.
            let place = isJSON ? "\(list)[\(index)]" : "row \(index + 2)"
            throw FileError(
                path: file,
                problem: "\(place) has id \(id.lowercased), which a record already in the journal (or earlier in the file) has with other content; nothing was imported")
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
