import Foundation
import KnotworkCore
import KnotworkSession

// How every store keeps a live session: in two parts, so that the checkpoint saved on every cue
// and event does not write the plan again each time.
//
// - The fixed part (`fixed`, JSON with `"v": 2`): the plan and the engine's cue words and
//   pressure cap (its steps too, when they are not the plan's). Written once, by the first save
//   of the session's id; a session never changes its plan.
// - The moving part (`moving`, JSON with `"v": 2`): the engine's moving state (phase, step,
//   outcomes, pressure done, session times, pending cues by kind and time, frozen elapsed,
//   takenAt), the record's startedAt, timeZone and painBefore (a few bytes, replaced with the
//   rest as a save promises), and updatedAt. Written by every save.
// - Version 1, what stores wrote before: the whole record as JSON in one column, `record`.
//
// The functions are store-independent (bytes in, bytes out), for the SQLite and the PostgreSQL
// store alike; what cannot be read is a ``JournalError/unreadable(table:id:column:problem:)``
// naming the column `fixed`, `moving` or `record`.
extension LiveSessionRecord {
    /// The version of the two-part form, the `"v"` of both parts.
    public static let storedVersion = 2

    /// The part of the record that never changes during the session, to write once.
    /// - Throws: an `EncodingError` if a value cannot be encoded.
    public func storedFixed() throws -> Data {
        let fixed = checkpoint.fixed
        return try StoredJSON.encoder.encode(
            StoredFixed(
                v: Self.storedVersion, plan: plan, cues: fixed.cues, pressureCap: fixed.pressureCap,
                steps: fixed.steps == plan.steps ? nil : fixed.steps))
    }

    /// The part of the record that changes as the session goes, to write on every save.
    /// - Throws: an `EncodingError` if a value cannot be encoded.
    public func storedMoving() throws -> Data {
        try StoredJSON.encoder.encode(
            StoredMoving(
                v: Self.storedVersion, startedAt: startedAt, timeZone: timeZone, painBefore: painBefore, updatedAt: updatedAt,
                checkpoint: checkpoint.moving))
    }

    /// A record from its two stored parts.
    /// - Parameters:
    ///   - fixed: the fixed part, as ``storedFixed()`` wrote it.
    ///   - moving: the moving part, as ``storedMoving()`` wrote it.
    ///   - id: the row's id as stored (lower-case UUID text).
    ///   - table: the table, for errors.
    /// - Throws: ``JournalError/unreadable(table:id:column:problem:)`` naming `id`, `fixed` or
    ///   `moving` when a part is not JSON of a version this one reads, or the parts are not of
    ///   one session.
    public init(fixed: Data, moving: Data, id: String, table: String = "liveSession") throws(JournalError) {
        let row = StoredRow(table: table, id: id)
        let uuid = try row.uuid()
        let stored = try row.versioned("fixed", fixed, as: StoredFixed.self, "the fixed part of a live session")
        let now = try row.versioned("moving", moving, as: StoredMoving.self, "the moving part of a live session")
        let machine = SessionMachine.Fixed(
            steps: stored.steps ?? stored.plan.steps, cues: stored.cues, pressureCap: stored.pressureCap)
        let checkpoint: SessionMachine.Checkpoint
        do {
            checkpoint = try SessionMachine.Checkpoint(fixed: machine, moving: now.checkpoint)
        } catch {
            throw row.unreadable("moving", "is not of the session its fixed part holds (\(error))")
        }
        self.init(
            id: uuid, startedAt: now.startedAt, timeZone: now.timeZone, painBefore: now.painBefore, plan: stored.plan,
            checkpoint: checkpoint, updatedAt: now.updatedAt)
    }

    /// A record as stores wrote it before the two parts (version 1): the whole record as JSON.
    /// - Parameters:
    ///   - record: the whole record's JSON.
    ///   - id: the row's id as stored.
    ///   - table: the table, for errors.
    /// - Throws: ``JournalError/unreadable(table:id:column:problem:)`` naming `id` or `record`.
    public init(record: Data, id: String, table: String = "liveSession") throws(JournalError) {
        let row = StoredRow(table: table, id: id)
        _ = try row.uuid()
        self = try row.json("record", record, as: LiveSessionRecord.self, "a live session")
    }
}

/// The fixed part as JSON.
private struct StoredFixed: Codable {
    let v: Int
    let plan: Plan
    let cues: CueBook
    let pressureCap: Duration
    /// The engine's steps, only when they are not the plan's (never, as the coach and the
    /// server start sessions).
    let steps: [Step]?
}

/// The moving part as JSON.
private struct StoredMoving: Codable {
    let v: Int
    let startedAt: Date
    let timeZone: String
    let painBefore: Int?
    let updatedAt: Date
    let checkpoint: SessionMachine.Moving
}

/// The version a part says it is, read before the rest, whose shape depends on it.
private struct StoredVersion: Decodable {
    let v: Int?
}

extension StoredRow {
    /// A part with a `"v"`, decoded as `T` when it is version ``LiveSessionRecord/storedVersion``.
    fileprivate func versioned<T: Decodable>(_ column: String, _ data: Data, as type: T.Type, _ what: String) throws(JournalError) -> T {
        let version = try json(column, data, as: StoredVersion.self, what).v
        guard version == LiveSessionRecord.storedVersion else {
            let found = version.map { "version \($0)" } ?? "no version"
            throw unreadable(column, "is \(what) of \(found); this version reads version \(LiveSessionRecord.storedVersion)")
        }
        return try json(column, data, as: type, what)
    }
}
