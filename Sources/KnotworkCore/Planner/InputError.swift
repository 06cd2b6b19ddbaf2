/// A value a person typed that Knotwork cannot use, naming the field, the value and what would be
/// valid. The command line shows it as `--field: problem` and exits 64; the API as a 422.
public struct InputError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The input field, by its name in the request (`regions`, `side`, `tools`, `minutes`,
    /// `answer`); the command line shows it as its option, the API as a JSON field.
    public let field: String
    /// The value at fault, as typed.
    public let value: String
    /// What is wrong and what would be valid, with a "did you mean" where one is close.
    public let problem: String

    public init(field: String, value: String, problem: String) {
        self.field = field
        self.value = value
        self.problem = problem
    }

    /// An unknown identifier, with the valid ones and the closest match.
    static func unknown(_ noun: String, field: String, value: String, valid: [String]) -> InputError {
        InputError(
            field: field, value: value,
            problem: "unknown \(noun) '\(value)'; \(Suggestion.hint(for: value, in: valid))")
    }

    public var description: String { "\(field): \(problem)" }
}
