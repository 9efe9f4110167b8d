import DaiBaiCore
import Foundation
import Testing

/// Tenant B must not reach tenant A's secrets through any ``SecretStore`` method.
extension SecretStoreConformance {
    static func isolatedAcrossTenants(_ subject: SecretStoreSubject) async throws {
        try await subject.withStore { store in
            let name = secretName("WAREHOUSE_PASSWORD")
            try await store.setSecret(SecretValue("a-value"), named: name, context: TestContexts.a)

            #expect(try await store.secret(named: name, context: TestContexts.b) == nil)
            #expect(try await store.secretNames(context: TestContexts.b).isEmpty)
            await #expect(throws: SecretStoreError.notFound(name)) {
                try await store.deleteSecret(named: name, context: TestContexts.b)
            }
            await #expect(throws: SecretStoreError.notFound(name)) {
                _ = try await store.requireSecret(named: name, context: TestContexts.b)
            }

            try await store.setSecret(SecretValue("b-value"), named: name, context: TestContexts.b)
            #expect(try await store.secret(named: name, context: TestContexts.b)?.revealed() == "b-value")
            #expect(try await store.secret(named: name, context: TestContexts.a)?.revealed() == "a-value")
            #expect(try await store.secretNames(context: TestContexts.a) == [name])
            #expect(try await store.secretNames(context: TestContexts.b) == [name])

            try await store.deleteSecret(named: name, context: TestContexts.b)
            #expect(try await store.secret(named: name, context: TestContexts.b) == nil)
            #expect(try await store.secret(named: name, context: TestContexts.a)?.revealed() == "a-value")
            #expect(try await store.secretNames(context: TestContexts.a) == [name])
        }
    }
}
