import DaiBaiCore
import DaiBaiTestSupport
import DaiBaiTesting
import Testing

/// The conformance kit's checks against the in-memory fakes, so a test that swaps a real store
/// for a fake keeps the real store's behaviour.
@Suite("In-memory store conformance")
struct InMemoryStoreConformanceTests {
    static let chatStore = ChatStoreSubject("InMemoryChatStore") { setup, body in
        if let ids = setup.ids {
            try await body(InMemoryChatStore(clock: setup.clock, idGenerator: ids))
        } else {
            try await body(InMemoryChatStore(clock: setup.clock))
        }
    }

    static let inventory = DataInventorySubject("InMemoryDataInventory") { setup, body in
        try await body(InMemoryDataInventory(clock: setup.clock))
    }

    static let secretStore = SecretStoreSubject("InMemorySecretStore") { _, body in
        try await body(InMemorySecretStore())
    }

    @Test("ChatStore", arguments: ChatStoreConformance.checks)
    func chatStore(check: ConformanceCheck<any ChatStore>) async throws {
        try await check.run(on: Self.chatStore)
    }

    @Test("DataInventory", arguments: DataInventoryConformance.checks)
    func dataInventory(check: ConformanceCheck<any DataInventory>) async throws {
        try await check.run(on: Self.inventory)
    }

    @Test("SecretStore", arguments: SecretStoreConformance.checks)
    func secretStore(check: ConformanceCheck<any SecretStore>) async throws {
        try await check.run(on: Self.secretStore)
    }
}
