import Foundation

/// A clinician's invitation code as a person types it: eight letters and digits from an
/// alphabet without look-alikes (no 0/O, 1/I/L), shown as `ABCD-EFGH`. About 40 bits: enough
/// for a code that is single use, expires within days, and is guessed at no faster than
/// sign-up's limits allow.
enum InviteCode {
    static let alphabet = Array("ABCDEFGHJKMNPQRSTUVWXYZ23456789")
    static let length = 8

    static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        let letters = (0..<length).map { _ in alphabet.randomElement(using: &generator)! }
        return String(letters[0..<4]) + "-" + String(letters[4...])
    }

    /// The code as it is hashed: upper-cased, without dashes or spaces, so that `abcd efgh`
    /// and `ABCD-EFGH` are one code.
    static func normalized(_ text: String) -> String {
        text.uppercased().filter { $0 != "-" && !$0.isWhitespace }
    }
}
