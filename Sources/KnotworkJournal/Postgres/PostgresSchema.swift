import Foundation
import Logging
import PostgresNIO

/// The PostgreSQL journal's schema: its migrations, and how several instances starting at once
/// apply them exactly once.
///
/// The tables and columns are the SQLite journal's (migrations v1 to v5 there, as one here), so
/// that the row types read either: ids (and owners) are lower-case UUID text in the "C"
/// collation, which orders them as bytes, as SQLite does; times are whole seconds since 1970 as
/// `bigint`; lists, plans and answers are JSON text. Rows that SQLite orders by rowid among
/// equals (screenings of one second, tokens, invitations, prescriptions, the access log, live
/// sessions) have a `seq` identity column for the same order.
enum PostgresSchema {
    /// The migrations, in order; the version is the place in this list (from 1). Shipped
    /// migrations are frozen: change the schema by adding one.
    static let migrations: [(name: String, sql: String)] = [
        ("journal, accounts and clinics (the SQLite journal's v1 to v6)", journal)
    ]

    private static let journal = """
        CREATE TABLE account (
            id text COLLATE "C" PRIMARY KEY,
            createdAt bigint NOT NULL,
            email text UNIQUE,
            passwordHash text,
            passwordStamp bigint NOT NULL DEFAULT 0,
            displayName text NOT NULL DEFAULT '',
            role text NOT NULL DEFAULT 'person' CHECK (role IN ('person', 'clinician')),
            isAdmin boolean NOT NULL DEFAULT false
        );
        INSERT INTO account (id, createdAt) VALUES ('\(AccountID.local.description)', extract(epoch FROM now())::bigint);

        CREATE TABLE session (
            id text COLLATE "C" PRIMARY KEY,
            owner text COLLATE "C" NOT NULL REFERENCES account ON DELETE CASCADE,
            startedAt bigint NOT NULL,
            timeZone text NOT NULL,
            endedAt bigint,
            regions text NOT NULL,
            side text,
            painBefore integer CHECK (painBefore BETWEEN 0 AND 10),
            painAfter integer CHECK (painAfter BETWEEN 0 AND 10),
            pressureSeconds integer NOT NULL DEFAULT 0,
            steps text NOT NULL DEFAULT '[]',
            plan text,
            note text,
            source text NOT NULL
        );
        CREATE INDEX session_by_owner ON session (owner, startedAt, id);

        CREATE TABLE painRating (
            id text COLLATE "C" PRIMARY KEY,
            owner text COLLATE "C" NOT NULL REFERENCES account ON DELETE CASCADE,
            at bigint NOT NULL,
            timeZone text NOT NULL,
            pain integer NOT NULL CHECK (pain BETWEEN 0 AND 10),
            region text,
            side text,
            note text
        );
        CREATE INDEX painRating_by_owner ON painRating (owner, at, id);

        CREATE TABLE screening (
            seq bigint GENERATED ALWAYS AS IDENTITY,
            id text COLLATE "C" PRIMARY KEY,
            owner text COLLATE "C" NOT NULL REFERENCES account ON DELETE CASCADE,
            at bigint NOT NULL,
            timeZone text NOT NULL,
            verdict text NOT NULL,
            answers text NOT NULL,
            kind text NOT NULL DEFAULT 'full',
            usedAt bigint
        );
        CREATE INDEX screening_by_owner ON screening (owner, at, seq);

        CREATE TABLE liveSession (
            seq bigint GENERATED ALWAYS AS IDENTITY,
            id text COLLATE "C" PRIMARY KEY,
            owner text COLLATE "C" NOT NULL REFERENCES account ON DELETE CASCADE,
            updatedAt bigint NOT NULL,
            record text,
            moving text,
            holder text,
            -- A new session is its maker's for a moment before its lease is taken, not an orphan.
            leaseUntil timestamptz DEFAULT clock_timestamp() + interval '10 seconds',
            busy boolean NOT NULL DEFAULT true,
            CHECK (record IS NOT NULL OR moving IS NOT NULL)
        );
        CREATE INDEX liveSession_by_owner ON liveSession (owner, updatedAt, seq);
        CREATE INDEX liveSession_orphans ON liveSession (leaseUntil) WHERE busy;

        CREATE TABLE liveEvent (
            session text COLLATE "C" NOT NULL REFERENCES liveSession ON DELETE CASCADE,
            id bigint NOT NULL,
            name text NOT NULL,
            data text NOT NULL,
            PRIMARY KEY (session, id)
        );

        CREATE TABLE liveSessionFixed (
            id text COLLATE "C" PRIMARY KEY REFERENCES liveSession ON DELETE CASCADE,
            fixed text NOT NULL
        );

        CREATE TABLE liveCommand (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            session text COLLATE "C" NOT NULL REFERENCES liveSession ON DELETE CASCADE,
            command text NOT NULL,
            claimed boolean NOT NULL DEFAULT false,
            answer text
        );
        CREATE INDEX liveCommand_waiting ON liveCommand (session) WHERE NOT claimed;

        CREATE TABLE keyValue (
            key text COLLATE "C" PRIMARY KEY,
            value bytea NOT NULL,
            expires bigint
        );
        CREATE INDEX keyValue_by_expires ON keyValue (expires);

        CREATE TABLE apiToken (
            seq bigint GENERATED ALWAYS AS IDENTITY,
            id text COLLATE "C" PRIMARY KEY,
            owner text COLLATE "C" NOT NULL REFERENCES account ON DELETE CASCADE,
            name text NOT NULL,
            hash text NOT NULL UNIQUE,
            createdAt bigint NOT NULL,
            lastUsedAt bigint,
            revokedAt bigint
        );
        CREATE INDEX apiToken_by_owner ON apiToken (owner, createdAt);

        CREATE TABLE invite (
            seq bigint GENERATED ALWAYS AS IDENTITY,
            id text COLLATE "C" PRIMARY KEY,
            clinician text COLLATE "C" NOT NULL REFERENCES account ON DELETE CASCADE,
            codeHash text NOT NULL UNIQUE,
            createdAt bigint NOT NULL,
            expiresAt bigint NOT NULL,
            acceptedBy text COLLATE "C" REFERENCES account ON DELETE CASCADE,
            acceptedAt bigint
        );
        CREATE INDEX invite_by_clinician ON invite (clinician, createdAt);
        CREATE INDEX invite_by_acceptedBy ON invite (acceptedBy);

        CREATE TABLE careLink (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            clinician text COLLATE "C" NOT NULL REFERENCES account ON DELETE CASCADE,
            patient text COLLATE "C" NOT NULL REFERENCES account ON DELETE CASCADE,
            grantedAt bigint NOT NULL,
            revokedAt bigint
        );
        CREATE UNIQUE INDEX careLink_standing ON careLink (clinician, patient) WHERE revokedAt IS NULL;
        CREATE INDEX careLink_by_patient ON careLink (patient, grantedAt);
        CREATE INDEX careLink_by_clinician ON careLink (clinician, grantedAt);

        CREATE TABLE prescription (
            seq bigint GENERATED ALWAYS AS IDENTITY,
            id text COLLATE "C" PRIMARY KEY,
            patient text COLLATE "C" NOT NULL REFERENCES account ON DELETE CASCADE,
            clinician text COLLATE "C" NOT NULL REFERENCES account ON DELETE CASCADE,
            regions text NOT NULL,
            side text NOT NULL,
            tools text NOT NULL,
            minutes integer NOT NULL,
            days text NOT NULL,
            starts text NOT NULL,
            ends text,
            notes text,
            createdAt bigint NOT NULL
        );
        CREATE INDEX prescription_by_patient ON prescription (patient, createdAt);
        CREATE INDEX prescription_by_clinician ON prescription (clinician);

        CREATE TABLE alertSeen (
            clinician text COLLATE "C" NOT NULL REFERENCES account ON DELETE CASCADE,
            patient text COLLATE "C" NOT NULL REFERENCES account ON DELETE CASCADE,
            key text NOT NULL,
            seenAt bigint NOT NULL,
            PRIMARY KEY (clinician, patient, key)
        );
        CREATE INDEX alertSeen_by_patient ON alertSeen (patient);

        CREATE TABLE accessLog (
            seq bigint GENERATED ALWAYS AS IDENTITY,
            id text COLLATE "C" PRIMARY KEY,
            patient text COLLATE "C" NOT NULL REFERENCES account ON DELETE CASCADE,
            clinician text COLLATE "C" NOT NULL REFERENCES account ON DELETE CASCADE,
            at bigint NOT NULL,
            what text NOT NULL
        );
        CREATE INDEX accessLog_by_patient ON accessLog (patient, at);
        CREATE INDEX accessLog_by_clinician ON accessLog (clinician);

        CREATE TABLE sessionsMark (
            id integer PRIMARY KEY CHECK (id = 1),
            value bigint NOT NULL
        );
        INSERT INTO sessionsMark (id, value) VALUES (1, 0);
        """

    /// The advisory lock every migrating instance takes, by schema: one applies what is
    /// missing while the others wait, then find it applied.
    private static let lockQuery: PostgresQuery = "SELECT pg_advisory_xact_lock(hashtext('knotwork migrations ' || current_schema()))"

    /// What a database's migrations table says: the versions applied.
    static func applied(_ connection: PostgresConnection, logger: Logger) async throws -> [Int] {
        let exists =
            try await connection.query(
                "SELECT to_regclass('knotwork_migrations') IS NOT NULL", logger: logger
            ).collect().first?.decode(Bool.self) ?? false
        guard exists else { return [] }
        return try await connection.query("SELECT version FROM knotwork_migrations ORDER BY version", logger: logger)
            .collect().map { try $0.decode(Int.self) }
    }

    /// Applies every migration the database lacks, all in one transaction under the advisory
    /// lock: several instances starting at once apply each once, and a failure leaves nothing
    /// half applied.
    /// - Returns: the names of the migrations applied now (none when it was up to date).
    static func migrate(_ connection: PostgresConnection, logger: Logger) async throws -> [String] {
        // Most starts find it up to date: a read says so without the lock.
        if try await applied(connection, logger: logger).count >= migrations.count { return [] }
        try await connection.query("BEGIN", logger: logger)
        do {
            try await connection.query(lockQuery, logger: logger)
            try await connection.query(
                """
                CREATE TABLE IF NOT EXISTS knotwork_migrations (version integer PRIMARY KEY, name text NOT NULL, \
                appliedAt timestamptz NOT NULL DEFAULT now())
                """, logger: logger)
            let done = Set(try await applied(connection, logger: logger))
            var ran: [String] = []
            for (index, migration) in migrations.enumerated() where !done.contains(index + 1) {
                // A migration is several statements, each ending a line with a semicolon (none
                // holds one in a string), run one by one: a prepared statement holds only one.
                for statement in migration.sql.components(separatedBy: ";\n") where !statement.allSatisfy(\.isWhitespace) {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                let version = index + 1
                try await connection.query(
                    "INSERT INTO knotwork_migrations (version, name) VALUES (\(version), \(migration.name))", logger: logger)
                ran.append(migration.name)
            }
            try await connection.query("COMMIT", logger: logger)
            return ran
        } catch {
            _ = try? await connection.query("ROLLBACK", logger: logger)
            throw error
        }
    }
}
