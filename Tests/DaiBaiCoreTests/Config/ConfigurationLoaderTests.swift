import Configuration
import DaiBaiCore
import Foundation
import Testing

@Suite("Configuration loading: environment over .env over daibai.yaml")
struct ConfigurationLoaderTests {
    static let upstreamYAML = """
        llm:
          default: openai
          providers:
            openai:
              type: openai
              model: gpt-4o
              api_key: ${OPENAI_API_KEY}
              temperature: 0.2
            local:
              type: ollama
              model: codellama:13b
              endpoint: http://localhost:11434
        databases:
          default: shop
          shop:
            host: db.example.com
            port: 3306
            name: shop
            user: reader
            password: ${SHOP_PASSWORD}
          analytics:
            type: postgres
            host: pg.example.com
            database: analytics
          local_file:
            path: /data/chinook.db
        """

    @Test("the upstream file shape loads, with placeholders expanded from the environment")
    func upstreamShape() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let file = try dir.write(Self.upstreamYAML, to: "daibai.yaml")
        let loaded = try ConfigurationLoader.load(.init(configFile: file, dotEnvFile: nil, environment: ["OPENAI_API_KEY": "sk-live-123", "SHOP_PASSWORD": "pw-456"]))
        let settings = try DaiBaiSettings(config: loaded.reader)

        #expect(loaded.configFile == file)
        #expect(settings.defaultProvider == "openai")
        #expect(settings.providers.map(\.name) == ["openai", "local"])
        let openai = try #require(settings.provider())
        #expect(openai.type == "openai")
        #expect(openai.model == "gpt-4o")
        #expect(openai.apiKey?.revealed() == "sk-live-123")
        #expect(openai.temperature == 0.2)
        #expect(openai.maxTokens == 4096)
        let ollama = try #require(settings.provider(named: "local"))
        #expect(ollama.endpoint == "http://localhost:11434")
        #expect(ollama.temperature == 0, "temperature defaults to 0, not the upstream 0.7")

        #expect(settings.databases.map(\.name) == ["shop", "analytics", "local_file"])
        let shop = try #require(settings.database())
        #expect(shop.dialect == .mysql)
        #expect(shop.port == 3306)
        #expect(shop.database == "shop")
        #expect(shop.password?.revealed() == "pw-456")
        let analytics = try #require(settings.database(named: "analytics"))
        #expect(analytics.dialect == .postgresql)
        #expect(analytics.port == 5432)
        #expect(try #require(settings.database(named: "local_file")).dialect == .sqlite)
    }

    @Test("an unset ${VAR} in daibai.yaml is an error that names the key")
    func unresolvedPlaceholderNamesTheKey() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let file = try dir.write(Self.upstreamYAML, to: "daibai.yaml")
        let error = #expect(throws: ConfigurationError.self) {
            try ConfigurationLoader.load(.init(configFile: file, dotEnvFile: nil, environment: ["SHOP_PASSWORD": "pw"]))
        }
        #expect(error == .unresolvedPlaceholder(key: "llm.providers.openai.api_key", variable: "OPENAI_API_KEY", source: file))
        #expect(error?.description.contains("llm.providers.openai.api_key") == true)
        #expect(error?.description.contains("OPENAI_API_KEY") == true)
    }

    @Test("the environment wins over .env, which wins over the file")
    func precedence() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let file = try dir.write("""
            llm:
              providers:
                openai:
                  model: from-file
                  max_tokens: 100
                  endpoint: https://file.example
            """, to: "daibai.yaml")
        let dotEnv = try dir.write("LLM_PROVIDERS_OPENAI_MODEL=from-dotenv\nLLM_PROVIDERS_OPENAI_MAX_TOKENS=200\n", to: ".env")
        let loaded = try ConfigurationLoader.load(.init(configFile: file, dotEnvFile: dotEnv, environment: ["LLM_PROVIDERS_OPENAI_MODEL": "from-environment"]))
        let openai = try #require(try DaiBaiSettings(config: loaded.reader).provider(named: "openai"))
        #expect(openai.model == "from-environment")
        #expect(openai.maxTokens == 200)
        #expect(openai.endpoint == "https://file.example")
        #expect(loaded.dotEnvFile == dotEnv)
    }

    @Test(".env variables resolve placeholders but never override the real environment")
    func dotEnvResolvesPlaceholders() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let file = try dir.write("llm:\n  providers:\n    openai:\n      api_key: ${OPENAI_API_KEY}\n      model: ${MODEL}\n", to: "daibai.yaml")
        let dotEnv = try dir.write("OPENAI_API_KEY=from-dotenv\nMODEL=dotenv-model\n", to: ".env")
        let loaded = try ConfigurationLoader.load(.init(configFile: file, dotEnvFile: dotEnv, environment: ["MODEL": "env-model"]))
        let openai = try #require(try DaiBaiSettings(config: loaded.reader).provider(named: "openai"))
        #expect(openai.apiKey?.revealed() == "from-dotenv")
        #expect(openai.model == "env-model")
    }

    @Test("the first existing file of the search paths is used, in the upstream order")
    func searchOrder() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let second = try dir.write("llm:\n  default: b\n  providers:\n    b:\n      type: openai\n", to: "home/.daibai/daibai.yaml")
        try dir.write("llm:\n  default: c\n  providers:\n    c:\n      type: openai\n", to: "home/.config/daibai/daibai.yaml")
        let paths = ConfigurationLoader.defaultSearchPaths(home: dir.path + "/home").map { $0.replacingOccurrences(of: "./", with: dir.path + "/cwd/") }
        #expect(paths.count == 4)
        #expect(paths[2] == second)
        let loaded = try ConfigurationLoader.load(.init(searchPaths: paths, dotEnvFile: nil, environment: [:]))
        #expect(loaded.configFile == second)
        #expect(try DaiBaiSettings(config: loaded.reader).defaultProvider == "b")
    }

    @Test("with no file anywhere the defaults apply")
    func noFile() throws {
        let loaded = try ConfigurationLoader.load(.init(searchPaths: ["/nonexistent/daibai.yaml"], dotEnvFile: nil, environment: ["HOME": "/home/ana"]))
        let settings = try DaiBaiSettings(config: loaded.reader)
        #expect(loaded.configFile == nil)
        #expect(settings.providers.isEmpty)
        #expect(settings.storage.deployment == "local")
        #expect(settings.storage.directory.hasSuffix("/.daibai"))
    }

    @Test("an explicit file that does not exist is an error")
    func explicitMissingFile() {
        #expect(throws: ConfigurationError.unreadableFile(path: "/nonexistent/x.yaml", reason: "no such file")) {
            try ConfigurationLoader.load(.init(configFile: "/nonexistent/x.yaml", dotEnvFile: nil, environment: [:]))
        }
    }

    @Test("invalid YAML is an error that does not echo the file's text")
    func invalidYAML() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let file = try dir.write("llm:\n  api_key: \"sk-secret-value\n  other: [", to: "daibai.yaml")
        let error = #expect(throws: ConfigurationError.self) {
            try ConfigurationLoader.load(.init(configFile: file, dotEnvFile: nil, environment: [:]))
        }
        let message = try #require(error).description
        #expect(message.contains(file))
        #expect(!message.contains("sk-secret-value"))
    }

    @Test("keys that hold secrets are marked isSecret in the file and the environment")
    func secretsAreMarked() throws {
        let provider = try YAMLConfigFileProvider(yaml: "llm:\n  providers:\n    openai:\n      api_key: sk-1\n      model: gpt-4o\ndatabases:\n  main:\n    password: pw\n", source: "test", variables: [:])
        let apiKey = try provider.value(forKey: AbsoluteConfigKey(["llm", "providers", "openai", "api_key"]), type: .string)
        let model = try provider.value(forKey: AbsoluteConfigKey(["llm", "providers", "openai", "model"]), type: .string)
        let password = try provider.value(forKey: AbsoluteConfigKey(["databases", "main", "password"]), type: .string)
        #expect(apiKey.value?.isSecret == true)
        #expect(password.value?.isSecret == true)
        #expect(model.value?.isSecret == false)
        #expect(SecretKeyPolicy.isSecret(key: "OPENAI_API_KEY"))
        #expect(SecretKeyPolicy.isSecret(key: "secrets.encryption_key"))
        #expect(!SecretKeyPolicy.isSecret(key: "llm.providers.openai.max_tokens"))
    }

    @Test("settings descriptions never show secret values")
    func descriptionsRedact() throws {
        let loaded = try ConfigurationLoader.load(.init(searchPaths: [], dotEnvFile: nil, environment: [
            "LLM_PROVIDER_NAMES": "openai", "LLM_PROVIDERS_OPENAI_API_KEY": "sk-very-secret",
            "DATABASES_NAMES": "main", "DATABASES_MAIN_PASSWORD": "hunter2", "DATABASES_MAIN_HOST": "h",
        ]))
        let settings = try DaiBaiSettings(config: loaded.reader)
        let text = "\(settings.providers) \(settings.databases) \(String(reflecting: settings))"
        #expect(settings.provider()?.apiKey?.revealed() == "sk-very-secret")
        #expect(settings.database()?.password?.revealed() == "hunter2")
        #expect(!text.contains("sk-very-secret"))
        #expect(!text.contains("hunter2"))
    }

    @Test("a default provider or database that is not configured is an error naming the key")
    func unknownDefaults() throws {
        let loaded = try ConfigurationLoader.load(.init(searchPaths: [], dotEnvFile: nil, environment: ["LLM_DEFAULT": "nope"]))
        let error = #expect(throws: ConfigurationError.self) { try DaiBaiSettings(config: loaded.reader) }
        guard case .invalidSetting(let key, _)? = error else {
            Issue.record("expected invalidSetting, got \(String(describing: error))")
            return
        }
        #expect(key == "llm.default")
    }

    @Test("an unknown database dialect is an error naming the key")
    func unknownDialect() throws {
        let loaded = try ConfigurationLoader.load(.init(searchPaths: [], dotEnvFile: nil, environment: ["DATABASES_NAMES": "x", "DATABASES_X_DIALECT": "oracle"]))
        let error = #expect(throws: ConfigurationError.self) { try DaiBaiSettings(config: loaded.reader) }
        guard case .invalidSetting(let key, _)? = error else {
            Issue.record("expected invalidSetting, got \(String(describing: error))")
            return
        }
        #expect(key == "databases.x.dialect")
    }
}

@Suite("Error messages")
struct ErrorMessageTests {
    @Test("localizedDescription shows the same actionable message as description")
    func localizedDescription() {
        let error: any Error = ConfigurationError.missingSetting(key: "secrets.encryption_key", hint: "Set it.")
        #expect(error.localizedDescription == "Missing setting 'secrets.encryption_key'. Set it.")
        let storeError: any Error = ChatStoreError.conversationNotFound(id: "c9")
        #expect(storeError.localizedDescription.contains("'c9' was not found"))
    }
}
