/// Spoken and printed lengths of time.
public enum TimeText {
    /// "45 seconds", "1 minute", "1 minute 30 seconds", "2 minutes".
    public static func spoken(_ seconds: Int) -> String {
        let minutes = seconds / 60
        let rest = seconds % 60
        func unit(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
        switch (minutes, rest) {
        case (0, _): return unit(rest, "second")
        case (_, 0): return unit(minutes, "minute")
        default: return unit(minutes, "minute") + " " + unit(rest, "second")
        }
    }

    /// "0:45", "1:30", "12:05".
    public static func clock(_ seconds: Int) -> String {
        let rest = seconds % 60
        return "\(seconds / 60):\(rest < 10 ? "0" : "")\(rest)"
    }
}
