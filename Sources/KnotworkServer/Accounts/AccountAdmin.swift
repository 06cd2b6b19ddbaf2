import Foundation
import KnotworkCore
import KnotworkJournal

/// What an administrator does on the server's own machine (`knotwork admin`), with the rules
/// the API keeps for the same fields.
public enum AccountAdmin {
    /// Makes an account that can sign in: an administrator's, a clinician's or a person's.
    /// - Throws: ``InputError`` naming a bad email, name or password;
    ///   ``AccountError/emailTaken(_:)``.
    public static func createUser(
        store: any AccountStore, email: String, displayName: String, role: Account.Role, isAdmin: Bool, password: String,
        bcryptCost: UInt8 = AccountsConfiguration.defaultBcryptCost, now: Date
    ) async throws -> Account {
        let email = try AccountInput.email(email)
        let name = try AccountInput.name(displayName, field: "name", limit: AccountInput.displayNameLimit)
        try Passwords.check(password, field: "password")
        let account = Account(email: email, displayName: name, role: role, isAdmin: isAdmin, createdAt: now)
        try await store.createAccount(account, passwordHash: try await Passwords.hash(password, cost: bcryptCost))
        return account
    }
}
