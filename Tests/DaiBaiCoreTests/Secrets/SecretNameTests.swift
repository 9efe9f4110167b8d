import DaiBaiCore
import Testing

/// Which secret names can be made: the rules every store relies on.
@Suite("Secret names")
struct SecretNameTests {
    @Test("invalid secret names cannot be made", arguments: [
        "", "1STARTS_WITH_DIGIT", "_UNDERSCORE_FIRST", "-DASH", "../etc/passwd", "a/b", "a\\b", ".hidden",
        "has space", "dot.name", "ünï", "NUL\u{0}", String(repeating: "A", count: 128),
    ])
    func invalidNames(raw: String) {
        #expect(SecretName(rawValue: raw) == nil)
        #expect {
            _ = try SecretName(validating: raw)
        } throws: { error in
            guard let error = error as? SecretStoreError, case .invalidName(let detail) = error else { return false }
            return detail.kind == "secret name" && !(raw.count > 3 && "\(error)".contains(raw))
        }
    }

    @Test("valid secret names are accepted", arguments: ["A", "a", "OPENAI_API_KEY", "x-1_y", String(repeating: "A", count: 127)])
    func validNames(raw: String) throws {
        #expect(try SecretName(validating: raw).rawValue == raw)
    }
}
