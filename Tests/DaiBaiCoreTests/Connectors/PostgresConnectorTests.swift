import DaiBaiCore
import DaiBaiTestSupport
import Foundation
import Logging
import PostgresNIO
import Testing

/// A uniquely named schema in the test server, with tables, keys, a view, comments and a
/// sequence, created through a writable harness connection and dropped by `drop()`.
struct PostgresTestSchema {
    let name = "daibai_t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")

    static func create(rows: Int = 10) async throws -> PostgresTestSchema {
        let schema = PostgresTestSchema()
        for statement in [
            "CREATE SCHEMA \(schema.name)",
            "CREATE TABLE \(schema.name).authors (id int PRIMARY KEY, name text NOT NULL, born date)",
            "COMMENT ON TABLE \(schema.name).authors IS 'People who write books'",
            "COMMENT ON COLUMN \(schema.name).authors.born IS 'Date of birth'",
            "CREATE TABLE \(schema.name).books ( id int NOT NULL, edition int NOT NULL, author_id int REFERENCES \(schema.name).authors (id), title varchar(200) NOT NULL, price numeric(8,2), PRIMARY KEY (id, edition) )",
            "CREATE TABLE \(schema.name).reviews ( id bigint PRIMARY KEY, book_id int NOT NULL, book_edition int NOT NULL, stars real, FOREIGN KEY (book_id, book_edition) REFERENCES \(schema.name).books (id, edition) )",
            "CREATE VIEW \(schema.name).prolific AS SELECT a.name AS author, count(*) AS n FROM \(schema.name).authors a JOIN \(schema.name).books b ON b.author_id = a.id GROUP BY a.name",
            "CREATE SEQUENCE \(schema.name).counter",
            "CREATE TYPE \(schema.name).mood AS ENUM ('sad', 'happy')",
            "CREATE FUNCTION \(schema.name).sneaky_insert() RETURNS int LANGUAGE plpgsql AS $$ BEGIN INSERT INTO \(schema.name).authors (id, name) VALUES (999, 'sneaky'); RETURN 1; END $$",
            "INSERT INTO \(schema.name).authors (id, name) SELECT i, 'Author ' || i FROM generate_series(1, \(rows)) AS i",
            "INSERT INTO \(schema.name).books (id, edition, author_id, title, price) SELECT i, 1, i, 'Book ' || i, 9.5 FROM generate_series(1, \(rows)) AS i",
        ] {
            try await schema.execute(statement)
        }
        return schema
    }

    func execute(_ sql: String) async throws {
        try await TestPostgres.withConnection { connection in
            for try await _ in try await connection.query(PostgresQuery(unsafeSQL: sql), logger: Logger(label: "t")) {}
        }
    }

    func scalar(_ sql: String) async throws -> String? {
        try await TestPostgres.withConnection { connection in
            var value: String?
            for try await text in try await connection.query(PostgresQuery(unsafeSQL: sql), logger: Logger(label: "t")).decode(String?.self) {
                value = text
            }
            return value
        }
    }

    func drop() async {
        try? await execute("DROP SCHEMA IF EXISTS \(name) CASCADE")
    }

    static func configuration(maximumConnections: Int = 2) throws -> PostgresConnectorConfiguration {
        let url = try #require(TestPostgres.url, "DAIBAI_TEST_POSTGRES_URL is not set: run the suite with scripts/test")
        return PostgresConnectorConfiguration(
            host: try #require(url.host), port: url.port ?? 5432, user: url.user ?? "postgres",
            password: url.password.map(SecretValue.init), database: String(url.path.dropFirst()),
            tls: .disable, maximumConnections: maximumConnections)
    }

    /// Runs `body` with a fresh connector and schema, then shuts the connector down and drops the schema.
    static func with(
        rows: Int = 10, maximumConnections: Int = 2,
        _ body: (PostgresConnector, PostgresTestSchema) async throws -> Void
    ) async throws {
        let schema = try await create(rows: rows)
        let connector = try PostgresConnector(configuration: configuration(maximumConnections: maximumConnections))
        do {
            try await body(connector, schema)
        } catch {
            await connector.shutdown()
            await schema.drop()
            throw error
        }
        await connector.shutdown()
        await schema.drop()
    }
}

@Suite("PostgresConnector", .enabled(if: TestPostgres.isAvailable, "run with scripts/test to start PostgreSQL"))
struct PostgresConnectorTests {
    static let writes: [String] = [
        "INSERT INTO {s}.authors (id, name) VALUES (1000, 'x')",
        "UPDATE {s}.authors SET name = 'x'",
        "DELETE FROM {s}.authors",
        "CREATE TABLE {s}.intruder (x int)",
        "DROP TABLE {s}.books CASCADE",
        "ALTER TABLE {s}.authors ADD COLUMN x text",
        "TRUNCATE {s}.books CASCADE",
        "SET default_transaction_read_only = off; INSERT INTO {s}.authors (id, name) VALUES (1001, 'x')",
        "SELECT nextval('{s}.counter')",
        "SELECT setval('{s}.counter', 42)",
        "SELECT {s}.sneaky_insert()",
        "WITH d AS (DELETE FROM {s}.authors RETURNING *) SELECT * FROM d",
        "SELECT 1; DELETE FROM {s}.authors",
        "COMMIT",
        "SET transaction_read_only = off",
        "SELECT set_config('transaction_read_only', 'off', true)",
        "COPY {s}.authors TO STDOUT",
        "LOCK TABLE {s}.authors",
        "SELECT * FROM {s}.authors FOR UPDATE",
    ]

    @Test("the engine itself refuses writes, DDL, sequence changes and writing functions", arguments: writes)
    func refusesWrites(template: String) async throws {
        try await PostgresTestSchema.with { connector, schema in
            let sql = template.replacingOccurrences(of: "{s}", with: schema.name)
            let error = await queryError(connector, sql)
            guard case .queryFailed(let message) = error else {
                Issue.record("expected queryFailed for \(sql), got \(String(describing: error))")
                return
            }
            #expect(!message.isEmpty)
            let value1 = try await schema.scalar("SELECT count(*)::text FROM \(schema.name).authors")
            #expect(value1 == "10")
            let value2 = try await schema.scalar("SELECT count(*)::text FROM \(schema.name).books")
            #expect(value2 == "10")
            let value3 = try await schema.scalar("SELECT last_value::text FROM \(schema.name).counter")
            #expect(value3 == "1")
            let value4 = try await schema.scalar("SELECT is_called::text FROM \(schema.name).counter")
            #expect(value4 == "false")
            let value5 = try await schema.scalar("SELECT count(*)::text FROM pg_class WHERE relname = 'intruder'")
            #expect(value5 == "0")
            let value6 = try await schema.scalar("SELECT count(*)::text FROM information_schema.columns WHERE table_schema = '\(schema.name)' AND table_name = 'authors'")
            #expect(value6 == "3")
        }
    }

    @Test("a write says it was refused by the read-only transaction, for the model")
    func readOnlyMessage() async throws {
        try await PostgresTestSchema.with { connector, schema in
            let error = await queryError(connector, "SELECT \(schema.name).sneaky_insert()")
            guard case .queryFailed(let message) = error else {
                Issue.record("expected queryFailed, got \(String(describing: error))")
                return
            }
            #expect(message.contains("read-only transaction"))
            #expect(message.contains("SQLSTATE 25006"))
            let syntax = await queryError(connector, "SELECT * FROM \(schema.name).nope")
            guard case .queryFailed(let missing) = syntax else {
                Issue.record("expected queryFailed, got \(String(describing: syntax))")
                return
            }
            #expect(missing.contains("does not exist"))
            #expect(missing.contains("at character 15"))
        }
    }

    @Test("session settings changed by a query are rolled back with its transaction")
    func settingsRolledBack() async throws {
        try await PostgresTestSchema.with(maximumConnections: 1) { connector, schema in
            _ = try await connector.executeReadOnly(
                "SELECT set_config('default_transaction_read_only', 'off', false)", options: QueryOptions())
            let setting = try await connector.executeReadOnly(
                "SELECT current_setting('default_transaction_read_only'), current_setting('transaction_read_only')",
                options: QueryOptions())
            #expect(setting.rows == [[.text("on"), .text("on")]])
            #expect(await queryError(connector, "SELECT \(schema.name).sneaky_insert()") != nil)
        }
    }

    @Test("caps rows, says the result was truncated, and keeps columns for empty results")
    func rowCap() async throws {
        try await PostgresTestSchema.with(rows: 30) { connector, schema in
            let capped = try await connector.executeReadOnly(
                "SELECT id FROM \(schema.name).authors ORDER BY id", options: QueryOptions(maxRows: 7))
            #expect(capped.rows.count == 7 && capped.truncated)
            #expect(capped.rows.last == [.integer(7)])
            let exact = try await connector.executeReadOnly("SELECT id FROM \(schema.name).authors", options: QueryOptions(maxRows: 30))
            #expect(exact.rows.count == 30 && !exact.truncated)
            let huge = try await connector.executeReadOnly(
                "SELECT i FROM (SELECT generate_series(1, 100000000) AS i) AS s", options: QueryOptions(maxRows: 3, timeout: .seconds(30)))
            #expect(huge.rows == [[.integer(1)], [.integer(2)], [.integer(3)]] && huge.truncated)
            let empty = try await connector.executeReadOnly(
                "SELECT id, name AS who, born FROM \(schema.name).authors WHERE id < 0;", options: QueryOptions())
            #expect(empty.columns == ["id", "who", "born"])
            #expect(empty.columnTypes == ["integer", "text", "date"])
            #expect(empty.rows.isEmpty && !empty.truncated)
        }
    }

    @Test("stops a query at its timeout")
    func timeout() async throws {
        try await PostgresTestSchema.with { connector, _ in
            // A pooled connection first, so the short deadline covers the query, not a connect
            // on a busy machine (a connection not made in time is a connection failure).
            _ = try await connector.executeReadOnly("SELECT 1", options: QueryOptions(timeout: TestPatience.generous))
            // The query never ends by itself: only the timeout can stop it.
            let error = await queryError(connector, "SELECT pg_sleep(3600)", options: QueryOptions(timeout: TestPatience.short))
            #expect(error == .timedOut(TestPatience.short))
            let after = try await connector.executeReadOnly("SELECT 42", options: QueryOptions())
            #expect(after.rows == [[.integer(42)]])
        }
    }

    @Test("task cancellation stops a running query")
    func cancellation() async throws {
        try await PostgresTestSchema.with { connector, _ in
            let task = Task {
                try await connector.executeReadOnly("SELECT pg_sleep(3600)", options: QueryOptions(timeout: TestPatience.generous))
            }
            try await Task.sleep(for: .milliseconds(300))
            task.cancel()
            let outcome = await task.result
            #expect(throws: DatabaseError.cancelled) { try outcome.get() }
            let after = try await connector.executeReadOnly("SELECT 42", options: QueryOptions())
            #expect(after.rows == [[.integer(42)]])
        }
    }

    @Test("decodes every listed type")
    func decoding() async throws {
        try await PostgresTestSchema.with { connector, schema in
            let cases: [(String, SQLValue, String?)] = [
                ("NULL::int4", .null, "integer"),
                ("7::int2", .integer(7), "smallint"),
                ("-8::int4", .integer(-8), "integer"),
                ("9000000000::int8", .integer(9_000_000_000), "bigint"),
                ("1.1::float4", .double(1.1), "real"),
                ("2.25::float8", .double(2.25), "double precision"),
                ("12.50::numeric(10,2)", .text("12.50"), "numeric"),
                ("-0.000123::numeric", .text("-0.000123"), "numeric"),
                ("10000::numeric", .text("10000"), "numeric"),
                ("0::numeric", .text("0"), "numeric"),
                ("123456789012345678901234567890.123456789::numeric", .text("123456789012345678901234567890.123456789"), "numeric"),
                ("'NaN'::numeric", .text("NaN"), "numeric"),
                ("'abc'::text", .text("abc"), "text"),
                ("'v'::varchar(5)", .text("v"), "character varying"),
                ("'c'::char(3)", .text("c  "), "character"),
                ("'nm'::name", .text("nm"), "name"),
                ("'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid", .text("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"), "uuid"),
                ("'{\"a\": 1}'::json", .text("{\"a\": 1}"), "json"),
                ("'{\"a\":  1}'::jsonb", .text("{\"a\": 1}"), "jsonb"),
                ("true", .bool(true), "boolean"),
                ("false", .bool(false), "boolean"),
                ("'2024-02-29'::date", .text("2024-02-29"), "date"),
                ("'1999-12-31'::date", .text("1999-12-31"), "date"),
                ("'infinity'::date", .text("infinity"), "date"),
                ("'13:45:00.5'::time", .text("13:45:00.5"), "time without time zone"),
                ("'13:45:00+02'::timetz", .text("13:45:00+02:00"), "time with time zone"),
                ("'2024-02-29 13:45:00'::timestamp", .text("2024-02-29T13:45:00"), "timestamp without time zone"),
                ("'1969-07-20 20:17:40.123456'::timestamp", .text("1969-07-20T20:17:40.123456"), "timestamp without time zone"),
                ("'2024-02-29 13:45:00+02'::timestamptz", .text("2024-02-29T11:45:00Z"), "timestamp with time zone"),
                ("'1 year 2 months 3 days 04:05:06.5'::interval", .text("P1Y2M3DT4H5M6.5S"), "interval"),
                ("'\\xdeadbeef'::bytea", .blob([0xDE, 0xAD, 0xBE, 0xEF]), "bytea"),
                ("ARRAY[1, 2]", .text("{1,2}"), nil),
                ("'192.168.0.1'::inet", .text("192.168.0.1"), nil),
                ("'happy'::\(schema.name).mood", .text("happy"), nil),
                ("int4range(1, 5)", .text("[1,5)"), nil),
            ]
            let sql = "SELECT " + cases.enumerated().map { "\($1.0) AS c\($0)" }.joined(separator: ", ")
            let result = try await connector.executeReadOnly(sql, options: QueryOptions())
            #expect(result.columns == cases.indices.map { "c\($0)" })
            let row = try #require(result.rows.first)
            for (index, expected) in cases.enumerated() {
                #expect(row[index] == expected.1, "\(expected.0)")
                #expect(result.columnTypes[index] == expected.2, "\(expected.0)")
            }
            // A type the server cannot read back becomes a note; the rest of the row is intact.
            let record = try await connector.executeReadOnly("SELECT ROW(1, 'a') AS r, 5 AS n, ARRAY['x'] AS a", options: QueryOptions())
            #expect(record.rows.first?[1] == .integer(5))
            #expect(record.rows.first?[2] == .text("{x}"))
            #expect(record.rows.first?[0].textValue?.contains("cast the column to text") == true)
        }
    }

    @Test("introspects tables, views, columns, keys, comments and row counts")
    func introspection() async throws {
        try await PostgresTestSchema.with(rows: 50) { connector, schema in
            try await schema.execute("ANALYZE \(schema.name).authors")
            let all = try await connector.introspectSchema()
            #expect(!all.tables.contains { $0.schema == "pg_catalog" || $0.schema == "information_schema" })
            let tables = all.tables.filter { $0.schema == schema.name }
            #expect(tables.map(\.name) == ["authors", "books", "prolific", "reviews"])
            let authors = try #require(tables.first { $0.name == "authors" })
            #expect(authors.comment == "People who write books")
            #expect(authors.columns == [
                ColumnSchema(name: "id", type: "integer", isNullable: false),
                ColumnSchema(name: "name", type: "text", isNullable: false),
                ColumnSchema(name: "born", type: "date", isNullable: true, comment: "Date of birth"),
            ])
            #expect(authors.primaryKey == ["id"])
            #expect(authors.approximateRowCount == 50)
            let books = try #require(tables.first { $0.name == "books" })
            #expect(books.primaryKey == ["id", "edition"])
            #expect(books.columns.map(\.type) == ["integer", "integer", "integer", "character varying(200)", "numeric(8,2)"])
            #expect(books.foreignKeys == [ForeignKey(columns: ["author_id"], referencedTable: "authors", referencedColumns: ["id"], referencedSchema: schema.name)])
            let reviews = try #require(tables.first { $0.name == "reviews" })
            #expect(reviews.foreignKeys == [ForeignKey(columns: ["book_id", "book_edition"], referencedTable: "books", referencedColumns: ["id", "edition"], referencedSchema: schema.name)])
            let view = try #require(tables.first { $0.name == "prolific" })
            #expect(view.isView && view.approximateRowCount == nil)
            #expect(view.columns.map(\.name) == ["author", "n"])

            let ddl = DatabaseSchema(tables: tables).renderDDL(tables: ["\(schema.name).authors", "books"])
            #expect(ddl == """
                CREATE TABLE \(schema.name).authors (id integer NOT NULL, name text NOT NULL, born date, PRIMARY KEY (id)); -- People who write books; ~50 rows; columns: born: Date of birth
                CREATE TABLE \(schema.name).books (id integer NOT NULL, edition integer NOT NULL, author_id integer, title character varying(200) NOT NULL, price numeric(8,2), PRIMARY KEY (id, edition), FOREIGN KEY (author_id) REFERENCES \(schema.name).authors(id));
                """)
        }
    }

    @Test("the schema fingerprint is stable and changes after ALTER TABLE … ADD COLUMN")
    func fingerprint() async throws {
        try await PostgresTestSchema.with { connector, schema in
            func own() async throws -> DatabaseSchema {
                DatabaseSchema(tables: try await connector.introspectSchema().tables.filter { $0.schema == schema.name })
            }
            let first = try await own()
            let second = try await own()
            #expect(first.fingerprint == second.fingerprint)
            try await schema.execute("ANALYZE \(schema.name).authors")
            let value7 = try await own().fingerprint
            #expect(value7 == first.fingerprint)
            try await schema.execute("ALTER TABLE \(schema.name).authors ADD COLUMN country text")
            let value8 = try await own().fingerprint
            #expect(value8 != first.fingerprint)
        }
    }

    @Test("reports a server that cannot be reached as a connection failure without the password")
    func unreachable() async throws {
        let refusing = try ReservedLoopbackPort(.refusing)
        defer { refusing.close() }
        var configuration = try PostgresTestSchema.configuration()
        configuration.port = Int(refusing.port)  // held, and nothing listens there
        configuration.password = SecretValue("hunter2-secret")
        configuration.connectTimeout = .seconds(2)
        let connector = try PostgresConnector(configuration: configuration)
        // The pool retries a refused server until the query's deadline says it is unreachable.
        let error = await queryError(connector, "SELECT 1", options: QueryOptions(timeout: .seconds(3)))
        await connector.shutdown()
        guard case .connectionFailed(let message) = error else {
            Issue.record("expected connectionFailed, got \(String(describing: error))")
            return
        }
        #expect(!message.contains("hunter2"))
        #expect(!"\(configuration)".contains("hunter2"))
    }
}
