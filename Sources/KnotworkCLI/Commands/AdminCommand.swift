import ArgumentParser
import Foundation
import KnotworkCore
import KnotworkJournal
import KnotworkServer

/// `knotwork admin`: what the administrator of a server with accounts does on its machine.
struct AdminCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "admin",
        abstract: "Manage the accounts of a server with accounts (serve --accounts), on its own machine.",
        subcommands: [CreateUser.self])

    /// `knotwork admin create-user`: the first account of a fresh server, a clinician's, or
    /// anyone's when sign-up is by invitation.
    struct CreateUser: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create-user",
            abstract: "Make an account that can sign in (the first one is usually an --admin clinician).",
            discussion: HelpText.discussion(
                """
                The password is read from KNOTWORK_PASSWORD, else from the first line of standard \
                input (it is never an option, where other users of the machine could read it). \
                It needs at least 10 characters. Prints the new account's id.

                """))

        @OptionGroup var journal: JournalOptions

        @Option(help: ArgumentHelp("The email the account signs in with.", valueName: "address"))
        var email: String

        @Option(help: ArgumentHelp("The name shown for the account.", valueName: "name"))
        var name: String

        @Option(help: ArgumentHelp("person (the default) or clinician.", valueName: "role"), transform: RoleArgument.checked)
        var role = RoleArgument(value: .person)

        @Flag(help: "May manage the server's accounts.")
        var admin = false

        @Flag(
            help: ArgumentHelp(
                "Give the new account every record of this journal's one person: what the journal held before accounts were turned on."
            ))
        var takeLocalJournal = false

        @Option(
            help: ArgumentHelp("bcrypt's cost (default \(AccountsConfiguration.defaultBcryptCost)).", valueName: "n"),
            transform: BcryptCost.checked)
        var bcryptCost = BcryptCost(value: AccountsConfiguration.defaultBcryptCost)

        func run() async throws {
            let password = try StandardInput.password(prompt: "Password for \(email): ")
            let store = try await journal.open()
            do {
                let account = try await AccountAdmin.createUser(
                    store: store, email: email, displayName: name, role: role.value, isAdmin: admin, password: password,
                    bcryptCost: bcryptCost.value, now: Date())
                if takeLocalJournal {
                    let moved = try await store.moveRecords(from: .local, to: account.id)
                    Output.standardError("knotwork: \(moved) records of this journal are now \(account.email ?? account.displayName)'s")
                }
                print(account.id.description)
            } catch let error as AccountError {
                throw InputError(field: "email", value: email, problem: error.description)
            }
        }
    }
}

/// `--role person` or `clinician`.
struct RoleArgument: CheckedArgument, Equatable {
    let value: Account.Role
    static func parse(_ text: String) throws(InputError) -> RoleArgument {
        let valid = Account.Role.allCases.map(\.rawValue)
        guard let value = Account.Role(rawValue: text.trimmingCharacters(in: .whitespaces).lowercased()) else {
            throw InputError(field: "role", value: text, problem: "unknown role '\(text)'; \(Suggestion.hint(for: text, in: valid))")
        }
        return RoleArgument(value: value)
    }
}
