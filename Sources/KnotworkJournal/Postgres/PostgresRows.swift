import Foundation
import PostgresNIO

// The row types of the SQLite journal (JournalRows.swift, AccountRows.swift, ClinicRows.swift)
// read from PostgreSQL rows: the same columns in the same order, so that each turns into its
// record through the same checks, which name the table, the row's id and the column of any value
// this version cannot read.

extension SessionRow {
    static let postgresColumns =
        "id, owner, startedAt, timeZone, endedAt, regions, side, painBefore, painAfter, pressureSeconds, steps, plan, note, source"

    init(postgres row: PostgresRow) throws {
        let values = try row.decode(
            (String, String, Int64, String, Int64?, String, String?, Int?, Int?, Int, String, String?, String?, String).self)
        (id, owner, timeZone, regions, side) = (values.0, values.1, values.3, values.5, values.6)
        (startedAt, endedAt) = (StoredSeconds(seconds: values.2), values.4.map { StoredSeconds(seconds: $0) })
        (painBefore, painAfter, pressureSeconds, steps, plan, note, source) =
            (values.7, values.8, values.9, values.10, values.11, values.12, values.13)
    }

    /// The statement that inserts it, unless its id is taken.
    var postgresInsert: PostgresQuery {
        """
        INSERT INTO session (\(unescaped: Self.postgresColumns)) VALUES (\(id), \(owner), \(startedAt.seconds), \(timeZone), \
        \(endedAt?.seconds), \(regions), \(side), \(painBefore), \(painAfter), \(pressureSeconds), \(steps), \(plan), \(note), \
        \(source)) ON CONFLICT (id) DO NOTHING RETURNING 1
        """
    }
}

extension PainRatingRow {
    static let postgresColumns = "id, owner, at, timeZone, pain, region, side, note"

    init(postgres row: PostgresRow) throws {
        let values = try row.decode((String, String, Int64, String, Int, String?, String?, String?).self)
        (id, owner, at, timeZone, pain) = (values.0, values.1, StoredSeconds(seconds: values.2), values.3, values.4)
        (region, side, note) = (values.5, values.6, values.7)
    }

    var postgresInsert: PostgresQuery {
        """
        INSERT INTO painRating (\(unescaped: Self.postgresColumns)) VALUES (\(id), \(owner), \(at.seconds), \(timeZone), \(pain), \
        \(region), \(side), \(note)) ON CONFLICT (id) DO NOTHING RETURNING 1
        """
    }
}

extension ScreeningRow {
    static let postgresColumns = "id, owner, at, timeZone, kind, verdict, answers, usedAt"

    init(postgres row: PostgresRow) throws {
        let values = try row.decode((String, String, Int64, String, String, String, String, Int64?).self)
        (id, owner, at, timeZone) = (values.0, values.1, StoredSeconds(seconds: values.2), values.3)
        (kind, verdict, answers, usedAt) = (values.4, values.5, values.6, values.7.map { StoredSeconds(seconds: $0) })
    }

    var postgresInsert: PostgresQuery {
        """
        INSERT INTO screening (\(unescaped: Self.postgresColumns)) VALUES (\(id), \(owner), \(at.seconds), \(timeZone), \(kind), \
        \(verdict), \(answers), \(usedAt?.seconds)) ON CONFLICT (id) DO NOTHING RETURNING 1
        """
    }
}

extension LiveSessionRow {
    /// The rows ``sql(where:order:)`` selects, with their fixed parts.
    init(postgres row: PostgresRow) throws {
        let values = try row.decode((String, String, Int64, String?, String?, String?).self)
        (id, owner, updatedAt) = (values.0, values.1, StoredSeconds(seconds: values.2))
        (record, moving, fixed) = (values.3, values.4, values.5)
    }
}

extension AccountRow {
    static let postgresColumns = "id, createdAt, email, passwordHash, passwordStamp, displayName, role, isAdmin"
    /// The same, each named with its table: for a query that joins another.
    static let qualifiedPostgresColumns = postgresColumns.split(separator: ",").map {
        "account." + $0.trimmingCharacters(in: .whitespaces)
    }.joined(separator: ", ")

    init(postgres row: PostgresRow) throws {
        let values = try row.decode((String, Int64, String?, String?, Int64, String, String, Bool).self)
        (id, createdAt, email, passwordHash) = (values.0, StoredSeconds(seconds: values.1), values.2, values.3)
        (passwordStamp, displayName, role, isAdmin) = (values.4, values.5, values.6, values.7)
    }
}

extension APITokenRow {
    static let postgresColumns = "id, owner, name, hash, createdAt, lastUsedAt, revokedAt"

    init(postgres row: PostgresRow) throws {
        let values = try row.decode((String, String, String, String, Int64, Int64?, Int64?).self)
        (id, owner, name, hash, createdAt) = (values.0, values.1, values.2, values.3, StoredSeconds(seconds: values.4))
        (lastUsedAt, revokedAt) = (values.5.map { StoredSeconds(seconds: $0) }, values.6.map { StoredSeconds(seconds: $0) })
    }
}

extension InviteRow {
    static let postgresColumns = "id, clinician, codeHash, createdAt, expiresAt, acceptedBy, acceptedAt"

    init(postgres row: PostgresRow) throws {
        let values = try row.decode((String, String, String, Int64, Int64, String?, Int64?).self)
        (id, clinician, codeHash) = (values.0, values.1, values.2)
        (createdAt, expiresAt) = (StoredSeconds(seconds: values.3), StoredSeconds(seconds: values.4))
        (acceptedBy, acceptedAt) = (values.5, values.6.map { StoredSeconds(seconds: $0) })
    }
}

extension CareLinkRow {
    static let postgresColumns = "id, clinician, patient, grantedAt, revokedAt"

    init(postgres row: PostgresRow) throws {
        let values = try row.decode((Int64, String, String, Int64, Int64?).self)
        (id, clinician, patient) = (values.0, values.1, values.2)
        (grantedAt, revokedAt) = (StoredSeconds(seconds: values.3), values.4.map { StoredSeconds(seconds: $0) })
    }
}

extension PrescriptionRow {
    static let postgresColumns = "id, patient, clinician, regions, side, tools, minutes, days, starts, ends, notes, createdAt"

    init(postgres row: PostgresRow) throws {
        let values = try row.decode((String, String, String, String, String, String, Int, String, String, String?, String?, Int64).self)
        (id, patient, clinician, regions, side, tools) = (values.0, values.1, values.2, values.3, values.4, values.5)
        (minutes, days, starts, ends, notes, createdAt) =
            (values.6, values.7, values.8, values.9, values.10, StoredSeconds(seconds: values.11))
    }
}

extension AccessLogRow {
    static let postgresColumns = "id, patient, clinician, at, what"

    init(postgres row: PostgresRow) throws {
        let values = try row.decode((String, String, String, Int64, String).self)
        (id, patient, clinician, at, what) = (values.0, values.1, values.2, StoredSeconds(seconds: values.3), values.4)
    }
}
