/// Finds the valid value a mistyped one was probably meant to be.
public enum Suggestion {
    /// The closest candidate to `value`, if it is close enough to be a likely typo: an edit
    /// distance of at most a third of its length (at least 1, at most 3), or a unique prefix.
    public static func closest(to value: String, in candidates: [String]) -> String? {
        let needle = value.lowercased()
        guard !needle.isEmpty else { return nil }
        let prefixed = candidates.filter { $0.lowercased().hasPrefix(needle) }
        if prefixed.count == 1 { return prefixed[0] }
        let limit = Swift.min(3, Swift.max(1, needle.count / 3))
        var best: (candidate: String, distance: Int)?
        for candidate in candidates {
            let distance = editDistance(needle, candidate.lowercased())
            if distance <= limit, distance < (best?.distance ?? Int.max) {
                best = (candidate, distance)
            }
        }
        return best?.candidate
    }

    /// Edit distance between two strings, by characters, where swapping two neighbours counts
    /// as one edit (optimal string alignment), since that is the commonest typing slip.
    public static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { table[i][0] = i }
        for j in 0...b.count { table[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                table[i][j] = Swift.min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    table[i][j] = Swift.min(table[i][j], table[i - 2][j - 2] + 1)
                }
            }
        }
        return table[a.count][b.count]
    }

    /// "valid: a, b, c", or "did you mean 'b'? (valid: a, b, c)" when one is close.
    public static func hint(for value: String, in candidates: [String]) -> String {
        let valid = "valid: " + candidates.joined(separator: ", ")
        if let close = closest(to: value, in: candidates) {
            return "did you mean '\(close)'? (\(valid))"
        }
        return valid
    }
}
