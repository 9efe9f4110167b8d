import DaiBaiCore

extension LLMProviderRegistry {
    /// A factory for ``UserKeyModelResolver``: builds the provider `settings` describe, but
    /// sending the given key instead of `settings.apiKey`.
    ///
    /// ```swift
    /// let resolver = UserKeyModelResolver(
    ///     provider: settings.type, vault: vault,
    ///     makeProvider: LLMProviderRegistry.standard.keyedFactory(for: settings),
    ///     platform: try LLMProviderRegistry.standard.makeProvider(settings))
    /// ```
    public func keyedFactory(for settings: LLMProviderSettings, context: LLMProviderContext = LLMProviderContext()) -> UserKeyModelResolver.ProviderFactory {
        let registry = self
        return { key throws(ConfigurationError) in
            var keyed = settings
            keyed.apiKey = key
            return try registry.makeProvider(keyed, context: context)
        }
    }
}
