import KnotworkCore

/// Exit codes, as `--help` documents them.
public enum ExitStatus {
    /// A red flag was answered yes: no self-treatment; the care message was printed.
    public static let redFlag: Int32 = 3
    /// A precaution rules out all pressure work (a recent operation): no plan; what is still
    /// allowed was printed.
    public static let noPressureWork: Int32 = 4
    /// A server could not be reached, or refused (`login`, `logout`).
    public static let unavailable: Int32 = 69
    /// A usage error: an unknown or out-of-range value.
    public static let usage: Int32 = 64
    /// A bad data file: a catalog file, or a file given to import.
    public static let dataError: Int32 = 65
    /// An output file cannot be written.
    public static let cannotCreate: Int32 = 73
    /// The journal file cannot be opened or written, or holds a record this version cannot read.
    public static let ioError: Int32 = 74
}

/// A red flag stopped the command; the care message has already been printed.
struct RedFlagStop: Error {}

/// A precaution ruled out pressure work; why, and what is still allowed, has been printed.
struct NoPressureWork: Error {}

/// Text shared by every command's `--help`.
enum HelpText {
    static let exitCodes = """
        Exit codes: 0 done; 3 a red flag was answered yes (no self-treatment: the care message \
        says where to get help); 4 a precaution rules out pressure work for now (a recent \
        operation: the message says what is still fine); 64 a bad value on the command line (the message names it and \
        the valid ones); 65 a bad data file (the message names the row or record and the \
        field); 73 an output file cannot be written; 74 the journal cannot be opened or written, or holds a record this version cannot \
        read (the message names its table, row and column).
        """

    /// The catalog's ids of one kind, for an option's help: `low-back, sacrum, …`; the
    /// catalog's own error is said when the command runs.
    static func ids(_ list: (Catalog) -> [String]) -> String {
        BundledCatalog.shared.map { list($0).joined(separator: ", ") } ?? "see 'knotwork catalog'"
    }

    /// A range of seconds as help text says it: `30–60 s`, `1–2 minutes`.
    static func seconds(_ range: ClosedRange<Int>) -> String {
        range.lowerBound.isMultiple(of: 60) && range.upperBound.isMultiple(of: 60)
            ? "\(range.lowerBound / 60)–\(range.upperBound / 60) minutes" : "\(range.lowerBound)–\(range.upperBound) s"
    }

    /// A command's own discussion, then a blank line and the exit codes.
    static func discussion(_ text: String) -> String {
        text.trimmingCharacters(in: .newlines) + "\n\n" + exitCodes
    }

    static let disclaimer = """
        Knotwork is a self-care aid, not a diagnosis. Stop at once on sharp, shooting or burning \
        pain, numbness or tingling.
        """
}
