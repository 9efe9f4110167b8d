import DaiBaiCore
import Foundation

/// Finds places in Swift source where a sensitive setting could fall back to a value written
/// in the code (seed design, Phase 1 success criterion 2).
///
/// It flags:
/// - a configuration read of a secret key with a default (`string(forKey: "llm.api_key", default: "…")`),
/// - an environment lookup of a secret variable with a non-empty literal fallback (`environment["OPENAI_API_KEY"] ?? "…"`),
/// - a literal that looks like a real credential (OpenAI/Stripe keys, webhook secrets, storage
///   account keys, private keys, AWS access keys).
/// Secret keys are those Core's ``SecretKeyPolicy`` marks, the same rule that redacts them.
struct HardCodedSecretScanner {
    struct Finding: CustomStringConvertible, Equatable {
        var file: String
        var line: Int
        var rule: String
        var description: String { "\(file):\(line): \(rule)" }
    }

    private var configDefault: Regex<(Substring, Substring)> { #/forKey:\s*"([^"]+)"[^\n]*default:/# }
    private var environmentFallback: Regex<(Substring, Substring)> { #/nvironment\[\s*"([A-Za-z0-9_]+)"\s*\]\s*\?\?\s*"[^"]/# }
    private var credentialLiterals: [(String, Regex<Substring>)] { [
        ("OpenAI-style API key", #/"sk-(?:proj-)?[A-Za-z0-9_\-]{20,}/#),
        ("Stripe secret key", #/"(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{10,}/#),
        ("Stripe webhook secret", #/"whsec_[A-Za-z0-9]{10,}/#),
        ("storage account key", #/AccountKey=[A-Za-z0-9+\/]{20,}/#),
        ("private key", #/-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----/#),
        ("AWS access key", #/"AKIA[0-9A-Z]{16}"/#),
    ] }

    /// The findings in one file's text.
    func scan(_ text: String, file: String) -> [Finding] {
        var findings: [Finding] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("//") { continue }
            if let match = line.firstMatch(of: configDefault), SecretKeyPolicy.isSecret(key: String(match.1)) {
                findings.append(Finding(file: file, line: index + 1, rule: "secret setting '\(match.1)' has a default"))
            }
            // A lookup inside a string interpolation (a message) is not a fallback.
            if let match = line.firstMatch(of: environmentFallback), SecretKeyPolicy.isSecret(key: String(match.1)),
                !line[..<match.range.lowerBound].hasSuffix("\\(e"), !line[..<match.range.lowerBound].hasSuffix("\\(E") {
                findings.append(Finding(file: file, line: index + 1, rule: "secret variable '\(match.1)' falls back to a literal"))
            }
            for (rule, pattern) in credentialLiterals where line.contains(pattern) {
                findings.append(Finding(file: file, line: index + 1, rule: "\(rule) literal"))
            }
        }
        return findings
    }

    /// The findings in every `.swift` file under `directory`.
    func scan(directory: URL) throws -> (files: Int, findings: [Finding]) {
        var files = 0
        var findings: [Finding] = []
        let enumerator = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil)
        while let url = enumerator?.nextObject() as? URL {
            guard url.pathExtension == "swift" else { continue }
            files += 1
            let text = try String(contentsOf: url, encoding: .utf8)
            findings += scan(text, file: url.path.replacingOccurrences(of: directory.path + "/", with: ""))
        }
        return (files, findings)
    }
}
