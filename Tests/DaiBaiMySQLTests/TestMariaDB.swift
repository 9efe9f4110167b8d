import DaiBaiCore
import DaiBaiMySQL
import Foundation
import Testing

/// The MariaDB server that `scripts/test` starts for the suite.
///
/// `scripts/test` exports `DAIBAI_TEST_MYSQL_URL` (a `mysql://` string for a `SELECT`-only
/// account on the `daibai_test` database) and `DAIBAI_TEST_REQUIRE_MYSQL=1`, so that a missing
/// server fails the run instead of skipping. A plain `swift test` skips these tests, and says so.
enum TestMariaDB {
    static var url: String? { ProcessInfo.processInfo.environment["DAIBAI_TEST_MYSQL_URL"] }

    static var isRequired: Bool { ProcessInfo.processInfo.environment["DAIBAI_TEST_REQUIRE_MYSQL"] == "1" }

    static var isAvailable: Bool { url != nil || isRequired }

    static func configuration() throws -> MySQLConnectorConfiguration {
        let url = try #require(url, "DAIBAI_TEST_MYSQL_URL is not set: run the suite with scripts/test")
        var configuration = try MySQLConnectorConfiguration(connectionString: SecretValue(url))
        // Generous: the suite runs in parallel on two busy cores.
        configuration.connectTimeout = .seconds(60)
        return configuration
    }
}
