/// Decides which configuration keys hold secrets, so that swift-configuration redacts them
/// (`isSecret`) in access logs and descriptions.
///
/// The last component of the key is split into words at `_`, `-` and camel case; it is a
/// secret when a word is one of ``secretWords`` or it ends in `key` (`api_key`,
/// `encryption_key`, `KEY`) or is a connection string.
public enum SecretKeyPolicy {
    /// Words that mark a key as secret.
    public static let secretWords: Set<String> = ["password", "passwd", "pwd", "secret", "token", "apikey", "credential", "credentials", "sas", "key"]

    /// Whether the configuration key `key` (dotted, like `llm.providers.openai.api_key`,
    /// or an environment variable name, like `OPENAI_API_KEY`) holds a secret.
    public static func isSecret(key: String) -> Bool {
        let last = key.split(separator: ".").last.map(String.init) ?? key
        let words = splitWords(last)
        if words.contains(where: secretWords.contains) { return true }
        return words.suffix(2) == ["connection", "string"]
    }

    private static func splitWords(_ text: String) -> [String] {
        var words: [String] = []
        var current = ""
        var previousWasLower = false
        for character in text {
            if character == "_" || character == "-" {
                if !current.isEmpty { words.append(current.lowercased()) }
                current = ""
                previousWasLower = false
                continue
            }
            if character.isUppercase && previousWasLower {
                words.append(current.lowercased())
                current = ""
            }
            current.append(character)
            previousWasLower = character.isLowercase
        }
        if !current.isEmpty { words.append(current.lowercased()) }
        return words
    }
}
