/// A massage tool.
public struct Tool: Codable, Sendable, Equatable {
    public let id: ToolID
    public let name: String
    public let kind: ToolKind
    public let firmness: Firmness
    public let note: String
}
