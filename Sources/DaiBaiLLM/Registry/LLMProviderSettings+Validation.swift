import DaiBaiCore

/// The checks every provider configuration makes of its `llm.providers.<name>` settings, with
/// errors that name the setting.
extension LLMProviderSettings {
    /// `llm.providers.<name>`, the prefix of every key these settings come from.
    var configurationKeyPrefix: String { "llm.providers.\(name)" }

    /// Throws an invalid-`endpoint` error when `baseURL` is not a usable base URL.
    func validateEndpoint(_ baseURL: String) throws(ConfigurationError) {
        do throws(LLMEndpoint.ValidationError) {
            _ = try LLMEndpoint(baseURL)
        } catch {
            throw .invalidSetting(key: "\(configurationKeyPrefix).endpoint", reason: error.reason)
        }
    }

    /// Throws when `temperature` is outside `range` or `max_tokens` is not positive.
    /// - Parameter vendorNote: Appended to the temperature message, e.g. `" for Anthropic"`.
    func validateSampling(temperatureRange range: ClosedRange<Double> = 0...2, vendorNote: String = "") throws(ConfigurationError) {
        guard temperature.isFinite, range.contains(temperature) else {
            throw .invalidSetting(key: "\(configurationKeyPrefix).temperature", reason: "must be between \(Int(range.lowerBound)) and \(Int(range.upperBound))\(vendorNote)")
        }
        guard maxTokens > 0 else {
            throw .invalidSetting(key: "\(configurationKeyPrefix).max_tokens", reason: "must be a positive number of tokens")
        }
    }
}
