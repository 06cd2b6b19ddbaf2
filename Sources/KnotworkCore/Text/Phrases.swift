/// The phrases the coach speaks and the reasons a plan gives, by key.
public struct Phrases: Sendable, Equatable {
    public let templates: [String: Template]

    /// The phrase for a key with its placeholders filled in.
    public func render(_ key: String, _ values: [String: String] = [:]) -> String {
        guard let template = templates[key] else {
            preconditionFailure("a validated catalog has every phrase; \(key) is missing")
        }
        return template.render(values)
    }
}

extension Phrases {
    /// "1 session", "3 sessions".
    public func sessions(_ count: Int) -> String {
        render(count == 1 ? "count.sessions-one" : "count.sessions", ["count": String(count)])
    }

    /// "a", "a and b", "a, b and c" (`list.and`).
    public func list(_ items: [String]) -> String {
        guard items.count > 1, let last = items.last else { return items.first ?? "" }
        return render("list.and", ["items": items.dropLast().joined(separator: ", "), "last": last])
    }

    /// "a", "a or b", "a, b or c" (`list.or`).
    public func either(_ items: [String]) -> String {
        guard items.count > 1, let last = items.last else { return items.first ?? "" }
        return render("list.or", ["items": items.dropLast().joined(separator: ", "), "last": last])
    }
}
