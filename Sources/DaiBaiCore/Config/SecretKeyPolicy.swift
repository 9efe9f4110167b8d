/// Decides which configuration keys hold secrets, so that swift-configuration redacts them
/// (`isSecret`) in access logs and descriptions.
public enum SecretKeyPolicy {
    /// Words that mark a key as secret when they appear in its last component.
    public static let markers = ["api_key", "apikey", "password", "passwd", "secret", "token", "connection_string", "encryption_key", "private_key", "credential"]

    /// Whether the configuration key `key` (dotted, like `llm.providers.openai.api_key`,
    /// or an environment variable name, like `OPENAI_API_KEY`) holds a secret.
    public static func isSecret(key: String) -> Bool {
        let last = key.split(whereSeparator: { $0 == "." }).last.map(String.init)?.lowercased() ?? key.lowercased()
        if last == "key" { return true }
        return markers.contains { last.contains($0) } || last.hasSuffix("_key")
    }
}
