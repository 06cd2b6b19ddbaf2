import Foundation
import KnotworkCore
import KnotworkJournal

/// `POST /api/v1/account/sign-up`.
struct SignUpBody: Decodable {
    let email: String
    let password: String
    let displayName: String
    /// A clinician's invitation code: required when sign-up is by invitation.
    let invite: String?
}

/// A body that must be an empty JSON object (`{}`): what a POST that needs no input takes, so
/// that it is still JSON, as every body the API reads is.
struct EmptyBody: Decodable {
    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// An object, with any members or none; not an array, a string or null.
    init(from decoder: any Decoder) throws {
        _ = try decoder.container(keyedBy: AnyKey.self)
    }
}

/// `POST /api/v1/account/sign-in`.
struct SignInBody: Decodable {
    let email: String
    let password: String
}

/// `POST /api/v1/account/password`.
struct PasswordBody: Decodable {
    let current: String
    let new: String
}

/// `POST /api/v1/account/delete`: the password again, as the confirmation.
struct DeleteAccountBody: Decodable {
    let password: String
}

/// `POST /api/v1/account/tokens`.
struct TokenBody: Decodable {
    let name: String
}

/// `GET /api/v1/account`: how the server signs people in, and who is signed in.
struct AccountStatus: Encodable {
    /// False on a server without accounts: one person's journal, no sign-in.
    let accounts: Bool
    /// Who may sign up (`open`, `invite`); absent without accounts.
    let signUp: String?
    /// The signed-in account; absent when no one is.
    let account: Account?
}

/// A new personal API token: the only time its secret is shown.
struct NewToken: Encodable {
    let token: String
    let id: UUID
    let name: String
    let createdAt: Date
}

/// What a person types for an account, checked.
enum AccountInput {
    static let displayNameLimit = 80
    static let tokenNameLimit = 80

    /// An email address as accounts are kept by: trimmed, lower-cased, one `@` between a name
    /// and a domain with a dot, no spaces, at most 254 characters.
    static func email(_ text: String, field: String = "email") throws(InputError) -> String {
        let email = text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard email.count <= 254, parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."),
            !parts[1].hasSuffix("."),
            !email.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7F })
        else {
            throw InputError(field: field, value: text, problem: "'\(text)' is not an email address (name@example.org)")
        }
        return email
    }

    /// A name to show: trimmed, 1–`limit` characters, and nothing the journal cannot keep.
    static func name(_ text: String, field: String, limit: Int) throws(InputError) -> String {
        let name = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty, name.count <= limit else {
            throw InputError(field: field, value: text, problem: "give a name of 1 to \(limit) characters")
        }
        guard let checked = try NoteText.checked(name, field: field) else {
            throw InputError(field: field, value: text, problem: "give a name of 1 to \(limit) characters")
        }
        return checked
    }
}
