import DaiBaiCore

extension LLMProviderRegistry {
    /// The provider settings the environment describes when no `daibai.yaml` configures one,
    /// or `nil` when it describes none. Blank values count as unset.
    ///
    /// 1. `DAIBAI_LLM_BASE_URL` set: type `openai-compatible` at that base URL, with
    ///    `DAIBAI_LLM_MODEL` and the optional key `DAIBAI_LLM_API_KEY`. It wins over
    ///    `OPENAI_API_KEY`, which is never sent to that base URL.
    /// 2. Else `OPENAI_API_KEY` set: type `openai` with that key and `DAIBAI_LLM_MODEL`
    ///    (or `gpt-4o`).
    /// 3. Else `ANTHROPIC_API_KEY`: type `anthropic`; else `GEMINI_API_KEY`: type `gemini`
    ///    (with `DAIBAI_LLM_MODEL` or the type's default model).
    /// 4. Else `AZURE_OPENAI_API_KEY` with `AZURE_OPENAI_ENDPOINT` and `AZURE_OPENAI_DEPLOYMENT`
    ///    (optionally `AZURE_OPENAI_API_VERSION`): type `azure`.
    ///
    /// Temperature is 0.
    public static func settingsFromEnvironment(_ environment: [String: String]) -> LLMProviderSettings? {
        let model = environment["DAIBAI_LLM_MODEL"].nonEmpty
        if let baseURL = environment["DAIBAI_LLM_BASE_URL"].nonEmpty {
            return LLMProviderSettings(
                name: "openai-compatible",
                type: "openai-compatible",
                model: model,
                apiKey: environment["DAIBAI_LLM_API_KEY"].nonEmpty.map(SecretValue.init),
                endpoint: baseURL,
                temperature: 0
            )
        }
        if let key = environment["OPENAI_API_KEY"].nonEmpty {
            return LLMProviderSettings(name: "openai", type: "openai", model: model, apiKey: SecretValue(key), temperature: 0)
        }
        if let key = environment["ANTHROPIC_API_KEY"].nonEmpty {
            return LLMProviderSettings(name: "anthropic", type: "anthropic", model: model, apiKey: SecretValue(key), temperature: 0)
        }
        if let key = environment["GEMINI_API_KEY"].nonEmpty {
            return LLMProviderSettings(name: "gemini", type: "gemini", model: model, apiKey: SecretValue(key), temperature: 0)
        }
        if let key = environment["AZURE_OPENAI_API_KEY"].nonEmpty {
            return LLMProviderSettings(
                name: "azure", type: "azure", model: environment["AZURE_OPENAI_DEPLOYMENT"].nonEmpty ?? model,
                apiKey: SecretValue(key), endpoint: environment["AZURE_OPENAI_ENDPOINT"].nonEmpty,
                apiVersion: environment["AZURE_OPENAI_API_VERSION"].nonEmpty, temperature: 0)
        }
        return nil
    }

    /// The provider the environment describes (see ``settingsFromEnvironment(_:)``), built with
    /// the ``standard`` registry, or `nil` when the environment describes none.
    ///
    /// - Throws: ``ConfigurationError`` naming `DAIBAI_LLM_BASE_URL` or `DAIBAI_LLM_MODEL`
    ///   when the base URL is invalid or the model is missing.
    public static func fromEnvironment(_ environment: [String: String], context: LLMProviderContext = LLMProviderContext()) throws(ConfigurationError) -> (any LLMProvider)? {
        guard let settings = settingsFromEnvironment(environment) else { return nil }
        if settings.type == "openai-compatible" {
            guard settings.model != nil else {
                throw .missingSetting(key: "DAIBAI_LLM_MODEL", hint: "DAIBAI_LLM_BASE_URL is set; also set DAIBAI_LLM_MODEL to the model the server should run.")
            }
            do throws(LLMEndpoint.ValidationError) {
                _ = try LLMEndpoint(settings.endpoint ?? "")
            } catch {
                throw .invalidSetting(key: "DAIBAI_LLM_BASE_URL", reason: error.reason)
            }
        }
        return try standard.makeProvider(settings, context: context)
    }
}
