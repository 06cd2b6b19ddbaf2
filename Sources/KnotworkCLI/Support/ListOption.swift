/// Splits repeatable, comma-separated option values: `--where a,b --where c` → `[a, b, c]`.
func commaSeparated(_ values: [String]) -> [String] {
    values.flatMap { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
}
