import DaiBaiCore
import Foundation
import GRDB
import Testing

/// A SQLite database file built for one test, with tables, keys, a view and rows.
struct SQLiteTestDatabase {
    let directory: TemporaryDirectory
    let path: String

    init(rows: Int = 10) throws {
        directory = try TemporaryDirectory("daibai-sqlite-connector")
        path = directory.path + "/test.sqlite"
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(sql: """
                CREATE TABLE authors (id INTEGER PRIMARY KEY, name TEXT NOT NULL, born DATE);
                CREATE TABLE books (
                    id INTEGER NOT NULL, edition INTEGER NOT NULL, author_id INTEGER REFERENCES authors,
                    title VARCHAR(200) NOT NULL, price NUMERIC(8,2), cover BLOB,
                    PRIMARY KEY (id, edition)
                );
                CREATE TABLE reviews (
                    id INTEGER PRIMARY KEY, book_id INTEGER NOT NULL, book_edition INTEGER NOT NULL, stars REAL,
                    FOREIGN KEY (book_id, book_edition) REFERENCES books (id, edition)
                );
                CREATE VIEW prolific AS SELECT a.name AS author, count(*) AS n FROM authors a JOIN books b ON b.author_id = a.id GROUP BY a.name;
                """)
            for index in 1...rows {
                try db.execute(sql: "INSERT INTO authors (id, name) VALUES (?, ?)", arguments: [index, "Author \(index)"])
                try db.execute(
                    sql: "INSERT INTO books (id, edition, author_id, title, price, cover) VALUES (?, 1, ?, ?, 9.5, x'DEADBEEF')",
                    arguments: [index, index, "Book \(index)"])
            }
        }
        try queue.close()
    }

    func alter(_ sql: String) throws {
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in try db.execute(sql: sql) }
        try queue.close()
    }

    func connector() throws -> SQLiteConnector { try SQLiteConnector(path: path) }

    func remove() { directory.remove() }
}

@Suite("SQLiteConnector")
struct SQLiteConnectorTests {
    @Test("runs reads and maps SQLite values")
    func reads() async throws {
        let database = try SQLiteTestDatabase()
        defer { database.remove() }
        let connector = try database.connector()
        let result = try await connector.executeReadOnly(
            "SELECT id, title, price, cover, NULL AS empty, 1.5 * 2 AS x FROM books ORDER BY id LIMIT 2", options: QueryOptions())
        #expect(result.columns == ["id", "title", "price", "cover", "empty", "x"])
        #expect(result.columnTypes == ["INTEGER", "VARCHAR(200)", "NUMERIC(8,2)", "BLOB", nil, nil])
        #expect(result.rows.first == [.integer(1), .text("Book 1"), .double(9.5), .blob([0xDE, 0xAD, 0xBE, 0xEF]), .null, .double(3)])
        #expect(result.rows.count == 2)
        #expect(!result.truncated)
    }

    @Test("caps rows and says the result was truncated")
    func rowCap() async throws {
        let database = try SQLiteTestDatabase(rows: 30)
        defer { database.remove() }
        let connector = try database.connector()
        let capped = try await connector.executeReadOnly("SELECT id FROM authors ORDER BY id", options: QueryOptions(maxRows: 7))
        #expect(capped.rows.count == 7)
        #expect(capped.truncated)
        #expect(capped.rows.last == [.integer(7)])
        let exact = try await connector.executeReadOnly("SELECT id FROM authors", options: QueryOptions(maxRows: 30))
        #expect(exact.rows.count == 30)
        #expect(!exact.truncated)
        let zero = try await connector.executeReadOnly("SELECT id FROM authors", options: QueryOptions(maxRows: 0))
        #expect(zero.rows.isEmpty && zero.truncated && zero.columns == ["id"])
        // An endless query is fine under a row cap: the cursor stops reading.
        let endless = try await connector.executeReadOnly(
            "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x FROM c", options: QueryOptions(maxRows: 5))
        #expect(endless.rows.count == 5 && endless.truncated)
    }

    @Test("keeps column names and declared types for empty results")
    func emptyResult() async throws {
        let database = try SQLiteTestDatabase()
        defer { database.remove() }
        let connector = try database.connector()
        let result = try await connector.executeReadOnly("SELECT id, name AS who FROM authors WHERE id < 0", options: QueryOptions())
        #expect(result.columns == ["id", "who"])
        #expect(result.columnTypes == ["INTEGER", "TEXT"])
        #expect(result.rows.isEmpty)
        #expect(!result.truncated)
    }

    @Test(
        "the engine itself refuses writes, schema changes, ATTACH, DETACH, writing pragmas and extensions",
        arguments: [
            "INSERT INTO authors (id, name) VALUES (1000, 'x')",
            "UPDATE authors SET name = 'x'",
            "DELETE FROM authors",
            "REPLACE INTO authors (id, name) VALUES (1, 'x')",
            "CREATE TABLE t (x)",
            "CREATE TEMP TABLE t (x)",
            "CREATE INDEX i ON authors (name)",
            "CREATE VIEW v AS SELECT 1",
            "DROP TABLE books",
            "DROP VIEW prolific",
            "ALTER TABLE authors ADD COLUMN x TEXT",
            "ALTER TABLE authors RENAME TO writers",
            "ATTACH DATABASE ':memory:' AS other",
            "DETACH DATABASE main",
            "PRAGMA journal_mode = delete",
            "PRAGMA user_version = 5",
            "PRAGMA query_only = 0",
            "PRAGMA writable_schema = 1",
            "SELECT load_extension('x')",
            "SELECT LOAD_EXTENSION('/tmp/x.so', 'entry')",
            "VACUUM",
            "REINDEX",
            "ANALYZE",
            "WITH x AS (SELECT 1) INSERT INTO authors (id, name) SELECT 2000, 'y' FROM x",
            "BEGIN",
            "BEGIN IMMEDIATE",
            "COMMIT",
            "SAVEPOINT s",
            "SELECT * FROM pragma_user_version",
            "SELECT * FROM pragma_database_list",
            "UPDATE sqlite_master SET sql = 'x'",
            "DELETE FROM sqlite_master",
        ])
    func refusesWrites(sql: String) async throws {
        let database = try SQLiteTestDatabase()
        defer { database.remove() }
        let connector = try database.connector()
        let error = await queryError(connector, sql, options: QueryOptions())
        guard case .queryFailed(let message) = error else {
            Issue.record("expected queryFailed, got \(String(describing: error))")
            return
        }
        #expect(!message.isEmpty)
        // Nothing changed.
        let authors = try await connector.executeReadOnly("SELECT count(*) FROM authors", options: QueryOptions())
        #expect(authors.rows == [[.integer(10)]])
        let mode = try await Self.userVersion(database.path)
        #expect(mode == 0)
    }

    @Test("an authorizer denial says so, to be fed back to the model")
    func notAuthorizedMessage() async throws {
        let database = try SQLiteTestDatabase()
        defer { database.remove() }
        let connector = try database.connector()
        let error = await queryError(connector, "DELETE FROM authors", options: QueryOptions())
        #expect(error == .queryFailed("not authorized"))
        let syntax = await queryError(connector, "SELEC 1", options: QueryOptions())
        #expect(syntax == .queryFailed("near \"SELEC\": syntax error"))
    }

    @Test("rejects several statements at once")
    func multipleStatements() async throws {
        let database = try SQLiteTestDatabase()
        defer { database.remove() }
        let connector = try database.connector()
        #expect(await queryError(connector, "SELECT 1; SELECT 2", options: QueryOptions()) != nil)
    }

    @Test("interrupts a query that runs past its timeout")
    func timeout() async throws {
        let database = try SQLiteTestDatabase()
        defer { database.remove() }
        let connector = try database.connector()
        let error = await queryError(
            connector, "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c",
            options: QueryOptions(timeout: .milliseconds(200)))
        #expect(error == .timedOut(.milliseconds(200)))
        // The connection is usable afterwards.
        let after = try await connector.executeReadOnly("SELECT 42", options: QueryOptions())
        #expect(after.rows == [[.integer(42)]])
    }

    @Test("task cancellation interrupts a running query")
    func cancellation() async throws {
        let database = try SQLiteTestDatabase()
        defer { database.remove() }
        let connector = try database.connector()
        let task = Task {
            try await connector.executeReadOnly(
                "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c",
                options: QueryOptions(timeout: .seconds(120)))
        }
        try await Task.sleep(for: .milliseconds(100))
        task.cancel()
        let outcome = await task.result
        #expect(throws: DaiBaiCore.DatabaseError.cancelled) { try outcome.get() }
        let after = try await connector.executeReadOnly("SELECT 42", options: QueryOptions())
        #expect(after.rows == [[.integer(42)]])
    }

    @Test("rejects options it cannot honour")
    func badOptions() async throws {
        let database = try SQLiteTestDatabase()
        defer { database.remove() }
        let connector = try database.connector()
        #expect(await queryError(connector, "SELECT 1", options: QueryOptions(maxRows: -1)) != nil)
        #expect(await queryError(connector, "SELECT 1", options: QueryOptions(timeout: .zero)) != nil)
    }

    @Test("a missing file is a connection failure that names the path")
    func missingFile() throws {
        let error = #expect(throws: DaiBaiCore.DatabaseError.self) {
            try SQLiteConnector(path: "/nonexistent/daibai/missing.sqlite")
        }
        guard case .connectionFailed(let message) = error else {
            Issue.record("expected connectionFailed")
            return
        }
        #expect(message.contains("/nonexistent/daibai/missing.sqlite"))
    }

    @Test("introspects tables, views, columns, keys and row counts")
    func introspection() async throws {
        let database = try SQLiteTestDatabase()
        defer { database.remove() }
        let schema = try await database.connector().introspectSchema()
        #expect(schema.tables.map(\.name) == ["authors", "books", "prolific", "reviews"])
        let books = try #require(schema.table(named: "books"))
        #expect(books.columns.map(\.name) == ["id", "edition", "author_id", "title", "price", "cover"])
        #expect(books.columns.map(\.type) == ["INTEGER", "INTEGER", "INTEGER", "VARCHAR(200)", "NUMERIC(8,2)", "BLOB"])
        #expect(books.columns.map(\.isNullable) == [false, false, true, false, true, true])
        #expect(books.primaryKey == ["id", "edition"])
        // REFERENCES authors (no column) resolves to the referenced primary key.
        #expect(books.foreignKeys == [ForeignKey(columns: ["author_id"], referencedTable: "authors", referencedColumns: ["id"])])
        #expect(!books.isView)
        #expect(books.approximateRowCount == nil)
        let reviews = try #require(schema.table(named: "reviews"))
        #expect(reviews.foreignKeys == [ForeignKey(columns: ["book_id", "book_edition"], referencedTable: "books", referencedColumns: ["id", "edition"])])
        let view = try #require(schema.table(named: "prolific"))
        #expect(view.isView)
        #expect(view.columns.map(\.name) == ["author", "n"])
        #expect(view.primaryKey.isEmpty && view.foreignKeys.isEmpty)
    }

    @Test("reads approximate row counts from sqlite_stat1 after ANALYZE")
    func rowCounts() async throws {
        let database = try SQLiteTestDatabase(rows: 25)
        defer { database.remove() }
        try database.alter("CREATE INDEX books_by_title ON books (title); ANALYZE")
        let schema = try await database.connector().introspectSchema()
        #expect(schema.table(named: "books")?.approximateRowCount == 25)
        #expect(schema.table(named: "sqlite_stat1") == nil)
    }

    @Test("the schema fingerprint is stable and changes with the schema")
    func fingerprint() async throws {
        let database = try SQLiteTestDatabase()
        defer { database.remove() }
        let first = try await database.connector().introspectSchema()
        let second = try await database.connector().introspectSchema()
        #expect(first.fingerprint == second.fingerprint)
        #expect(first.fingerprint.count == 64)
        try database.alter("ANALYZE")  // row counts change, the schema does not
        #expect(try await database.connector().introspectSchema().fingerprint == first.fingerprint)
        try database.alter("ALTER TABLE authors ADD COLUMN country TEXT")
        let altered = try await database.connector().introspectSchema()
        #expect(altered.fingerprint != first.fingerprint)
    }

    private static func userVersion(_ path: String) async throws -> Int {
        let queue = try DatabaseQueue(path: path, configuration: { var c = Configuration(); c.readonly = true; return c }())
        defer { try? queue.close() }
        return try await queue.read { db in try Int.fetchOne(db, sql: "PRAGMA user_version") ?? -1 }
    }
}
