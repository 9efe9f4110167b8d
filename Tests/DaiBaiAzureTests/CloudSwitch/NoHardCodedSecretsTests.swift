import DaiBaiCore
import Foundation
import Testing

/// Seed design, Phase 1 success criterion 2: no code path falls back to a hard-coded value
/// for a sensitive key.
@Suite("Cloud switch: no hard-coded secret fallbacks")
struct NoHardCodedSecretsTests {
    static let sources = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources")

    @Test("the scanner catches each kind of fallback it looks for")
    func scannerCatchesFallbacks() {
        let offending = [
            #"let key = config.string(forKey: "llm.providers.openai.api_key", default: "abc")"#,
            #"let key = environment["OPENAI_API_KEY"] ?? "abc""#,
            #"let key = "sk-proj-abcdefghijklmnopqrstuvwxyz012345""#,
            #"let hook = "whsec_abcdefghijklmnop""#,
            #"let conn = "DefaultEndpointsProtocol=https;AccountName=a;AccountKey=abcdefghijklmnopqrstuvwxyz==""#,
            "let pem = \"-----BEGIN RSA PRIVATE KEY-----\"",
        ]
        let scanner = HardCodedSecretScanner()
        for (index, line) in offending.enumerated() {
            #expect(scanner.scan(line, file: "sample.swift").count == 1, "line \(index) not caught: \(line)")
        }
        let harmless = [
            #"let dir = config.string(forKey: "secrets.directory", default: "/run/secrets")"#,
            #"let url = environment["KEY_VAULT_URL"] ?? """#,
            "// let key = \"sk-proj-abcdefghijklmnopqrstuvwxyz012345\"",
            #"reason: "AZURE_TOKEN_CREDENTIALS=\(environment["AZURE_TOKEN_CREDENTIALS"] ?? "unset")""#,
        ]
        for line in harmless {
            #expect(scanner.scan(line, file: "sample.swift").isEmpty, "false positive: \(line)")
        }
    }

    @Test("no source file of the SDK has a hard-coded fallback for a sensitive key")
    func sourcesHaveNoFallbacks() throws {
        let result = try HardCodedSecretScanner().scan(directory: Self.sources)
        #expect(result.files > 100, "scanned only \(result.files) files under \(Self.sources.path)")
        #expect(result.findings.isEmpty, "\(result.findings)")
    }
}
