import Foundation
import GRDB
import KnotworkCore
import KnotworkJournal
import Synchronization
import Testing

/// A fresh journal file in its own temporary folder, for one test.
struct TemporaryJournal {
    let folder: URL
    let store: SQLiteJournalStore

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("knotwork-tests-\(UUID().uuidString)")
        store = try SQLiteJournalStore(path: folder.appendingPathComponent("nested/journal.sqlite").path)
    }

    var path: String { store.path }
}

/// A fresh store of one kind, for one test: what the store contract runs against.
struct StoreFactory: Sendable, CustomTestStringConvertible {
    let name: String
    let make: @Sendable () async throws -> any JournalStore

    var testDescription: String { name }

    /// Every store there is: a journal file, the same store on an in-memory GRDB queue, and,
    /// when `KNOTWORK_TEST_POSTGRES_URL` names a PostgreSQL database (scripts/test starts one),
    /// the PostgreSQL store, each in a schema of its own.
    static let all: [StoreFactory] = {
        var all = sqlite
        if let url = postgresURL {
            all.append(StoreFactory(name: "PostgreSQL") { try await freshPostgres(url) })
        }
        return all
    }()

    /// The SQLite stores: a journal file, and the same store on an in-memory GRDB queue.
    static let sqlite = [
        StoreFactory(name: "SQLite file") { try TemporaryJournal().store },
        StoreFactory(name: "SQLite in memory") { try SQLiteJournalStore(writer: DatabaseQueue()) },
    ]

    /// The PostgreSQL database the tests may use, if any.
    static let postgresURL = ProcessInfo.processInfo.environment["KNOTWORK_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
}

/// A PostgreSQL store in a new schema of the test database: as empty as a new journal file.
func freshPostgres(_ url: String, connections: Int = 4) async throws -> PostgresJournalStore {
    let schema = "test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
    return try await PostgresJournalStore(url: url, schema: schema, connections: connections)
}

let utc = TimeZone(identifier: "UTC")!

/// 2026-11-`day` at `hour`:00 UTC.
func november(_ day: Int, _ hour: Int = 8) -> Date {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = utc
    return calendar.date(from: DateComponents(year: 2026, month: 11, day: day, hour: hour))!
}

func session(
    day: Int, before: Int? = 6, after: Int? = 3, regions: [String] = ["outer-hip"], note: String? = nil,
    source: SessionRecord.Source = .log
) -> SessionRecord {
    SessionRecord(
        startedAt: november(day), timeZone: "Europe/Berlin", regions: regions, side: .left, painBefore: before,
        painAfter: after, note: note, source: source)
}

let catalog = try! Catalog.bundled()

/// The bundled catalog's phrases with some rewritten: what is worded from them proves its words
/// come from the phrase file, not from code.
func reworded(_ changes: [String: String]) throws -> Phrases {
    var files = Catalog.bundledFiles()
    var object = try JSONSerialization.jsonObject(with: files["phrases.en.json"]!) as! [String: Any]
    var phrases = object["phrases"] as! [String: Any]
    for (key, text) in changes { phrases[key] = text }
    object["phrases"] = phrases
    files["phrases.en.json"] = try JSONSerialization.data(withJSONObject: object)
    return try Catalog.decode(files: files).phrases
}

/// A store in memory that notes every statement it runs, as SQLite expanded it: what a test of
/// which queries run (and which do not) reads.
func tracedStore() throws -> (SQLiteJournalStore, StatementTrace) {
    let statements = StatementTrace()
    var configuration = Configuration()
    configuration.prepareDatabase { db in
        db.trace(options: .statement) { event in
            if case .statement(let statement) = event { statements.withLock { $0.append(statement.expandedSQL) } }
        }
    }
    return (try SQLiteJournalStore(writer: DatabaseQueue(configuration: configuration)), statements)
}

/// The statements a traced store ran, in order.
final class StatementTrace: Sendable {
    private let list = Mutex<[String]>([])

    func withLock<T>(_ body: (inout [String]) -> T) -> T {
        list.withLock { body(&$0) }
    }
}
