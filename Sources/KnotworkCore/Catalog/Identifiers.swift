/// Identifier of a muscle in the catalog, such as `gluteus-medius`.
public typealias MuscleID = String
/// Identifier of a body region where pain is felt, such as `outer-hip`.
public typealias RegionID = String
/// Identifier of a tool, such as `lacrosse-ball`.
public typealias ToolID = String
/// Identifier of a screening question: a red flag (`rf-…`) or a precaution (`pc-…`).
public typealias QuestionID = String

/// How deep a muscle lies under the skin.
public enum Depth: String, Codable, Sendable, CaseIterable {
    case superficial, intermediate, deep
}

/// The broad kind of a tool, which decides the technique used with it.
public enum ToolKind: String, Codable, Sendable, CaseIterable {
    /// A foam roller: broad, sweeping work.
    case roller
    /// A small ball: precise, sustained pressure on one spot.
    case ball
}

/// How hard a tool is.
public enum Firmness: String, Codable, Sendable, CaseIterable, Comparable {
    case soft, medium, firm

    var rank: Int {
        switch self {
        case .soft: 0
        case .medium: 1
        case .firm: 2
        }
    }

    public static func < (lhs: Firmness, rhs: Firmness) -> Bool { lhs.rank < rhs.rank }
}

/// Which side of the body a request covers.
public enum Side: String, Codable, Sendable, CaseIterable {
    case left, right, both

    /// The body sides a session works on, in the order it works them.
    public var bodySides: [BodySide] {
        switch self {
        case .left: [.left]
        case .right: [.right]
        case .both: [.left, .right]
        }
    }
}

/// One side of the body, as a single step works on it.
public enum BodySide: String, Codable, Sendable, CaseIterable {
    case left, right
}

/// The techniques of the protocol. Their dosage and wording are data (`techniques.json`); the
/// set itself is code because the planner gives each one its place in a session.
public enum TechniqueID: String, Codable, Sendable, CaseIterable {
    case warmUp = "warm-up"
    case hydrate
    case foamRoll = "foam-roll"
    case sustainedPressure = "sustained-pressure"
    case pinAndStretch = "pin-and-stretch"
    case releaseAndSearch = "release-and-search"

    /// Whether time spent in this technique counts toward the session's pressure limit.
    public var isPressure: Bool {
        switch self {
        case .foamRoll, .sustainedPressure, .pinAndStretch: true
        case .warmUp, .hydrate, .releaseAndSearch: false
        }
    }

    /// Whether this is deep pressure on one spot (a ball hold, pin and stretch): what the rest
    /// rule keeps off a muscle for a day, and what a "shorter holds" precaution caps.
    public var isDeepPressure: Bool { self == .sustainedPressure || self == .pinAndStretch }
}

/// How urgently a red flag needs care.
public enum CareLevel: String, Codable, Sendable, CaseIterable, Comparable {
    case emergency
    case sameDay = "same-day"
    case soon

    /// Lower is more urgent.
    var urgency: Int {
        switch self {
        case .emergency: 0
        case .sameDay: 1
        case .soon: 2
        }
    }

    public static func < (lhs: CareLevel, rhs: CareLevel) -> Bool { lhs.urgency < rhs.urgency }
}

extension ToolKind: CodingKeyRepresentable {}
