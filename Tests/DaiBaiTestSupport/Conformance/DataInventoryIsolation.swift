import DaiBaiCore
import Foundation
import Testing

/// Tenant B must not reach tenant A's inventory entries through any ``DataInventory`` method;
/// users of one tenant share its inventory.
extension DataInventoryConformance {
    static func isolatedAcrossTenants(_ subject: DataInventorySubject) async throws {
        try await subject.withStore { inventory in
            let server = DataServer(name: "warehouse", dialect: .postgresql, location: .cloud, connectionSecret: secretName("A_CONN"), summary: "A's")
            let original = try await inventory.register(server, context: TestContexts.a)

            #expect(try await inventory.server(named: "warehouse", context: TestContexts.b) == nil)
            #expect(try await inventory.servers(context: TestContexts.b).isEmpty)
            await #expect(throws: DataInventoryError.notFound(name: "warehouse")) {
                try await inventory.remove(named: "warehouse", context: TestContexts.b)
            }

            // Registering the same name in B creates B's own entry.
            let bServer = DataServer(name: "warehouse", dialect: .mysql, location: .onPremises, connectionSecret: secretName("B_CONN"), summary: nil)
            let bRecord = try await inventory.register(bServer, context: TestContexts.b)
            #expect(bRecord.tenant == TestContexts.tenantB)
            #expect(bRecord.createdAt != original.createdAt)
            #expect(try await inventory.server(named: "warehouse", context: TestContexts.b)?.server == bServer)
            #expect(try await inventory.servers(context: TestContexts.b).map(\.server) == [bServer])

            #expect(try await inventory.server(named: "warehouse", context: TestContexts.a) == original)
            #expect(try await inventory.servers(context: TestContexts.a) == [original])

            try await inventory.remove(named: "warehouse", context: TestContexts.b)
            #expect(try await inventory.server(named: "warehouse", context: TestContexts.a) == original)
            #expect(try await inventory.server(named: "warehouse", context: TestContexts.b) == nil)

            // Users of the same tenant share the tenant's inventory.
            #expect(try await inventory.server(named: "warehouse", context: TestContexts.aBob) == original)
        }
    }
}
