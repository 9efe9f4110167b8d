import DaiBaiCore
import DaiBaiTestSupport
import Testing

/// The conformance kit's checks against Core's SQLite and local stores.
@Suite("Local store conformance")
struct LocalStoreConformanceTests {
    @Test("ChatStore", arguments: ChatStoreConformance.checks, LocalStoreSubjects.chatStores)
    func chatStore(check: ConformanceCheck<any ChatStore>, subject: ChatStoreSubject) async throws {
        try await check.run(on: subject)
    }

    @Test("DataInventory", arguments: DataInventoryConformance.checks, LocalStoreSubjects.inventories)
    func dataInventory(check: ConformanceCheck<any DataInventory>, subject: DataInventorySubject) async throws {
        try await check.run(on: subject)
    }

    @Test("SecretStore", arguments: SecretStoreConformance.checks, LocalStoreSubjects.secretStores)
    func secretStore(check: ConformanceCheck<any SecretStore>, subject: SecretStoreSubject) async throws {
        try await check.run(on: subject)
    }
}
