import Foundation
import KnotworkCore
import KnotworkSession

/// One self-massage session: when, where, what was done and how the pain changed.
public struct SessionRecord: Codable, Sendable, Equatable, Identifiable {
    /// How the session reached the journal.
    public enum Source: String, Codable, Sendable, CaseIterable {
        /// Logged by hand with `knotwork log`.
        case log
        /// Coached by `knotwork start` or the web app.
        case coach
    }

    public var id: UUID
    /// When it started, in UTC (whole seconds).
    public var startedAt: Date
    /// The person's time zone then, as an IANA identifier (`Europe/Berlin`).
    public var timeZone: String
    public var endedAt: Date?
    /// Where it hurt; region ids.
    public var regions: [RegionID]
    public var side: Side?
    /// Pain before, 0–10 (numeric rating scale).
    public var painBefore: Int?
    /// Pain after, 0–10.
    public var painAfter: Int?
    /// Seconds of pressure work done.
    public var pressureSeconds: Int
    /// What happened at each step; empty for a session logged by hand.
    public var steps: [StepOutcome]
    /// The plan followed, if any.
    public var plan: Plan?
    public var note: String?
    public var source: Source

    public init(
        id: UUID = UUID(), startedAt: Date, timeZone: String, endedAt: Date? = nil, regions: [RegionID],
        side: Side? = nil, painBefore: Int?, painAfter: Int?, pressureSeconds: Int = 0, steps: [StepOutcome] = [],
        plan: Plan? = nil, note: String? = nil, source: Source
    ) {
        self.id = id
        self.startedAt = startedAt.wholeSeconds
        self.timeZone = timeZone
        self.endedAt = endedAt?.wholeSeconds
        self.regions = regions
        self.side = side
        self.painBefore = painBefore
        self.painAfter = painAfter
        self.pressureSeconds = pressureSeconds
        self.steps = steps
        self.plan = plan
        self.note = note
        self.source = source
    }

    /// Before minus after, when both were rated: positive means less pain.
    public var painDrop: Int? {
        guard let painBefore, let painAfter else { return nil }
        return painBefore - painAfter
    }
}

/// A pain rating on its own, outside a session.
public struct PainRating: Codable, Sendable, Equatable, Identifiable {
    public var id: UUID
    public var at: Date
    public var timeZone: String
    /// 0–10.
    public var pain: Int
    public var region: RegionID?
    public var side: Side?
    public var note: String?

    public init(
        id: UUID = UUID(), at: Date, timeZone: String, pain: Int, region: RegionID? = nil, side: Side? = nil,
        note: String? = nil
    ) {
        self.id = id
        self.at = at.wholeSeconds
        self.timeZone = timeZone
        self.pain = pain
        self.region = region
        self.side = side
        self.note = note
    }
}

/// A screening or a check-in and its verdict: what ``Catalog/clearance(_:now:)`` decides
/// from before each session.
public struct ScreeningRecord: Codable, Sendable, Equatable, Identifiable {
    public var id: UUID
    public var at: Date
    public var timeZone: String
    /// A full screening, or the short check-in before a session.
    public var kind: PastScreening.Kind
    public var verdict: ScreeningResult.Verdict
    /// Question id → yes.
    public var answers: [QuestionID: Bool]
    /// When a session started on these answers; nil while none has. Answers count for one session.
    public var usedAt: Date?

    public init(
        id: UUID = UUID(), at: Date, timeZone: String, kind: PastScreening.Kind = .full, verdict: ScreeningResult.Verdict,
        answers: [QuestionID: Bool], usedAt: Date? = nil
    ) {
        self.id = id
        self.at = at.wholeSeconds
        self.timeZone = timeZone
        self.kind = kind
        self.verdict = verdict
        self.answers = answers
        self.usedAt = usedAt?.wholeSeconds
    }

    private enum CodingKeys: String, CodingKey {
        case id, at, timeZone, kind, verdict, answers, usedAt
    }

    /// Records written before check-ins existed are full screenings.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(UUID.self, forKey: .id)
        at = try container.decode(Date.self, forKey: .at)
        timeZone = try container.decode(String.self, forKey: .timeZone)
        kind = try container.decodeIfPresent(PastScreening.Kind.self, forKey: .kind) ?? .full
        verdict = try container.decode(ScreeningResult.Verdict.self, forKey: .verdict)
        answers = try container.decode([QuestionID: Bool].self, forKey: .answers)
        usedAt = try container.decodeIfPresent(Date.self, forKey: .usedAt)
    }

    /// The record as the screening rule reads it.
    public var past: PastScreening { PastScreening(id: id, at: at, kind: kind, answers: answers, used: usedAt != nil) }
}

/// Free text a person keeps with a record.
public enum NoteText {
    /// Why a note cannot be kept as given, or nil when it can: a NUL would be cut off by the
    /// journal, so what was acknowledged would not be what was stored.
    public static func problem(_ note: String?) -> String? {
        guard let note, note.utf8.contains(0) else { return nil }
        return "holds a NUL character (\\0), which the journal cannot keep; remove it"
    }

    /// The note, or an ``InputError`` naming `field` when it cannot be kept.
    public static func checked(_ note: String?, field: String) throws(InputError) -> String? {
        if let problem = problem(note) { throw InputError(field: field, value: "\\0", problem: "\(field) \(problem)") }
        return note
    }
}

extension Date {
    /// This instant without its fraction of a second, so it survives every storage format intact.
    public var wholeSeconds: Date {
        Date(timeIntervalSince1970: timeIntervalSince1970.rounded(.down))
    }
}

/// Ids read and written byte by byte, kept hand-written because Foundation missed the import's
/// aim on this machine (`swift run -c release knotwork-bench import`, aim ≥ 0.5×): with
/// `UUID(uuidString:)` and `uuidString.lowercased()` at every call site the import gave a median
/// 0.39× in six runs (0.30–0.56×, 46,452–59,663 sessions/s), against 0.50× (0.39–0.73×,
/// 54,136–85,735 sessions/s) for these in eight runs interleaved with them. Each Foundation call
/// took about 3 µs here against 0.3–0.8 µs, and an import reads every record's id and writes it
/// again as its row's key.
extension UUID {
    /// The id as Knotwork writes it everywhere: lower-case hex with hyphens.
    public var lowercased: String {
        func digit(_ value: UInt8) -> UInt8 { value < 10 ? 48 + value : 87 + value }
        return withUnsafeBytes(of: uuid) { bytes in
            String(unsafeUninitializedCapacity: 36) { buffer in
                var position = 0
                for (index, byte) in bytes.enumerated() {
                    if index == 4 || index == 6 || index == 8 || index == 10 {
                        buffer[position] = UInt8(ascii: "-")
                        position += 1
                    }
                    buffer[position] = digit(byte >> 4)
                    buffer[position + 1] = digit(byte & 0x0F)
                    position += 2
                }
                return position
            }
        }
    }

    /// Reads the 8-4-4-4-12 hex form, in either case, as `UUID(uuidString:)` does.
    public init?(text: String) {
        var text = text
        guard
            let value = text.withUTF8({ bytes -> uuid_t? in
                guard bytes.count == 36 else { return nil }
                var out: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
                let parsed = withUnsafeMutableBytes(of: &out) { raw -> Bool in
                    var position = 0
                    for index in 0..<16 {
                        if index == 4 || index == 6 || index == 8 || index == 10 {
                            guard bytes[position] == UInt8(ascii: "-") else { return false }
                            position += 1
                        }
                        guard let high = Self.hexValue(bytes[position]), let low = Self.hexValue(bytes[position + 1]) else { return false }
                        raw[index] = high << 4 | low
                        position += 2
                    }
                    return true
                }
                return parsed ? out : nil
            })
        else { return nil }
        self.init(uuid: value)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 48...57: byte - 48
        case 97...102: byte - 87
        case 65...70: byte - 55
        default: nil
        }
    }
}
