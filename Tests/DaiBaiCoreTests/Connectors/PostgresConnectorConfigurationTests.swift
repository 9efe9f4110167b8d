import Configuration
import DaiBaiCore
import Testing

@Suite("PostgresConnectorConfiguration")
struct PostgresConnectorConfigurationTests {
    @Test("parses a full connection string")
    func full() throws {
        let configuration = try PostgresConnectorConfiguration(
            connectionString: SecretValue("postgres://ana:s%40cr%2Ft:pw@db.example.com:6543/sales%20db?sslmode=require&connect_timeout=3&application_name=bot"))
        #expect(configuration.host == "db.example.com")
        #expect(configuration.port == 6543)
        #expect(configuration.user == "ana")
        #expect(configuration.password?.revealed() == "s@cr/t:pw")
        #expect(configuration.database == "sales db")
        #expect(configuration.tls == .require)
        #expect(configuration.connectTimeout == .seconds(3))
        #expect(configuration.applicationName == "bot")
        #expect(!"\(configuration)".contains("s@cr"))
    }

    @Test("parses minimal strings, IPv6 hosts and every sslmode")
    func variants() throws {
        let minimal = try PostgresConnectorConfiguration(connectionString: SecretValue("postgresql://bob@localhost"))
        #expect(minimal.host == "localhost" && minimal.port == 5432 && minimal.user == "bob")
        #expect(minimal.password == nil && minimal.database == nil && minimal.tls == .prefer)
        let ipv6 = try PostgresConnectorConfiguration(connectionString: SecretValue("postgres://bob:pw@[::1]:5433/db"))
        #expect(ipv6.host == "::1" && ipv6.port == 5433 && ipv6.database == "db")
        let expected: [String: PostgresConnectorConfiguration.TLSMode] = [
            "disable": .disable, "allow": .prefer, "prefer": .prefer, "require": .require, "verify-ca": .require, "verify-full": .require,
        ]
        for (mode, tls) in expected {
            #expect(try PostgresConnectorConfiguration(connectionString: SecretValue("postgres://u@h/d?sslmode=\(mode)")).tls == tls)
        }
        // An unencoded '@' in the password: the last '@' ends the user info.
        let lenient = try PostgresConnectorConfiguration(connectionString: SecretValue("postgres://u:p@ss@h/d"))
        #expect(lenient.password?.revealed() == "p@ss" && lenient.host == "h")
    }

    @Test(
        "refuses malformed strings without echoing them or the password",
        arguments: [
            "mysql://u:topsecret@h/d",
            "u:topsecret@h/d",
            "postgres://u:topsecret@h:99999/d",
            "postgres://u:topsecret@h:port/d",
            "postgres://u:topsecret@/d",
            "postgres://:topsecret@h/d",
            "postgres://u:topsecret%zz@h/d",
            "postgres://u:topsecret@h/d?sslmode=sometimes",
            "postgres://u:topsecret@h/d?topsecret=1",
            "postgres://u:topsecret@h1,h2/d",
            "postgres://u:topsecret@[::1/d",
        ])
    func malformed(string: String) throws {
        let error = #expect(throws: DatabaseError.self) {
            try PostgresConnectorConfiguration(connectionString: SecretValue(string))
        }
        guard case .misconfigured(let message) = error else {
            Issue.record("expected misconfigured, got \(String(describing: error))")
            return
        }
        #expect(!message.contains("topsecret"))
        #expect(!message.contains(string))
    }

    @Test("reads DatabaseSettings, preferring the connection string")
    func settings() throws {
        let reader = ConfigReader(provider: InMemoryProvider(values: [
            "host": "pg.internal", "port": 5439, "user": "reader", "password": "pw-secret", "database": "shop",
            "dialect": "postgres", "ssl": true,
        ]))
        let settings = try DatabaseSettings(name: "shop", config: reader)
        let configuration = try PostgresConnectorConfiguration(settings: settings)
        #expect(configuration.host == "pg.internal" && configuration.port == 5439 && configuration.user == "reader")
        #expect(configuration.password?.revealed() == "pw-secret" && configuration.database == "shop" && configuration.tls == .require)

        let withString = try DatabaseSettings(name: "s", config: ConfigReader(provider: InMemoryProvider(values: [
            "dialect": "postgresql", "connection_string": "postgres://u:pw-secret@h:1234/x?sslmode=disable",
        ])))
        let fromString = try PostgresConnectorConfiguration(settings: withString)
        #expect(fromString.host == "h" && fromString.port == 1234 && fromString.tls == .disable)

        let broken = try DatabaseSettings(name: "s", config: ConfigReader(provider: InMemoryProvider(values: [
            "dialect": "postgresql", "connection_string": "postgres://u:pw-secret@h:bad/x",
        ])))
        let error = #expect(throws: DatabaseError.self) { try PostgresConnectorConfiguration(settings: broken) }
        #expect(error.map { "\($0)".contains("databases.s.connection_string") } == true)
        #expect(error.map { "\($0)".contains("pw-secret") } == false)

        let sqlite = try DatabaseSettings(name: "l", config: ConfigReader(provider: InMemoryProvider(values: ["path": "/tmp/x.db"])))
        #expect(throws: DatabaseError.self) { try PostgresConnectorConfiguration(settings: sqlite) }
        let noHost = try DatabaseSettings(name: "n", config: ConfigReader(provider: InMemoryProvider(values: ["dialect": "postgres", "user": "u"])))
        #expect(throws: DatabaseError.misconfigured("databases.n.host is not set; set the server's host name")) {
            try PostgresConnectorConfiguration(settings: noHost)
        }
    }
}
