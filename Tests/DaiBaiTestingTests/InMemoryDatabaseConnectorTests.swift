import DaiBaiCore
import DaiBaiTesting
import Testing

@Suite struct InMemoryDatabaseConnectorTests {
    let users = QueryResult(
        columns: ["id", "name"],
        rows: [[.integer(1), .text("Ada")], [.integer(2), .text("Grace")], [.integer(3), .null]],
        truncated: false)

    @Test func capsRowsAndSetsTruncated() async throws {
        let connector = InMemoryDatabaseConnector(results: ["SELECT id, name FROM users": users])

        let capped = try await connector.executeReadOnly("SELECT id, name FROM users", options: QueryOptions(maxRows: 2))
        let full = try await connector.executeReadOnly("SELECT id, name FROM users", options: QueryOptions(maxRows: 3))

        #expect(capped == QueryResult(columns: ["id", "name"], rows: [[.integer(1), .text("Ada")], [.integer(2), .text("Grace")]], truncated: true))
        #expect(full.rows.count == 3)
        #expect(full.truncated == false)
    }

    @Test func matchesAfterTrimmingWhitespaceAndTrailingSemicolon() async throws {
        let connector = InMemoryDatabaseConnector(dialect: .postgresql)
        connector.setResult(users, for: "SELECT id, name FROM users;")

        let result = try await connector.executeReadOnly("\n  SELECT id, name FROM users ;  \n", options: QueryOptions())

        #expect(result.rows.count == 3)
        #expect(connector.dialect == .postgresql)
        #expect(connector.executedStatements == ["\n  SELECT id, name FROM users ;  \n"])
    }

    @Test func unknownSQLFailsNamingTheStatement() async throws {
        let connector = InMemoryDatabaseConnector(results: ["SELECT 1": users])

        do {
            let result = try await connector.executeReadOnly("SELECT * FROM orders;", options: QueryOptions())
            Issue.record("expected an error, got \(result)")
        } catch {
            guard case .queryFailed(let message) = error else {
                Issue.record("expected .queryFailed, got \(error)")
                return
            }
            #expect(message.contains("SELECT * FROM orders"))
        }
        #expect(connector.executedStatements == ["SELECT * FROM orders;"])
    }

    @Test func handlerAnswersOtherStatementsWithTheRowCap() async throws {
        let connector = InMemoryDatabaseConnector { (sql, _) throws(DatabaseError) -> QueryResult in
            guard sql.hasPrefix("SELECT") else { throw .rejected("not a SELECT") }
            return QueryResult(columns: ["n"], rows: (1...10).map { [SQLValue.integer(Int64($0))] }, truncated: false)
        }

        let result = try await connector.executeReadOnly("SELECT n FROM numbers;", options: QueryOptions(maxRows: 4))
        #expect(result.rows == [[.integer(1)], [.integer(2)], [.integer(3)], [.integer(4)]])
        #expect(result.truncated)

        await #expect(throws: DatabaseError.rejected("not a SELECT")) {
            try await connector.executeReadOnly("DELETE FROM numbers", options: QueryOptions())
        }
    }

    @Test func scriptedErrorIsThrown() async {
        let connector = InMemoryDatabaseConnector()
        connector.setError(.timedOut(.seconds(10)), for: "SELECT slow()")

        await #expect(throws: DatabaseError.timedOut(.seconds(10))) {
            try await connector.executeReadOnly("SELECT slow();", options: QueryOptions())
        }
    }

    @Test func introspectionReturnsTheSchemaOrTheConfiguredError() async throws {
        let schema = DatabaseSchema(tables: [
            TableSchema(name: "users", columns: [ColumnSchema(name: "id", type: "INTEGER", isNullable: false)], primaryKey: ["id"])
        ])
        let connector = InMemoryDatabaseConnector(dialect: .sqlite, schema: schema)

        #expect(try await connector.introspectSchema() == schema)

        connector.setIntrospectionError(.connectionFailed("server down"))
        await #expect(throws: DatabaseError.connectionFailed("server down")) {
            try await connector.introspectSchema()
        }
        #expect(connector.introspectionCount == 2)
    }

    @Test func recordsOptionsOfEachExecution() async throws {
        let connector = InMemoryDatabaseConnector(results: ["SELECT 1": users])
        let options = QueryOptions(maxRows: 7, timeout: .seconds(3))

        _ = try await connector.executeReadOnly("SELECT 1", options: options)

        #expect(connector.executions.map(\.options) == [options])
    }
}
