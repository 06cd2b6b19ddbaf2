import Foundation
import GRDB
import KnotworkCore
import KnotworkJournal
import KnotworkSession

/// `knotwork-bench checkpoints`: what a live session's checkpoint writes, saved in two parts (the
/// journal's store: the plan once, then the moving part) against the whole record saved every
/// time (what the store did before v6, done here with the same statement on a v5-shaped table
/// in a file of its own, as durable: WAL, `synchronous = FULL`). Both save the same checkpoints
/// of one session, taken as it runs. Measured: the bytes of JSON each later save writes, the
/// bytes the process hands to the file system for them (`wchar` of /proc/self/io: WAL frames,
/// checkpoints into the file), and the time.
func checkpointsBenchmark(saves: Int, folder: URL) async throws {
    let catalog = try Catalog.bundled()
    guard case .plan(let plan) = try Planner(catalog: catalog).plan(PlanRequest(regions: ["outer-hip", "low-back", "buttock"])) else {
        fail("no plan for the outer hip, low back and buttock")
    }
    var machine = SessionMachine(plan: plan, cues: CueBook(catalog: catalog))
    var live = LiveSessionRecord(
        startedAt: now, timeZone: "Europe/Berlin", painBefore: 6, plan: plan, checkpoint: machine.checkpoint(at: .zero),
        updatedAt: now)
    _ = machine.handle(.start, at: .zero)
    // One checkpoint per cue of the session, and some more: every `step` of its planned time, as
    // the coach saves on each cue and event. Past the end, the finished state again.
    let step = Duration.seconds(plan.totalSeconds) / max(saves, 1)
    var records: [LiveSessionRecord] = []
    for index in 1...saves {
        let time = step * index
        _ = machine.advance(to: time)
        live.record(machine, at: time)
        live.updatedAt = now.addingTimeInterval(Double(index))
        records.append(live)
    }
    let first = records[0]

    let encoder = JSONEncoder()
    encoder.outputFormatting = .sortedKeys
    encoder.dateEncodingStrategy = .iso8601
    var movingBytes = 0
    var wholeBytes = 0
    for record in records.dropFirst() {
        movingBytes += try record.storedMoving().count
        wholeBytes += try encoder.encode(record).count
    }
    let later = Double(max(records.count - 1, 1))
    print(
        String(
            format: "plan of %d steps; fixed part %d bytes, written once; whole record %d bytes at the first save", plan.steps.count,
            try first.storedFixed().count, try encoder.encode(first).count))
    print(
        String(
            format: "JSON per later save: moving part %.0f bytes, whole record %.0f bytes", Double(movingBytes) / later,
            Double(wholeBytes) / later))

    // The old way: a v5-shaped table (owner and its foreign key included) and the statement the
    // store ran before v6.
    let oldPool = try DatabasePool(path: folder.appendingPathComponent("checkpoints-old.sqlite").path)
    try await oldPool.barrierWriteWithoutTransaction { db in
        try db.execute(sql: "PRAGMA synchronous = FULL")
        try db.execute(
            sql: """
                CREATE TABLE account (id TEXT PRIMARY KEY NOT NULL, createdAt INTEGER NOT NULL);
                INSERT INTO account VALUES ('\(AccountID.local)', 0);
                CREATE TABLE liveSession (id TEXT PRIMARY KEY NOT NULL, owner TEXT NOT NULL REFERENCES account(id) ON DELETE CASCADE,
                  updatedAt INTEGER NOT NULL, record TEXT NOT NULL);
                CREATE INDEX liveSession_by_owner ON liveSession (owner, updatedAt, id);
                """)
    }
    func saveOld(_ record: LiveSessionRecord) async throws {
        let text = String(decoding: try encoder.encode(record), as: UTF8.self)
        let arguments: StatementArguments = [
            record.id.uuidString.lowercased(), AccountID.local.description, Int64(record.updatedAt.timeIntervalSince1970), text,
        ]
        try await oldPool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO liveSession (id, owner, updatedAt, record) VALUES (?, ?, ?, ?) \
                    ON CONFLICT (id) DO UPDATE SET updatedAt = excluded.updatedAt, record = excluded.record WHERE owner = excluded.owner
                    """, arguments: arguments)
        }
    }
    let store = try SQLiteJournalStore(path: folder.appendingPathComponent("checkpoints-new.sqlite").path)
    try await store.save(first, owner: .local)
    try await saveOld(first)

    // Alternating rounds, so that drift in the machine's speed falls on both alike.
    var newTimes: [Double] = []
    var oldTimes: [Double] = []
    var newWritten: [Int] = []
    var oldWritten: [Int] = []
    for round in 0..<3 {
        progress("round \(round + 1) of 3: \(records.count - 1) saves each way…")
        var before = bytesWritten()
        newTimes.append(try await seconds { for record in records.dropFirst() { try await store.save(record, owner: .local) } })
        newWritten.append(bytesWritten() - before)
        before = bytesWritten()
        oldTimes.append(try await seconds { for record in records.dropFirst() { try await saveOld(record) } })
        oldWritten.append(bytesWritten() - before)
    }
    if bytesWritten() > 0 {
        print(
            String(
                format: "written to files per later save (median of 3): two parts %.0f bytes, whole record %.0f bytes (%.2fx)",
                Double(median(newWritten.map(Double.init))) / later, Double(median(oldWritten.map(Double.init))) / later,
                median(newWritten.map(Double.init)) / median(oldWritten.map(Double.init))))
    }
    print(
        String(
            format: "%d later saves (median of 3): two parts %.3f s, whole record %.3f s (%.2fx the time)", records.count - 1,
            median(newTimes), median(oldTimes), median(newTimes) / median(oldTimes)))
    print(String(format: "checkpoint JSON per later save, two parts vs whole record: %.3fx", Double(movingBytes) / Double(wholeBytes)))
}

/// Bytes this process has handed to `write` and its kin so far (`wchar`), or 0 where
/// /proc/self/io cannot be read.
private func bytesWritten() -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/io", encoding: .utf8) else { return 0 }
    for line in text.split(separator: "\n") where line.hasPrefix("wchar:") {
        return Int(line.dropFirst("wchar:".count).trimmingCharacters(in: .whitespaces)) ?? 0
    }
    return 0
}
