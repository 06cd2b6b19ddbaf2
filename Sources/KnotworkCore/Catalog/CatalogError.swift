/// A problem in a catalog data file, naming the file, the entry and the field at fault.
public struct CatalogError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The data file, such as `muscles.json`.
    public let file: String
    /// The entry, by id where it has one (`piriformis`) or by position (`#3`); nil for the file
    /// as a whole.
    public let entry: String?
    /// The field, as a path inside the entry (`seconds.max`); nil for the entry as a whole.
    public let field: String?
    /// What is wrong and, where it helps, what would be valid.
    public let problem: String

    public init(file: String, entry: String? = nil, field: String? = nil, problem: String) {
        self.file = file
        self.entry = entry
        self.field = field
        self.problem = problem
    }

    public var description: String {
        var where_ = file
        if let entry { where_ += ": entry '\(entry)'" }
        if let field { where_ += (entry == nil ? ": " : ", ") + "field '\(field)'" }
        return "\(where_): \(problem)"
    }
}
