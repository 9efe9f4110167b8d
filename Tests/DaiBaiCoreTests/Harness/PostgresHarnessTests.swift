import Foundation
import Logging
import PostgresNIO
import Testing

/// The PostgreSQL server that `scripts/test` starts for the suite.
///
/// `scripts/test` exports `DAIBAI_TEST_POSTGRES_URL` (and `DAIBAI_TEST_REQUIRE_POSTGRES=1`, so
/// that a missing server fails the run instead of skipping). A plain `swift test` without the
/// server skips these tests, and says so.
enum TestPostgres {
    static var url: URL? {
        ProcessInfo.processInfo.environment["DAIBAI_TEST_POSTGRES_URL"].flatMap(URL.init(string:))
    }

    static var isRequired: Bool { ProcessInfo.processInfo.environment["DAIBAI_TEST_REQUIRE_POSTGRES"] == "1" }

    static var isAvailable: Bool { url != nil || isRequired }

    static func configuration() throws -> PostgresConnection.Configuration {
        let url = try #require(url, "DAIBAI_TEST_POSTGRES_URL is not set: run the suite with scripts/test")
        return PostgresConnection.Configuration(
            host: try #require(url.host),
            port: url.port ?? 5432,
            username: url.user ?? "postgres",
            password: url.password,
            database: String(url.path.dropFirst()),
            tls: .disable
        )
    }

    static func withConnection<T>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        let logger = Logger(label: "daibai.tests.postgres")
        let connection = try await PostgresConnection.connect(configuration: try configuration(), id: 1, logger: logger)
        do {
            let result = try await body(connection)
            try await connection.close()
            return result
        } catch {
            try? await connection.close()
            throw error
        }
    }
}

@Suite("The test harness's PostgreSQL server", .enabled(if: TestPostgres.isAvailable, "run with scripts/test to start PostgreSQL"))
struct PostgresHarnessTests {
    @Test("is reachable on loopback and runs queries")
    func reachable() async throws {
        let sum = try await TestPostgres.withConnection { connection in
            var values: [Int] = []
            for try await value in try await connection.query("SELECT 40 + 2", logger: Logger(label: "t")).decode(Int.self) {
                values.append(value)
            }
            return values
        }
        #expect(sum == [42])
    }

    @Test("refuses writes inside a read-only transaction (the engine-level guard connectors rely on)")
    func readOnlyTransactionsRefuseWrites() async throws {
        let message = try await TestPostgres.withConnection { connection -> String in
            let logger = Logger(label: "t")
            _ = try await connection.query("BEGIN TRANSACTION READ ONLY", logger: logger)
            do {
                _ = try await connection.query("CREATE TABLE daibai_should_not_exist (id int)", logger: logger)
                return "no error"
            } catch let error as PSQLError {
                _ = try? await connection.query("ROLLBACK", logger: logger)
                return error.serverInfo?[.message] ?? "\(error)"
            }
        }
        #expect(message.contains("read-only transaction"))
    }
}
