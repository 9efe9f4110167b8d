import DaiBaiCore
import DaiBaiTesting
import Foundation
import Testing

/// One behavioural suite, run against every writable ``SecretStore`` implementation.
@Suite("SecretStore conformance")
struct SecretStoreConformanceTests {
    let ctx = TestContexts.a

    @Test("set, get, overwrite and delete", arguments: SecretStoreUnderTest.allCases)
    func lifecycle(kind: SecretStoreUnderTest) async throws {
        try await kind.withStore { store in
            let name = secretName("OPENAI_API_KEY")
            #expect(try await store.secret(named: name, context: ctx) == nil)
            try await store.setSecret(SecretValue("sk-first"), named: name, context: ctx)
            #expect(try await store.secret(named: name, context: ctx)?.revealed() == "sk-first")
            #expect(try await store.requireSecret(named: name, context: ctx).revealed() == "sk-first")
            try await store.setSecret(SecretValue("sk-second"), named: name, context: ctx)
            #expect(try await store.secret(named: name, context: ctx)?.revealed() == "sk-second")
            #expect(try await store.secretNames(context: ctx) == [name])
            try await store.deleteSecret(named: name, context: ctx)
            #expect(try await store.secret(named: name, context: ctx) == nil)
            #expect(try await store.secretNames(context: ctx) == [])
        }
    }

    @Test("missing secrets: nil, notFound on delete and require", arguments: SecretStoreUnderTest.allCases)
    func missing(kind: SecretStoreUnderTest) async throws {
        try await kind.withStore { store in
            let name = secretName("NOT_THERE")
            #expect(try await store.secretNames(context: ctx).isEmpty)
            #expect(try await store.secret(named: name, context: ctx) == nil)
            await #expect(throws: SecretStoreError.notFound(name)) {
                try await store.deleteSecret(named: name, context: ctx)
            }
            await #expect(throws: SecretStoreError.notFound(name)) {
                _ = try await store.requireSecret(named: name, context: ctx)
            }
            try await store.setSecret(SecretValue("v"), named: secretName("OTHER"), context: ctx)
            await #expect(throws: SecretStoreError.notFound(name)) {
                try await store.deleteSecret(named: name, context: ctx)
            }
            #expect(try await store.secret(named: secretName("OTHER"), context: ctx)?.revealed() == "v")
        }
    }

    @Test("names are listed sorted", arguments: SecretStoreUnderTest.allCases)
    func namesSorted(kind: SecretStoreUnderTest) async throws {
        try await kind.withStore { store in
            for raw in ["b_TOKEN", "A_KEY", "Z-9", "a", "AB"] {
                try await store.setSecret(SecretValue("value of \(raw)"), named: secretName(raw), context: ctx)
            }
            #expect(try await store.secretNames(context: ctx).map(\.rawValue) == ["AB", "A_KEY", "Z-9", "a", "b_TOKEN"])
            try await store.deleteSecret(named: secretName("Z-9"), context: ctx)
            #expect(try await store.secretNames(context: ctx).map(\.rawValue) == ["AB", "A_KEY", "a", "b_TOKEN"])
            #expect(try await store.secret(named: secretName("a"), context: ctx)?.revealed() == "value of a")
        }
    }

    static let values: [String] = [
        "",
        "plain",
        "ünïcødé 密钥 🔑 ﷽",
        "line1\nline2\nline3",
        "ends with newline\n",
        "\n",
        "two newlines\n\n",
        "crlf\r\n",
        "cr only\r",
        "  spaces and\ttabs  ",
        "quotes \" ' \\ and {\"json\": true}",
        "nul\u{0}inside",
        String(repeating: "0123456789abcdef", count: 1_024),
    ]

    @Test("values round-trip exactly", arguments: SecretStoreUnderTest.allCases, Self.values)
    func valuesRoundTrip(kind: SecretStoreUnderTest, value: String) async throws {
        try await kind.withStore { store in
            let name = secretName("ROUND_TRIP")
            try await store.setSecret(SecretValue(value), named: name, context: ctx)
            let read = try #require(try await store.secret(named: name, context: ctx))
            #expect(read.revealed() == value)
            #expect(read.revealed().utf8.count == value.utf8.count)
        }
    }

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
