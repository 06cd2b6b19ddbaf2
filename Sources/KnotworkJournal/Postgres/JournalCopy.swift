import Foundation
import GRDB
import PostgresNIO

/// Moves a whole SQLite journal into a PostgreSQL one: every table, every row and every column
/// as it is (accounts and their passwords, sign-in sessions, tokens, invitations, care links,
/// prescriptions, the access log, live sessions and the records), in one PostgreSQL
/// transaction, so that the database has all of it or none. The two schemas are the same by
/// design (``PostgresSchema``); rows keep their order (screenings of one second, tokens…).
///
/// The database must hold no journal yet (only what its migrations made): a copy never merges.
/// The file is read a page of rows at a time; stop the server using it first, or the copy may
/// miss what it writes meanwhile.
public enum JournalCopy {
    /// The tables, in an order that keeps every reference to an account valid.
    static let tables = [
        "account", "session", "painRating", "screening", "liveSession", "liveSessionFixed", "keyValue", "apiToken", "invite", "careLink",
        "prescription",
        "alertSeen", "accessLog", "sessionsMark",
    ]

    /// Rows inserted by one statement.
    static let pageSize = 500

    /// Copies every table.
    /// - Parameter progress: called after each page with the table and the rows copied of it so far.
    /// - Returns: the rows copied, by table, in copy order.
    /// - Throws: ``JournalError/unusable(path:reason:)`` when the database already holds a
    ///   journal, or either cannot be read or written.
    public static func copy(
        from source: SQLiteJournalStore, to target: PostgresJournalStore, progress: @escaping @Sendable (String, Int) -> Void = { _, _ in }
    ) async throws -> [(table: String, rows: Int)] {
        let logger = target.logger
        return try await target.transaction { connection in
            try await refuseUnlessEmpty(connection, logger: logger, location: target.location)
            // What the migrations made stands in the way of the file's own rows.
            try await connection.query("DELETE FROM sessionsMark", logger: logger)
            try await connection.query("DELETE FROM account", logger: logger)
            var copied: [(table: String, rows: Int)] = []
            for table in tables {
                // A table or column only the database has (what several instances share: leases,
                // stream events) starts empty, or at its default.
                let inFile = try await source.read { db in
                    try db.tableExists(table) ? Set(try db.columns(in: table).map { $0.name.lowercased() }) : []
                }
                guard !inFile.isEmpty else { continue }
                let columns = try await targetColumns(table, connection, logger: logger).filter { inFile.contains($0.name) }
                var count = 0
                var after: Int64 = .min
                while true {
                    let from = after
                    let (page, last) = try await source.read { db in try sourcePage(table, columns: columns, after: from, db) }
                    guard let last else { break }
                    after = last
                    try await insert(page, into: table, columns: columns, connection, logger: logger)
                    count += page.count
                    progress(table, count)
                }
                // An identity column goes on from the largest value copied.
                if columns.contains(where: { $0.name == "id" && $0.type == "bigint" }) {
                    try await connection.query(
                        PostgresQuery(
                            unsafeSQL:
                                "SELECT setval(pg_get_serial_sequence('\(table.lowercased())', 'id'), coalesce(max(id), 0) + 1, false) FROM \(table)"
                        ),
                        logger: logger)
                }
                copied.append((table, count))
            }
            return copied
        }
    }

    /// A column of a table of the database, by its name in the SQLite journal's spelling.
    struct TargetColumn: Sendable {
        var name: String
        var type: String
    }

    private static func refuseUnlessEmpty(_ connection: PostgresConnection, logger: Logger, location: String) async throws {
        let counts = try await connection.query(
            """
            SELECT (SELECT count(*) FROM account WHERE id <> \(AccountID.local.description)) + (SELECT count(*) FROM session) \
            + (SELECT count(*) FROM painRating) + (SELECT count(*) FROM screening) + (SELECT count(*) FROM liveSession)
            """, logger: logger
        ).collect()
        let count = try counts.first?.decode(Int64.self) ?? 0
        if count > 0 {
            throw JournalError.unusable(
                path: location, reason: "it already holds a journal (\(count) accounts and records); a copy goes only into a new database")
        }
    }

    /// The table's columns in the database, but for `seq` (made afresh, in copy order).
    private static func targetColumns(_ table: String, _ connection: PostgresConnection, logger: Logger) async throws -> [TargetColumn] {
        let rows = try await connection.query(
            """
            SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema() \
            AND table_name = \(table.lowercased()) AND column_name <> 'seq' ORDER BY ordinal_position
            """, logger: logger
        ).collect()
        return try rows.map { row in
            let (name, type) = try row.decode((String, String).self)
            return TargetColumn(name: name, type: type)
        }
    }

    /// A page of the file's rows after a rowid, in rowid order, as the database's columns want
    /// them; and the last rowid (nil when there were none).
    private static func sourcePage(_ table: String, columns: [TargetColumn], after: Int64, _ db: Database) throws -> (
        [[SourceValue]], Int64?
    ) {
        let fileColumns = Dictionary(uniqueKeysWithValues: try db.columns(in: table).map { ($0.name.lowercased(), $0.name) })
        let selected = try columns.map { column in
            guard let name = fileColumns[column.name] else {
                throw JournalError.unusable(path: db.description, reason: "the file's table \(table) has no column \(column.name)")
            }
            return "\"\(name)\""
        }
        let rows = try Row.fetchAll(
            db, sql: "SELECT rowid, \(selected.joined(separator: ", ")) FROM \(table) WHERE rowid > ? ORDER BY rowid LIMIT \(pageSize)",
            arguments: [after])
        let page = try rows.map { row in
            try columns.enumerated().map { index, column in try SourceValue(row[index + 1] as DatabaseValue, as: column, table: table) }
        }
        return (page, rows.last.map { $0[0] })
    }

    private static func insert(
        _ page: [[SourceValue]], into table: String, columns: [TargetColumn], _ connection: PostgresConnection, logger: Logger
    ) async throws {
        guard !page.isEmpty else { return }
        var binds = PostgresBindings(capacity: page.count * columns.count)
        var tuples: [String] = []
        for row in page {
            var placeholders: [String] = []
            for value in row {
                try value.bind(into: &binds)
                placeholders.append("$\(binds.count)")
            }
            tuples.append("(" + placeholders.joined(separator: ", ") + ")")
        }
        let overriding = columns.contains { $0.name == "id" && $0.type == "bigint" } ? " OVERRIDING SYSTEM VALUE" : ""
        let sql =
            "INSERT INTO \(table) (\(columns.map(\.name).joined(separator: ", ")))\(overriding) VALUES \(tuples.joined(separator: ", "))"
        try await connection.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger)
    }
}

/// One value of the file, made the type of its column in the database.
private enum SourceValue: Sendable {
    case null
    case integer(Int64)
    case text(String)
    case bytes(Data)
    case boolean(Bool)

    init(_ value: DatabaseValue, as column: JournalCopy.TargetColumn, table: String) throws {
        func wrong() -> JournalError {
            .unreadable(table: table, id: "", column: column.name, problem: "\(value) is not a value of type \(column.type)")
        }
        switch (value.storage, column.type) {
        case (.null, _): self = .null
        case (.int64(let number), "bigint"), (.int64(let number), "integer"): self = .integer(number)
        case (.int64(let number), "boolean"): self = .boolean(number != 0)
        case (.string(let text), "text"): self = .text(text)
        case (.blob(let data), "bytea"): self = .bytes(data)
        case (.string(let text), "bytea"): self = .bytes(Data(text.utf8))
        default: throw wrong()
        }
    }

    func bind(into binds: inout PostgresBindings) throws {
        switch self {
        case .null: binds.appendNull()
        case .integer(let number): binds.append(number)
        case .text(let text): binds.append(text)
        case .bytes(let data): try binds.append(data)
        case .boolean(let flag): binds.append(flag)
        }
    }
}
