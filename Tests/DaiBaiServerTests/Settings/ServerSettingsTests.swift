import Configuration
import DaiBaiServer
import Testing

@Suite("ServerSettings")
struct ServerSettingsTests {
    static func reader(_ values: [String: String]) -> ConfigReader {
        var converted: [AbsoluteConfigKey: ConfigValue] = [:]
        for (key, value) in values { converted[AbsoluteConfigKey(key.split(separator: ".").map(String.init))] = .init(.string(value), isSecret: false) }
        return ConfigReader(provider: InMemoryProvider(values: converted))
    }

    @Test func refusesToStartWithoutServerAuthAndNamesTheSetting() {
        do {
            _ = try ServerSettings(config: Self.reader([:]), environment: [:])
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("server.auth"))
        }
    }

    @Test func defaultsAndFunctionsPortWins() throws {
        let plain = try ServerSettings(config: Self.reader(["server.auth": "development"]), environment: [:])
        #expect(plain.host == "127.0.0.1")
        #expect(plain.port == 8080)
        #expect(plain.maxBodyBytes == 1 << 20)
        #expect(plain.rateLimitPerMinute == 120)
        #expect(plain.verifiedCache == .memory)
        #expect(plain.sampleDatabase)
        #expect(!plain.runsUnderFunctions)
        let functions = try ServerSettings(config: Self.reader(["server.auth": "development", "server.host": "0.0.0.0", "server.port": "9000"]), environment: ["FUNCTIONS_CUSTOMHANDLER_PORT": "7071"])
        #expect(functions.port == 7071)
        #expect(functions.host == "127.0.0.1")
        #expect(functions.runsUnderFunctions)
    }

    @Test func oidcNeedsAnIssuer() {
        #expect(throws: ServerSettingsError.self) { try ServerSettings(config: Self.reader(["server.auth": "oidc"]), environment: [:]) }
        #expect(throws: ServerSettingsError.self) { try ServerSettings(config: Self.reader(["server.auth": "maybe"]), environment: [:]) }
    }
}
