// Benchmarks of the journal and the session engine. Each prints its measurements, then a last line with the figure: a ratio
// measured in this same run, so machine noise affects both sides alike.
//
//   swift run -c release knotwork-bench history [--sizes 1000,100000,1000000]
//   swift run -c release knotwork-bench import [--sessions 100000] [--breakdown]
//   swift run -c release knotwork-bench cues [--minutes 10]
//   swift run -c release knotwork-bench accounts [--accounts 1000] [--sessions 1000]
//   swift run -c release knotwork-bench checkpoints [--saves 1000]
//   swift run -c release knotwork-bench postgres --database URL [--sessions 1000] [--rounds 400]
//
// --breakdown also times the parts of an import: parsing, decoding with JSONDecoder for
// comparison, reading with validation, and the inserts.
import Foundation
import GRDB
import KnotworkCore
import KnotworkJournal
import KnotworkSession

let arguments = Array(CommandLine.arguments.dropFirst())

func option(_ name: String) -> String? {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
    return arguments[index + 1]
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("knotwork-bench: \(message)\n".utf8))
    exit(64)
}

func progress(_ message: String) {
    FileHandle.standardError.write(Data("  \(message)\n".utf8))
}

func seconds(_ body: () async throws -> Void) async rethrows -> Double {
    let clock = ContinuousClock()
    let elapsed = try await clock.measure { try await body() }
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted[sorted.count / 2]
}

let now = Date().wholeSeconds
let regions = ["outer-hip", "low-back", "buttock", "sacrum"]

/// A session every four hours going back from now: every journal has the same ~180 sessions in
/// its last 30 days, however long its history.
func syntheticSession(_ index: Int) -> SessionRecord {
    SessionRecord(
        id: UUID(), startedAt: now.addingTimeInterval(-Double(index) * 4 * 3600), timeZone: "Europe/Berlin",
        regions: [regions[index % regions.count]], side: .left, painBefore: 3 + index % 6, painAfter: 1 + index % 4,
        pressureSeconds: 300 + index % 200, note: index % 5 == 0 ? "note \(index)" : nil, source: .log)
}

let folder = FileManager.default.temporaryDirectory.appendingPathComponent("knotwork-bench-\(UUID().uuidString)")
try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: folder) }

switch arguments.first {
case "history":
    let sizes = (option("--sizes") ?? "1000,100000,1000000").split(separator: ",").compactMap { Int($0) }
    guard sizes.count >= 2, sizes.allSatisfy({ $0 > 0 }) else { fail("--sizes needs at least two positive counts, e.g. 1000,1000000") }
    var medians: [Int: Double] = [:]
    for size in sizes {
        let path = folder.appendingPathComponent("history-\(size).sqlite").path
        progress("filling a journal with \(size) sessions…")
        let store = try SQLiteJournalStore(path: path)
        var done = 0
        while done < size {
            let batch = (done..<min(size, done + 50_000)).map(syntheticSession)
            _ = try await store.restore(JournalBackup(exportedAt: now, sessions: batch), owner: .local)
            done += batch.count
        }
        var times: [Double] = []
        var windowCount = 0
        let phrases = try Catalog.bundled().phrases
        for _ in 0..<30 {
            times.append(
                try await seconds {
                    let reader = try SQLiteJournalStore(path: path)
                    let sessions = try await reader.sessions(SessionQuery(from: now.addingTimeInterval(-30 * 86_400)), owner: .local)
                    windowCount = sessions.count
                    _ = HistorySummary(sessions: sessions, phrases: phrases)
                })
        }
        medians[size] = median(times)
        print(
            String(
                format: "%9d sessions: history of the last 30 days (%d sessions) median %.2f ms", size, windowCount, median(times) * 1000))
    }
    let smallest = sizes.min()!
    let largest = sizes.max()!
    print(String(format: "history %d/%d: %.2fx", largest, smallest, medians[largest]! / medians[smallest]!))

case "import":
    let count = Int(option("--sessions") ?? "100000") ?? 0
    guard count > 0 else { fail("--sessions needs a positive count") }
    progress("writing a JSON export of \(count) sessions…")
    let backup = JournalBackup(exportedAt: now, sessions: (0..<count).map(syntheticSession))
    let file = folder.appendingPathComponent("export.json")
    try JournalBackup.encoder().encode(backup).write(to: file)
    let validator = RecordValidator(catalog: try Catalog.bundled())

    if arguments.contains("--breakdown") {
        let data = try Data(contentsOf: file)
        var decoded: JournalBackup?
        let decode = try await seconds { decoded = try JournalBackup.decoder().decode(JournalBackup.self, from: data) }
        let validate = try await seconds { _ = try validator.readBackup(data) }
        let store = try SQLiteJournalStore(path: folder.appendingPathComponent("breakdown.sqlite").path)
        let insert = try await seconds { _ = try await store.restore(decoded!, owner: .local) }
        let parse = try await seconds { _ = try JSONValue.parse(data) }
        print(String(format: "byte parse %.2f s, ", parse), terminator: "")
        print(String(format: "decode %.2f s, decode+validate %.2f s, restore %.2f s", decode, validate, insert))
    }
    var importRates: [Double] = []
    var rawRates: [Double] = []
    for round in 0..<3 {
        progress("round \(round + 1) of 3")
        let importTime = try await seconds {
            let store = try SQLiteJournalStore(path: folder.appendingPathComponent("import-\(round).sqlite").path)
            // As `knotwork import` reads it: a record at a time, inside the journal's transaction.
            let counts = try await store.restore(owner: .local) { add in try validator.readFile(file.path, as: .json, each: add) }
            precondition(counts.added == count)
        }
        importRates.append(Double(count) / importTime)

        // The baseline: the same rows as plain GRDB inserts in one transaction, values ready, the
        // owner (and its foreign key) included as the journal writes it.
        let rawStore = try SQLiteJournalStore(path: folder.appendingPathComponent("raw-\(round).sqlite").path)
        _ = rawStore
        let rows: [StatementArguments] = backup.sessions.map { session in
            [
                session.id.uuidString.lowercased(), AccountID.local.description, Int64(session.startedAt.timeIntervalSince1970),
                session.timeZone,
                session.endedAt.map { Int64($0.timeIntervalSince1970) }, "[\"\(session.regions[0])\"]",
                session.side?.rawValue, session.painBefore, session.painAfter, session.pressureSeconds, "[]", nil, session.note,
                session.source.rawValue,
            ]
        }
        // As durable as the journal: FULL set after the pool opens, since the pool sets NORMAL on
        // its writer when it turns WAL on (set in `prepareDatabase`, it never held, and the
        // baseline ran lighter than the journal once the journal's own setting was fixed).
        let pool = try DatabasePool(path: folder.appendingPathComponent("raw-\(round).sqlite").path)
        try pool.barrierWriteWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        let rawTime = try await seconds {
            try await pool.write { db in
                let statement = try db.makeStatement(
                    sql:
                        "INSERT INTO session (id, owner, startedAt, timeZone, endedAt, regions, side, painBefore, painAfter, pressureSeconds, steps, plan, note, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                )
                for row in rows { try statement.execute(arguments: row) }
            }
        }
        rawRates.append(Double(count) / rawTime)
    }
    let importRate = median(importRates)
    let rawRate = median(rawRates)
    print(String(format: "knotwork import (streamed read + validate + insert): %.0f sessions/s", importRate))
    print(String(format: "raw GRDB inserts, one transaction:         %.0f sessions/s", rawRate))
    print(String(format: "import/raw: %.2fx", importRate / rawRate))

case "accounts":
    let accounts = Int(option("--accounts") ?? "1000") ?? 0
    let sessionsEach = Int(option("--sessions") ?? "1000") ?? 0
    guard accounts >= 2, sessionsEach >= 1 else { fail("--accounts needs at least 2 and --sessions at least 1") }
    try await accountsBenchmark(accounts: accounts, sessionsEach: sessionsEach, folder: folder)
case "checkpoints":
    let saves = Int(option("--saves") ?? "1000") ?? 0
    guard saves >= 2 else { fail("--saves needs at least 2") }
    try await checkpointsBenchmark(saves: saves, folder: folder)
case "postgres":
    guard let url = option("--database") else {
        fail(
            "postgres needs --database postgres://user@host:port/database, a database it may create a schema in; start a private server with scripts/postgres start DIR, which prints its URL"
        )
    }
    let sessions = Int(option("--sessions") ?? "1000") ?? 0
    let rounds = Int(option("--rounds") ?? "400") ?? 0
    guard sessions >= 50, rounds >= 3 else { fail("--sessions needs at least 50 and --rounds at least 3") }
    try await postgresBenchmark(url: url, sessions: sessions, rounds: rounds, folder: folder)
case "cues":
    let minutes = Int(option("--minutes") ?? "10") ?? 0
    guard (3...120).contains(minutes) else { fail("--minutes must be 3–120") }
    try await CueTiming.run(minutes: minutes)

default:
    fail(
        "usage: knotwork-bench history [--sizes …] | import [--sessions N] [--breakdown] | cues [--minutes 10] | accounts [--accounts N] [--sessions N] | checkpoints [--saves N] | postgres --database URL [--sessions N] [--rounds N]"
    )
}
