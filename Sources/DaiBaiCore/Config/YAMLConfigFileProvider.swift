import Configuration
import Foundation
import Yams

/// A swift-configuration provider over a `daibai.yaml` file, with `${VAR}` expansion.
///
/// Placeholders are expanded when the file is loaded; an unset variable is a
/// ``ConfigurationError/unresolvedPlaceholder(key:variable:source:)`` naming the key, never a
/// literal left in place. Keys named like secrets (``SecretKeyPolicy``) are marked `isSecret`.
///
/// The file keeps the upstream shape (`llm.default`, `llm.providers.<name>.{…}`,
/// `databases.default`, `databases.<name>.{…}`). Because swift-configuration cannot list keys,
/// the provider also publishes the names found under `llm.providers` as `llm.provider_names`
/// and the database entries under `databases` as `databases.names`, unless the file sets them.
public struct YAMLConfigFileProvider: ConfigProvider, CustomStringConvertible {
    /// `YAML file <path>`.
    public let providerName: String
    /// The file the values came from.
    public let source: String
    private let yamlSnapshot: YAMLSnapshot

    /// Loads the YAML file at `path`, expanding placeholders from `variables`.
    public init(path: String, variables: [String: String]) throws(ConfigurationError) {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw .unreadableFile(path: path, reason: "not readable as UTF-8 text")
        }
        try self.init(yaml: text, source: path, variables: variables)
    }

    /// Loads YAML `yaml` that came from `source`, expanding placeholders from `variables`.
    public init(yaml: String, source: String, variables: [String: String]) throws(ConfigurationError) {
        self.source = source
        self.providerName = "YAML file \(source)"
        let resolver = PlaceholderResolver(variables: variables)
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch {
            throw .unreadableFile(path: source, reason: "invalid YAML (\(Self.describe(error)))")
        }
        var mapping: Node.Mapping
        switch root {
        case .none:
            mapping = Node.Mapping([])
        case .some(.mapping(let rootMapping)):
            mapping = rootMapping
        case .some:
            throw .unreadableFile(path: source, reason: "the top level must be a mapping of keys to values")
        }
        mapping = try Self.resolve(mapping, path: [], resolver: resolver, source: source)
        mapping = Self.publishNames(in: mapping)
        do {
            let resolvedText = try Yams.serialize(node: .mapping(mapping))
            let options = YAMLSnapshot.ParsingOptions(secretsSpecifier: .dynamic { key, _ in SecretKeyPolicy.isSecret(key: key) })
            let bytes = Array(resolvedText.utf8)
            yamlSnapshot = try YAMLSnapshot(data: bytes.span.bytes, providerName: providerName, parsingOptions: options)
        } catch {
            throw .unreadableFile(path: source, reason: "unsupported YAML structure (\(Self.describe(error)))")
        }
    }

    /// The provider name; values are not shown.
    public var description: String { providerName }

    // MARK: ConfigProvider

    /// Looks up `key` in the loaded file.
    public func value(forKey key: AbsoluteConfigKey, type: ConfigType) throws -> LookupResult {
        try yamlSnapshot.value(forKey: key, type: type)
    }

    /// Same as ``value(forKey:type:)``: the file is read once.
    public func fetchValue(forKey key: AbsoluteConfigKey, type: ConfigType) async throws -> LookupResult {
        try value(forKey: key, type: type)
    }

    /// Emits the current value once; the file is not watched.
    public func watchValue<Return: ~Copyable>(
        forKey key: AbsoluteConfigKey,
        type: ConfigType,
        updatesHandler: (ConfigUpdatesAsyncSequence<Result<LookupResult, any Error>, Never>) async throws -> Return
    ) async throws -> Return {
        try await watchValueFromValue(forKey: key, type: type, updatesHandler: updatesHandler)
    }

    /// The loaded values.
    public func snapshot() -> any ConfigSnapshot { yamlSnapshot }

    /// Emits the current snapshot once; the file is not watched.
    public func watchSnapshot<Return: ~Copyable>(
        updatesHandler: (ConfigUpdatesAsyncSequence<any ConfigSnapshot, Never>) async throws -> Return
    ) async throws -> Return {
        try await watchSnapshotFromSnapshot(updatesHandler: updatesHandler)
    }

    // MARK: Loading

    private static func resolve(_ mapping: Node.Mapping, path: [String], resolver: PlaceholderResolver, source: String) throws(ConfigurationError) -> Node.Mapping {
        var pairs: [(Node, Node)] = []
        for (keyNode, valueNode) in mapping {
            let key = keyNode.string ?? "?"
            if let resolved = try resolve(valueNode, path: path + [key], resolver: resolver, source: source) {
                pairs.append((keyNode, resolved))
            }
        }
        return Node.Mapping(pairs, mapping.tag, mapping.style)
    }

    /// The node with placeholders expanded, or `nil` for an explicit null (treated as unset).
    private static func resolve(_ node: Node, path: [String], resolver: PlaceholderResolver, source: String) throws(ConfigurationError) -> Node? {
        let key = path.joined(separator: ".")
        switch node {
        case .scalar(var scalar):
            if node.null != nil { return nil }
            if PlaceholderResolver.containsPlaceholder(scalar.string) {
                scalar.string = try resolver.resolve(scalar.string, key: key, source: source)
            }
            return .scalar(scalar)
        case .mapping(let mapping):
            return .mapping(try resolve(mapping, path: path, resolver: resolver, source: source))
        case .sequence(let sequence):
            var items: [Node] = []
            for (index, item) in sequence.enumerated() {
                if let resolved = try resolve(item, path: path + [String(index)], resolver: resolver, source: source) {
                    items.append(resolved)
                }
            }
            return .sequence(Node.Sequence(items, sequence.tag, sequence.style))
        case .alias:
            return node
        }
    }

    private static func publishNames(in root: Node.Mapping) -> Node.Mapping {
        var root = root
        if case .mapping(var llm)? = root["llm"], llm["provider_names"] == nil, let providers = llm["providers"]?.mapping {
            llm["provider_names"] = .sequence(Node.Sequence(providers.keys.compactMap { $0.string }.map { Node($0) }))
            root["llm"] = .mapping(llm)
        }
        if case .mapping(var databases)? = root["databases"], databases["names"] == nil {
            let names = databases.compactMap { key, value -> String? in
                guard let name = key.string, value.mapping != nil else { return nil }
                return name
            }
            databases["names"] = .sequence(Node.Sequence(names.map { Node($0) }))
            root["databases"] = .mapping(databases)
        }
        return root
    }

    private static func describe(_ error: any Error) -> String {
        // YAML errors quote the offending text, which may be a secret: keep only the position.
        if let yamlError = error as? YamlError, case .scanner(_, let problem, let mark, _) = yamlError {
            return "\(problem) at line \(mark.line), column \(mark.column)"
        }
        if let yamlError = error as? YamlError, case .parser(_, let problem, let mark, _) = yamlError {
            return "\(problem) at line \(mark.line), column \(mark.column)"
        }
        return "parse error"
    }
}
