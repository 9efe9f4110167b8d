import DaiBaiCore
import Logging

/// Builds a snapshot from the store: key-values of the selectors (in order, later wins),
/// Key Vault references resolved through the secret store, feature flags from their selectors.
struct AppConfigurationLoader: Sendable {
    let client: AppConfigurationClient
    let selectors: [AppConfigurationSelector]
    let featureFlagSelectors: [AppConfigurationSelector]
    let mapping: AppConfigurationKeyMapping
    let secretStore: (any SecretStore)?
    let secretContext: RequestContext
    let providerName: String
    let logger: Logger

    /// Loads a new snapshot.
    ///
    /// A Key Vault reference that cannot be resolved fails the load when there is no
    /// `previous` snapshot (the first load); on a refresh the key keeps its previous value
    /// (or stays unset if it is new) and a warning names the key.
    func load(previous: AppConfigurationSnapshot?) async throws(AppConfigurationError) -> AppConfigurationSnapshot {
        var winners: [[String]: AppConfigurationKeyValue] = [:]
        for selector in selectors {
            for item in try await client.list(selector) where !item.key.hasPrefix(AppConfigurationFeatureFlag.keyPrefix) {
                guard let components = mapping.components(of: item.key) else { continue }
                winners[components] = item
            }
        }

        var entries: [[String]: AppConfigurationEntry] = [:]
        for (components, item) in winners {
            guard AppConfigurationContentType.matches(item.contentType, AppConfigurationContentType.keyVaultReference) else {
                let isSecret = SecretKeyPolicy.isSecret(key: components.joined(separator: "."))
                entries[components] = AppConfigurationEntry(value: item.value ?? "", isSecret: isSecret, sourceKey: item.key)
                continue
            }
            do throws(AppConfigurationError) {
                let secret = try await resolve(item)
                entries[components] = AppConfigurationEntry(value: secret.revealed(), isSecret: true, sourceKey: item.key)
            } catch {
                if case .cancelled = error { throw error }
                guard let previous else { throw error }
                logger.warning(
                    "App Configuration Key Vault reference not resolved; keeping the previous value",
                    metadata: ["key": "\(item.key)", "error": "\(error)"]
                )
                if let old = previous.entries[components] { entries[components] = old }
            }
        }

        var flags: [String: Bool] = [:]
        for selector in featureFlagSelectors {
            for item in try await client.list(selector) {
                guard let flag = try AppConfigurationFeatureFlag(item) else { continue }
                flags[flag.id] = flag.enabled
            }
        }
        for (id, enabled) in flags {
            entries[AppConfigurationKeyMapping.featureFlagComponents(id)] = AppConfigurationEntry(
                value: enabled ? "true" : "false", isSecret: false, sourceKey: AppConfigurationFeatureFlag.keyPrefix + id)
        }
        return AppConfigurationSnapshot(providerName: providerName, entries: entries, featureFlags: flags)
    }

    /// The secret a Key Vault reference points to.
    private func resolve(_ item: AppConfigurationKeyValue) async throws(AppConfigurationError) -> SecretValue {
        let reference = try AppConfigurationKeyVaultReference(value: item.value, key: item.key)
        guard let secretStore else {
            throw .unresolvedKeyVaultReference(key: item.key, reason: "no secret store was given to the provider")
        }
        let secret: SecretValue?
        do {
            secret = try await secretStore.secret(named: reference.secretName, context: secretContext)
        } catch {
            throw .unresolvedKeyVaultReference(key: item.key, reason: "the \(secretStore.storeName) secret store failed: \(error)")
        }
        guard let secret else {
            throw .unresolvedKeyVaultReference(key: item.key, reason: "secret '\(reference.secretName)' is not in the \(secretStore.storeName) secret store")
        }
        return secret
    }
}
