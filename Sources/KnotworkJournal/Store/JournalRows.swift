import Foundation
import GRDB
import KnotworkCore
import KnotworkSession

// The journal's tables as GRDB records: each row type holds its columns as stored, and turns
// into its public record only through checks that name the table, the row's id and the column
// of any value this version cannot read (``StoredRow``). Column names are the coding keys. Every
// row has its owner, an account's id; requests for an owner's rows start at `owned(by:)`.

/// A row type of a table whose rows belong to accounts.
protocol OwnedRow: FetchableRecord, TableRecord {}

extension OwnedRow {
    /// The rows of one account: where every request of the store starts.
    static func owned(by owner: AccountID) -> QueryInterfaceRequest<Self> {
        filter(Column("owner") == owner.description)
    }

    /// The row of one account with this id, if that account has it.
    static func owned(by owner: AccountID, id: UUID) -> QueryInterfaceRequest<Self> {
        owned(by: owner).filter(Column("id") == id.lowercased)
    }
}

extension SessionRow: OwnedRow {}
extension PainRatingRow: OwnedRow {}
extension ScreeningRow: OwnedRow {}
extension LiveSessionRow: OwnedRow {}

/// A row of `session`.
struct SessionRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "session"

    var id: String
    var owner: String
    var startedAt: StoredSeconds
    var timeZone: String
    var endedAt: StoredSeconds?
    var regions: String
    var side: String?
    var painBefore: Int?
    var painAfter: Int?
    var pressureSeconds: Int
    var steps: String
    var plan: String?
    var note: String?
    var source: String

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let startedAt = Column(CodingKeys.startedAt)
        static let painBefore = Column(CodingKeys.painBefore)
        static let painAfter = Column(CodingKeys.painAfter)
        static let regions = Column(CodingKeys.regions)
    }

    init(_ session: SessionRecord, owner: AccountID) throws {
        id = session.id.lowercased
        self.owner = owner.description
        startedAt = StoredSeconds(session.startedAt)
        timeZone = session.timeZone
        endedAt = session.endedAt.map(StoredSeconds.init)
        regions = try StoredJSON.regions(session.regions)
        side = session.side?.rawValue
        painBefore = session.painBefore
        painAfter = session.painAfter
        pressureSeconds = session.pressureSeconds
        steps = session.steps.isEmpty ? "[]" : try StoredJSON.text(session.steps)
        plan = try session.plan.map(StoredJSON.text)
        note = session.note
        source = session.source.rawValue
    }

    func record() throws(JournalError) -> SessionRecord {
        let row = StoredRow(table: Self.databaseTableName, id: id)
        return SessionRecord(
            id: try row.uuid(), startedAt: try row.date("startedAt", startedAt), timeZone: timeZone,
            endedAt: try row.dateIfAny("endedAt", endedAt),
            regions: try row.json("regions", regions, as: [RegionID].self, "a list of region ids"),
            side: try row.choice("side", side) as Side?, painBefore: painBefore, painAfter: painAfter, pressureSeconds: pressureSeconds,
            steps: try row.json("steps", steps, as: [StepOutcome].self, "a list of step outcomes"),
            plan: try plan.map { plan throws(JournalError) in try row.json("plan", plan, as: Plan.self, "a plan") },
            note: note, source: try row.choice("source", source) as SessionRecord.Source)
    }
}

/// A row of `painRating`.
struct PainRatingRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "painRating"

    var id: String
    var owner: String
    var at: StoredSeconds
    var timeZone: String
    var pain: Int
    var region: String?
    var side: String?
    var note: String?

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let at = Column(CodingKeys.at)
    }

    init(_ rating: PainRating, owner: AccountID) {
        id = rating.id.lowercased
        self.owner = owner.description
        at = StoredSeconds(rating.at)
        timeZone = rating.timeZone
        pain = rating.pain
        region = rating.region
        side = rating.side?.rawValue
        note = rating.note
    }

    func record() throws(JournalError) -> PainRating {
        let row = StoredRow(table: Self.databaseTableName, id: id)
        return PainRating(
            id: try row.uuid(), at: try row.date("at", at), timeZone: timeZone, pain: pain, region: region,
            side: try row.choice("side", side) as Side?, note: note)
    }
}

/// A row of `screening`: a full screening or a check-in.
struct ScreeningRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "screening"

    var id: String
    var owner: String
    var at: StoredSeconds
    var timeZone: String
    var kind: String
    var verdict: String
    var answers: String
    var usedAt: StoredSeconds?

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let at = Column(CodingKeys.at)
        static let kind = Column(CodingKeys.kind)
        static let usedAt = Column(CodingKeys.usedAt)
    }

    init(_ screening: ScreeningRecord, owner: AccountID) throws {
        id = screening.id.lowercased
        self.owner = owner.description
        at = StoredSeconds(screening.at)
        timeZone = screening.timeZone
        kind = screening.kind.rawValue
        verdict = screening.verdict.rawValue
        answers = try StoredJSON.text(screening.answers)
        usedAt = screening.usedAt.map(StoredSeconds.init)
    }

    /// An unknown verdict is an error, never `clear`: read as clear, a stored `stop` gone bad
    /// would let a session start unscreened.
    func record() throws(JournalError) -> ScreeningRecord {
        let row = StoredRow(table: Self.databaseTableName, id: id)
        return ScreeningRecord(
            id: try row.uuid(), at: try row.date("at", at), timeZone: timeZone, kind: try row.choice("kind", kind),
            verdict: try row.choice("verdict", verdict),
            answers: try row.json("answers", answers, as: [QuestionID: Bool].self, "answers (question id to yes or no)"),
            usedAt: try row.dateIfAny("usedAt", usedAt))
    }
}

/// A row of `liveSession` with its fixed part from `liveSessionFixed`: a coached session's
/// checkpoint in two parts, or (written before v6) whole in `record`.
struct LiveSessionRow: Decodable, FetchableRecord, TableRecord {
    static let databaseTableName = "liveSession"

    var id: String
    var owner: String
    var updatedAt: StoredSeconds
    var record: String?
    var moving: String?
    var fixed: String?

    /// The owner's rows, each with its fixed part, in the order `order` (SQL) puts them.
    static func sql(where condition: String, order: String = "") -> String {
        """
        SELECT l.id, l.owner, l.updatedAt, l.record, l.moving, f.fixed FROM liveSession l \
        LEFT JOIN liveSessionFixed f ON f.id = l.id WHERE \(condition) \(order)
        """
    }

    func liveSession() throws(JournalError) -> LiveSessionRecord {
        let row = StoredRow(table: Self.databaseTableName, id: id)
        _ = try row.date("updatedAt", updatedAt)
        if let moving {
            guard let fixed else { throw row.unreadable("fixed", "is missing: the moving part has no fixed part") }
            return try LiveSessionRecord(fixed: Data(fixed.utf8), moving: Data(moving.utf8), id: id, table: Self.databaseTableName)
        }
        guard let record else { throw row.unreadable("record", "is missing, and so is the moving part") }
        return try LiveSessionRecord(record: Data(record.utf8), id: id, table: Self.databaseTableName)
    }
}
