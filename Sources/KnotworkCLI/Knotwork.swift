import ArgumentParser
import Foundation
import KnotworkCore
import KnotworkJournal

/// The `knotwork` command.
public struct Knotwork: AsyncParsableCommand {
    /// The version `--version` prints.
    public static let version = "0.1.0"

    public static let configuration = CommandConfiguration(
        commandName: "knotwork",
        abstract: "A guided self-massage coach for tight glutes, outer-hip and low-back pain.",
        discussion: HelpText.discussion(HelpText.disclaimer),
        version: version,
        subcommands: [
            CatalogCommand.self, ScreenCommand.self, PlanCommand.self, StartCommand.self, ServeCommand.self, LogCommand.self,
            HistoryCommand.self,
            ExportCommand.self, ImportCommand.self, RemindCommand.self, AdminCommand.self, LoginCommand.self,
            LogoutCommand.self, MigrateCommand.self,
        ]
    )

    public init() {}

    /// Runs the command line and exits: the one place errors become messages and exit codes.
    public static func runAndExit(_ arguments: [String] = Array(CommandLine.arguments.dropFirst())) async -> Never {
        // Health data: every file and folder Knotwork makes (journal, exports, reminders) is its
        // owner's only, whatever the shell's umask.
        umask(0o077)
        let names = configuration.subcommands.compactMap { command in command.configuration.commandName }
        if let first = arguments.first, !first.hasPrefix("-"), first != "help", !names.contains(first) {
            fail("unknown command '\(first)'; \(Suggestion.hint(for: first, in: names))", status: ExitStatus.usage)
        }
        do {
            var command = try parseAsRoot(arguments)
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            Foundation.exit(0)
        } catch let error as InputError {
            fail("--\(Self.option(for: error.field)): \(error.problem)", status: ExitStatus.usage)
        } catch let error as PlanError {
            fail(error.description, status: ExitStatus.usage)
        } catch let error as CatalogError {
            fail("bad data file: \(error.description)", status: ExitStatus.dataError)
        } catch let error as FileError {
            fail(error.description, status: ExitStatus.dataError)
        } catch let error as OutputError {
            fail(error.description, status: ExitStatus.cannotCreate)
        } catch let error as JournalError {
            fail(error.description, status: ExitStatus.ioError)
        } catch let error as LoginError {
            fail(error.description, status: ExitStatus.unavailable)
        } catch is RedFlagStop {
            Foundation.exit(ExitStatus.redFlag)
        } catch is NoPressureWork {
            Foundation.exit(ExitStatus.noPressureWork)
        } catch {
            let code = exitCode(for: error)
            if code == .success { exit(withError: error) }
            // Argument errors: one line naming the problem, not the whole usage text.
            let message = Self.message(for: error).split(separator: "\n").first.map(String.init) ?? "\(error)"
            fail(message + " (see 'knotwork help')", status: code.rawValue)
        }
    }

    /// The option a request field is typed as, where the two names differ.
    static func option(for field: String) -> String {
        ["regions": "where"][field] ?? field
    }

    private static func fail(_ message: String, status: Int32) -> Never {
        Output.standardError("knotwork: \(message)")
        Foundation.exit(status)
    }
}
