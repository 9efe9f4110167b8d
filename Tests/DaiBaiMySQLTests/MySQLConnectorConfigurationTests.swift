import Configuration
import DaiBaiCore
import DaiBaiMySQL
import Testing

@Suite("MySQLConnectorConfiguration")
struct MySQLConnectorConfigurationTests {
    @Test("a full mysql:// string: encoded parts, ssl-mode, timeout; the description hides the password")
    func full() throws {
        let configuration = try MySQLConnectorConfiguration(
            connectionString: SecretValue("mysql://report%2Dbot:p%40ss%3Aw0rd@maria.example.org:3307/music%5Fstore?ssl-mode=VERIFY_IDENTITY&connect_timeout=7"))
        #expect(configuration.host == "maria.example.org")
        #expect(configuration.port == 3307)
        #expect(configuration.user == "report-bot")
        #expect(configuration.password?.revealed() == "p@ss:w0rd")
        #expect(configuration.database == "music_store")
        #expect(configuration.tls == .require)
        #expect(configuration.connectTimeout == .seconds(7))
        #expect("\(configuration)" == "report-bot@maria.example.org:3307/music_store (tls require, password set)")
    }

    @Test("mariadb:// and defaults, IPv6, parameters overriding the parts, every ssl-mode in any case")
    func variants() throws {
        let minimal = try MySQLConnectorConfiguration(connectionString: SecretValue("mariadb://ro@10.0.0.5"))
        #expect(minimal.host == "10.0.0.5" && minimal.port == 3306 && minimal.user == "ro")
        #expect(minimal.password == nil && minimal.database == nil && minimal.tls == .prefer && minimal.maximumConnections == 4)
        let ipv6 = try MySQLConnectorConfiguration(connectionString: SecretValue("mysql://ro:x@[fd00::7]:33060/sales"))
        #expect(ipv6.host == "fd00::7" && ipv6.port == 33060 && ipv6.database == "sales")
        let overridden = try MySQLConnectorConfiguration(
            connectionString: SecretValue("mysql://a@h/one?user=b&password=from-query&database=two"))
        #expect(overridden.user == "b" && overridden.password?.revealed() == "from-query" && overridden.database == "two")
        let modes: [(String, MySQLConnectorConfiguration.TLSMode)] = [
            ("DISABLED", .disable), ("disabled", .disable), ("PREFERRED", .prefer), ("REQUIRED", .require),
            ("verify_ca", .require), ("VERIFY_IDENTITY", .require),
        ]
        for (mode, tls) in modes {
            for key in ["ssl-mode", "sslmode", "ssl_mode"] {
                #expect(try MySQLConnectorConfiguration(connectionString: SecretValue("mysql://u@h/d?\(key)=\(mode)")).tls == tls)
            }
        }
    }

    @Test(
        "malformed strings are refused without echoing the string or the password",
        arguments: [
            "postgres://u:hunter2hunter2@h/d",
            "mysql://u:hunter2hunter2@h:0/d",
            "mysql://u:hunter2hunter2@h:70000/d",
            "mysql://:hunter2hunter2@h/d",
            "mysql://u:hunter2hunter2@/d",
            "mysql://u:hunter2hunter2%4@h/d",
            "mysql://u:hunter2hunter2@h/d?ssl-mode=ALWAYS",
            "mysql://u:hunter2hunter2@h/d?connect_timeout=-1",
            "mysql://u:hunter2hunter2@h/d?hunter2hunter2=on",
            "mysql://u:hunter2hunter2@h/a/b",
        ])
    func malformed(string: String) throws {
        let error = #expect(throws: DatabaseError.self) {
            try MySQLConnectorConfiguration(connectionString: SecretValue(string))
        }
        guard case .misconfigured(let message) = error else {
            Issue.record("expected .misconfigured, got \(String(describing: error))")
            return
        }
        #expect(message.hasPrefix("the MySQL connection string is invalid: "))
        #expect(!message.contains("hunter2"))
    }

    @Test("DatabaseSettings: parts with ssl, or the connection string; the wrong dialect and a missing user are refused")
    func settings() throws {
        func settings(_ values: [AbsoluteConfigKey: ConfigValue]) throws -> DatabaseSettings {
            try DatabaseSettings(name: "music", config: ConfigReader(provider: InMemoryProvider(values: values)))
        }
        let parts = try MySQLConnectorConfiguration(settings: settings([
            "dialect": "mariadb", "host": "db.lan", "user": "reader", "password": "pw-not-shown", "database": "music", "ssl": true,
        ]))
        #expect(parts.host == "db.lan" && parts.port == 3306 && parts.user == "reader" && parts.tls == .require)
        #expect(parts.password?.revealed() == "pw-not-shown" && parts.database == "music")

        let string = try MySQLConnectorConfiguration(settings: settings([
            "dialect": "mysql", "connection_string": "mysql://u:pw-not-shown@h:3310/x?ssl-mode=DISABLED",
        ]))
        #expect(string.port == 3310 && string.tls == .disable)

        let broken = #expect(throws: DatabaseError.self) {
            try MySQLConnectorConfiguration(settings: settings(["dialect": "mysql", "connection_string": "mysql://u:pw-not-shown@h:x/d"]))
        }
        #expect(broken.map { "\($0)".contains("databases.music.connection_string") } == true)
        #expect(broken.map { "\($0)".contains("pw-not-shown") } == false)

        #expect(throws: DatabaseError.misconfigured("databases.music is a postgresql database, not MySQL or MariaDB")) {
            try MySQLConnectorConfiguration(settings: settings(["dialect": "postgres", "host": "h", "user": "u"]))
        }
        #expect(throws: DatabaseError.misconfigured("databases.music.user is not set; set the user name to connect as")) {
            try MySQLConnectorConfiguration(settings: settings(["dialect": "mysql", "host": "h"]))
        }
    }

    @Test("the module links MariaDB Connector/C 3.x")
    func clientLibrary() {
        let version = MariaDBClientLibrary.version
        #expect(version.hasPrefix("3."), "client library version \(version)")
    }
}
