import DaiBaiCore

/// A ``ProviderKeyVerifier`` that lists the vendor's models with the key: the vendor's answer
/// decides, before the key is stored.
///
/// An authentication or permission error means the key is refused (`invalidKey`); a network
/// error, an outage or a rate limit means it could not be checked (`keyVerificationUnavailable`).
/// Provider types without a model list (for example `azure`) are accepted on shape alone.
public struct ModelListKeyVerifier: ProviderKeyVerifier {
    private let settings: [String: LLMProviderSettings]
    private let registry: LLMProviderRegistry
    private let context: LLMProviderContext

    /// Creates a verifier for the providers `settings` describe, keyed by their `type`.
    public init(settings: [LLMProviderSettings], registry: LLMProviderRegistry = .standard, context: LLMProviderContext = LLMProviderContext()) {
        self.settings = Dictionary(settings.map { ($0.type, $0) }, uniquingKeysWith: { first, _ in first })
        self.registry = registry
        self.context = context
    }

    /// Lists `provider`'s models with `key`.
    public func verify(_ key: SecretValue, provider: String) async throws(UserKeyVaultError) {
        guard var keyed = settings[provider] else {
            throw .keyVerificationUnavailable(provider: provider, reason: "no settings for provider type '\(provider)' are configured")
        }
        keyed.apiKey = key
        let built: any LLMProvider
        do {
            built = try registry.makeProvider(keyed, context: context)
        } catch {
            throw .keyVerificationUnavailable(provider: provider, reason: error.description)
        }
        guard let listing = built as? any ModelListingProvider else { return }
        do {
            _ = try await listing.listModels()
        } catch {
            switch error {
            case .authentication, .permissionDenied:
                throw .invalidKey(provider: provider, reason: "\(provider) refused the key")
            default:
                throw .keyVerificationUnavailable(provider: provider, reason: error.description)
            }
        }
    }
}
