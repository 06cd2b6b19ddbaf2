import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import KnotworkCore
import KnotworkJournal
import Logging
import Synchronization
import Testing

@testable import KnotworkServer

/// Keeps what is logged, for a test to read.
final class KeptLog: Sendable {
    let lines = Mutex<[String]>([])

    var handler: KeptLogHandler { KeptLogHandler(log: self) }
}

struct KeptLogHandler: LogHandler {
    let log: KeptLog
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .info

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let all = metadata.merging(event.metadata ?? [:]) { $1 }
        log.lines.withLock { $0.append("\(event.level) \(event.message) \(all.map { "\($0)=\($1)" }.sorted().joined(separator: " "))") }
    }
}

@Suite("a journal holding a value this version cannot read, over the API")
struct UnreadableJournalTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let table: String
        let column: String
        let sql: String
        let problem: String
        let uri: String
        var testDescription: String { "\(table).\(column) via \(uri)" }
    }

    static let ratingID = "6a1b2c3d-0000-4000-8000-00000000aaaa"

    static let cases: [Case] = [
        .init(
            table: "session", column: "side", sql: "UPDATE session SET side = 'middle'", problem: "'middle' is not left, right or both",
            uri: "/api/v1/sessions"),
        .init(
            table: "session", column: "source", sql: "UPDATE session SET source = 'import'", problem: "'import' is not log or coach",
            uri: "/api/v1/sessions"),
        .init(
            table: "session", column: "startedAt", sql: "UPDATE session SET startedAt = -60", problem: "-60 is before 1970",
            uri: "/api/v1/history?since=all"),
        .init(
            table: "session", column: "regions", sql: "UPDATE session SET regions = 'hip'", problem: "is not a list of region ids as JSON",
            uri: "/api/v1/sessions"),
        // The screening rule reads the latest full screening: a stop gone bad fails it, never reads as clear.
        .init(
            table: "screening", column: "verdict", sql: "UPDATE screening SET verdict = 'maybe'",
            problem: "'maybe' is not clear, precautions or stop", uri: "/api/v1/screening"),
        .init(
            table: "screening", column: "answers", sql: "UPDATE screening SET answers = '[]'", problem: "is not answers",
            uri: "/api/v1/screening"),
        .init(
            table: "screening", column: "at", sql: "UPDATE screening SET at = -1", problem: "-1 is before 1970", uri: "/api/v1/screening"),
        // The same rating sent again reads the one kept.
        .init(
            table: "painRating", column: "side", sql: "UPDATE painRating SET side = 'up'", problem: "'up' is not left, right or both",
            uri: "/api/v1/pain-ratings"),
    ]

    @Test("a 500 problem that says the journal holds a record this version cannot read, and a logged cause naming it", arguments: cases)
    func problem(_ spoilt: Case) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("knotwork-unreadable-\(UUID().uuidString)")
        let path = folder.appendingPathComponent("journal.sqlite").path
        let store = try SQLiteJournalStore(path: path)
        let session = SessionRecord(
            startedAt: Date().addingTimeInterval(-86_400), timeZone: "UTC", regions: ["outer-hip"], side: .left, painBefore: 6,
            painAfter: 3, source: .log)
        let screening = ScreeningRecord(at: Date().addingTimeInterval(-3600), timeZone: "UTC", verdict: .stop, answers: ["rf-fever": true])
        let rating = PainRating(
            id: UUID(text: Self.ratingID)!, at: Date().addingTimeInterval(-60).wholeSeconds, timeZone: TimeZone.current.identifier, pain: 3)
        try await store.add(session, owner: .local)
        try await store.add(screening, owner: .local)
        try await store.add(rating, owner: .local)
        let queue = try DatabaseQueue(path: path)
        try await queue.write { db in try db.execute(sql: spoilt.sql) }
        try queue.close()
        let id = ["session": session.id, "screening": screening.id, "painRating": rating.id][spoilt.table]!.lowercased

        let log = KeptLog()
        let app = try buildApplication(
            configuration: ServerConfiguration(), store: store, logger: Logger(label: "test") { _ in log.handler })
        try await app.test(.router) { client in
            let post = spoilt.uri.hasSuffix("pain-ratings")
            let payload = post ? try body(["id": Self.ratingID, "pain": 3]) : nil
            try await client.execute(
                uri: spoilt.uri, method: post ? .post : .get, headers: post ? [.contentType: "application/json"] : [:], body: payload
            ) { response in
                #expect(response.status == .internalServerError)
                #expect(response.headers[.contentType] == "application/problem+json")
                let problem = try json(response.body)
                #expect(problem["detail"] as? String == "the journal holds a record this version cannot read")
                #expect(problem["status"] as? Int == 500)
                let text = String(buffer: response.body)
                #expect(
                    !text.contains(id) && !text.contains("column") && !text.contains(spoilt.problem), "no internals in the answer: \(text)")
            }
        }
        let logged = log.lines.withLock { $0 }.filter { $0.hasPrefix("error ") }
        #expect(
            logged.contains { $0.contains("journal row \(spoilt.table) \(id) column \(spoilt.column): ") && $0.contains(spoilt.problem) },
            "\(logged)")
    }
}
