import Configuration
import Foundation

/// Builds the configuration reader of a local installation: environment variables over a
/// `.env` file over `daibai.yaml` (the environment wins).
///
/// Further providers (for example Azure App Configuration from `DaiBaiAzure`) are placed
/// between the environment and the file with ``Options/additionalProviders``.
public struct ConfigurationLoader: Sendable {
    /// Where to look and what to merge.
    public struct Options: Sendable {
        /// An explicit configuration file; when set, the search paths are not used and a missing file is an error.
        public var configFile: String?
        /// The files tried in order when ``configFile`` is `nil`.
        public var searchPaths: [String]
        /// The `.env` file; a missing one is ignored.
        public var dotEnvFile: String?
        /// The process environment (injectable for tests).
        public var environment: [String: String]
        /// Providers consulted after the environment and before the file.
        public var additionalProviders: [any ConfigProvider]

        /// The upstream defaults: `./daibai.yaml`, `./.daibai.yaml`, `~/.daibai/daibai.yaml`,
        /// `~/.config/daibai/daibai.yaml`, `./.env`, and the process environment.
        public init(
            configFile: String? = nil,
            searchPaths: [String]? = nil,
            dotEnvFile: String? = ".env",
            environment: [String: String] = ProcessInfo.processInfo.environment,
            additionalProviders: [any ConfigProvider] = []
        ) {
            self.configFile = configFile
            self.searchPaths = searchPaths ?? ConfigurationLoader.defaultSearchPaths(home: environment["HOME"])
            self.dotEnvFile = dotEnvFile
            self.environment = environment
            self.additionalProviders = additionalProviders
        }
    }

    /// What was loaded.
    public struct Loaded: Sendable {
        /// The reader over all sources.
        public var reader: ConfigReader
        /// The YAML file used, if any.
        public var configFile: String?
        /// The `.env` file used, if it existed.
        public var dotEnvFile: String?
        /// The variables placeholders resolved against (`.env` merged under the environment).
        public var variables: [String: String]
    }

    /// The upstream search order for `daibai.yaml`.
    public static func defaultSearchPaths(home: String?) -> [String] {
        var paths = ["./daibai.yaml", "./.daibai.yaml"]
        if let home {
            paths += ["\(home)/.daibai/daibai.yaml", "\(home)/.config/daibai/daibai.yaml"]
        }
        return paths
    }

    /// Loads configuration as `options` say.
    public static func load(_ options: Options = Options()) throws(ConfigurationError) -> Loaded {
        var variables: [String: String] = [:]
        var usedDotEnv: String?
        if let dotEnv = options.dotEnvFile, FileManager.default.fileExists(atPath: dotEnv) {
            variables = try DotEnvFile.load(path: dotEnv)
            usedDotEnv = dotEnv
        }
        variables.merge(options.environment) { _, environment in environment }

        var providers: [any ConfigProvider] = [
            EnvironmentVariablesProvider(
                environmentVariables: variables,
                secretsSpecifier: .dynamic { key, _ in SecretKeyPolicy.isSecret(key: key) }
            )
        ]
        providers += options.additionalProviders

        var usedFile: String?
        if let explicit = options.configFile {
            guard FileManager.default.fileExists(atPath: explicit) else {
                throw .unreadableFile(path: explicit, reason: "no such file")
            }
            usedFile = explicit
        } else {
            usedFile = options.searchPaths.first { FileManager.default.fileExists(atPath: $0) }
        }
        if let usedFile {
            providers.append(try YAMLConfigFileProvider(path: usedFile, variables: variables))
        }
        return Loaded(reader: ConfigReader(providers: providers), configFile: usedFile, dotEnvFile: usedDotEnv, variables: variables)
    }
}
