import DaiBaiCore
import Foundation
import Testing

/// A writable ``SecretStore`` implementation under test.
public typealias SecretStoreSubject = StoreSubject<any SecretStore>

/// The behaviours every writable ``SecretStore`` must show, checked against any
/// ``SecretStoreSubject``: the protocol's contract, exact values, and tenant isolation.
public enum SecretStoreConformance {
    /// Every check, in the order the report lists them.
    public static let checks: [ConformanceCheck<any SecretStore>] = [
        ConformanceCheck("set, get, overwrite and delete", lifecycle),
        ConformanceCheck("missing secrets: nil, notFound on delete and require", missing),
        ConformanceCheck("names are listed sorted", namesSorted),
        ConformanceCheck("values round-trip exactly", valuesRoundTrip),
        ConformanceCheck("another tenant cannot read, list, overwrite or delete a secret", isolatedAcrossTenants),
    ]

    static let ctx = TestContexts.a

    static func lifecycle(_ subject: SecretStoreSubject) async throws {
        try await subject.withStore { store in
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

    static func missing(_ subject: SecretStoreSubject) async throws {
        try await subject.withStore { store in
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

    static func namesSorted(_ subject: SecretStoreSubject) async throws {
        try await subject.withStore { store in
            for raw in ["b_TOKEN", "A_KEY", "Z-9", "a", "AB"] {
                try await store.setSecret(SecretValue("value of \(raw)"), named: secretName(raw), context: ctx)
            }
            #expect(try await store.secretNames(context: ctx).map(\.rawValue) == ["AB", "A_KEY", "Z-9", "a", "b_TOKEN"])
            try await store.deleteSecret(named: secretName("Z-9"), context: ctx)
            #expect(try await store.secretNames(context: ctx).map(\.rawValue) == ["AB", "A_KEY", "a", "b_TOKEN"])
            #expect(try await store.secret(named: secretName("a"), context: ctx)?.revealed() == "value of a")
        }
    }

    /// Values that break naive storage: empty, newlines, NULs, non-ASCII, 16 KiB.
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

    static func valuesRoundTrip(_ subject: SecretStoreSubject) async throws {
        try await subject.withStore { store in
            for (index, value) in values.enumerated() {
                try await store.setSecret(SecretValue(value), named: secretName("ROUND_TRIP_\(index)"), context: ctx)
            }
            for (index, value) in values.enumerated() {
                let read = try #require(try await store.secret(named: secretName("ROUND_TRIP_\(index)"), context: ctx))
                #expect(read.revealed() == value, "value \(index)")
                #expect(read.revealed().utf8.count == value.utf8.count, "value \(index)")
            }
        }
    }
}
