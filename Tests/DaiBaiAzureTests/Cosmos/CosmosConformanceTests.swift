import DaiBaiAzure
import DaiBaiCore
import DaiBaiTestSupport
import Testing

/// The conformance kit's ChatStore and DataInventory checks against the Cosmos stores, over real
/// HTTP to the fake account. What only Cosmos has (its documents, partition keys and item size
/// limit) is in `CosmosStoreLayoutTests`.
@Suite("Cosmos store conformance")
struct CosmosConformanceTests {
    static let chatStore = ChatStoreSubject("CosmosChatStore") { setup, body in
        try await withCosmosChatStore(clock: setup.clock, ids: setup.ids) { store, _, _ in try await body(store) }
    }

    static let inventory = DataInventorySubject("CosmosDataInventory") { setup, body in
        try await withCosmosInventory(clock: setup.clock) { inventory, _, _ in try await body(inventory) }
    }

    @Test("ChatStore", arguments: ChatStoreConformance.checks)
    func chatStore(check: ConformanceCheck<any ChatStore>) async throws {
        try await check.run(on: Self.chatStore)
    }

    @Test("DataInventory", arguments: DataInventoryConformance.checks)
    func dataInventory(check: ConformanceCheck<any DataInventory>) async throws {
        try await check.run(on: Self.inventory)
    }
}
