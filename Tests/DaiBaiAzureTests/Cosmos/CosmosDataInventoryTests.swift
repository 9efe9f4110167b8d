import DaiBaiAzure
import DaiBaiCore
import DaiBaiTestSupport
import Foundation
import Testing

/// `CosmosDataInventory` against the fake account: the behaviours of Core's DataInventory
/// conformance suite (Tests/DaiBaiCoreTests/Conformance/DataInventoryConformanceTests.swift),
/// restated here for the Cosmos inventory.
@Suite("Cosmos data inventory")
struct CosmosDataInventoryTests {
    let ctx = CosmosTestContexts.a

    static func secret(_ raw: String) -> SecretName { SecretName(rawValue: raw) ?? SecretName(rawValue: "INVALID")! }

    static let warehouse = DataServer(
        name: "warehouse", dialect: .postgresql, location: .cloud,
        connectionSecret: secret("WAREHOUSE_CONNECTION_STRING"), summary: "Sales warehouse – ünïcode")

    @Test("register then get returns the record")
    func registerAndGet() async throws {
        try await withCosmosInventory { inventory, _, _ in
            let record = try await inventory.register(Self.warehouse, context: ctx)
            let expected = DataServerRecord(
                tenant: CosmosTestContexts.tenantA, server: Self.warehouse,
                createdAt: CosmosSteppingClock.time(0), updatedAt: CosmosSteppingClock.time(0))
            #expect(record == expected)
            #expect(try await inventory.server(named: "warehouse", context: ctx) == expected)
            #expect(try await inventory.server(named: "other", context: ctx) == nil)
            #expect(try await inventory.servers(context: ctx) == [expected])
        }
    }

    @Test("registering a name again replaces the entry and keeps createdAt")
    func upsert() async throws {
        try await withCosmosInventory { inventory, _, server in
            try await inventory.register(Self.warehouse, context: ctx)  // t0
            let replacement = DataServer(
                name: "warehouse", dialect: .sqlserver, location: .onPremises, connectionSecret: Self.secret("NEW_SECRET"), summary: nil)
            let record = try await inventory.register(replacement, context: ctx)  // t1
            let expected = DataServerRecord(
                tenant: CosmosTestContexts.tenantA, server: replacement,
                createdAt: CosmosSteppingClock.time(0), updatedAt: CosmosSteppingClock.time(1))
            #expect(record == expected)
            #expect(try await inventory.server(named: "warehouse", context: ctx) == expected)
            #expect(try await inventory.servers(context: ctx) == [expected])
            // The replacement was conditional on the version read.
            #expect(server.requests.filter { $0.method == "PUT" }.allSatisfy { $0.header("if-match") != nil })
        }
    }

    @Test("servers are listed sorted by name")
    func sorted() async throws {
        try await withCosmosInventory { inventory, _, _ in
            for name in ["b", "a-2", "Z", "a", "a_1", "10"] {
                try await inventory.register(
                    DataServer(name: name, dialect: .sqlite, location: .cloud, connectionSecret: Self.secret("K_\(name)")), context: ctx)
            }
            #expect(try await inventory.servers(context: ctx).map(\.server.name) == ["10", "Z", "a", "a-2", "a_1", "b"])
            #expect(try await inventory.servers(context: ctx).map(\.server.connectionSecret.rawValue)
                == ["K_10", "K_Z", "K_a", "K_a-2", "K_a_1", "K_b"])
        }
    }

    @Test("every dialect and location round-trips")
    func enumsRoundTrip() async throws {
        try await withCosmosInventory { inventory, _, _ in
            var expected: [String: DataServer] = [:]
            for dialect in SQLDialect.allCases {
                for location in DataServerLocation.allCases {
                    let server = DataServer(
                        name: "\(dialect.rawValue)-\(location.rawValue)", dialect: dialect, location: location,
                        connectionSecret: Self.secret("CONN"), summary: nil)
                    expected[server.name] = server
                    try await inventory.register(server, context: ctx)
                }
            }
            let servers = try await inventory.servers(context: ctx)
            #expect(servers.count == SQLDialect.allCases.count * DataServerLocation.allCases.count)
            for record in servers {
                #expect(record.server == expected[record.server.name])
            }
        }
    }

    @Test("remove deletes the entry; removing again throws notFound")
    func remove() async throws {
        try await withCosmosInventory { inventory, _, _ in
            try await inventory.register(Self.warehouse, context: ctx)
            try await inventory.register(
                DataServer(name: "crm", dialect: .mysql, location: .cloud, connectionSecret: Self.secret("CRM_PASSWORD")), context: ctx)
            try await inventory.remove(named: "warehouse", context: ctx)
            #expect(try await inventory.server(named: "warehouse", context: ctx) == nil)
            #expect(try await inventory.servers(context: ctx).map(\.server.name) == ["crm"])
            await #expect(throws: DataInventoryError.notFound(name: "warehouse")) {
                try await inventory.remove(named: "warehouse", context: ctx)
            }
            await #expect(throws: DataInventoryError.notFound(name: "never")) {
                try await inventory.remove(named: "never", context: ctx)
            }
        }
    }

    @Test("invalid names are rejected by every method before anything is sent")
    func invalidNames() async throws {
        try await withCosmosInventory { inventory, _, server in
            for name in ["", "with space", "../x", "a.b", "ü", String(repeating: "n", count: 65)] {
                var entry = Self.warehouse
                entry.name = name
                let isInvalid: (DataInventoryError) -> Bool = { if case .invalidArgument = $0 { true } else { false } }
                await expectCosmosError(DataInventoryError.self, isInvalid) { try await inventory.register(entry, context: ctx) }
                await expectCosmosError(DataInventoryError.self, isInvalid) { _ = try await inventory.server(named: name, context: ctx) }
                await expectCosmosError(DataInventoryError.self, isInvalid) { try await inventory.remove(named: name, context: ctx) }
            }
            #expect(server.requests.isEmpty)
            let none = try await inventory.servers(context: ctx)
            #expect(none.isEmpty)
            var longest = Self.warehouse
            longest.name = String(repeating: "n", count: 64)
            let registered = try await inventory.register(longest, context: ctx)
            #expect(registered.server.name == longest.name)
        }
    }

    @Test("concurrent registrations of one name leave one entry with the first creation time")
    func concurrentRegistrations() async throws {
        let fixed = Date(timeIntervalSince1970: 1_700_000_000)
        try await withCosmosInventory(clock: { fixed }) { inventory, fake, _ in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<10 {
                    group.addTask {
                        var entry = Self.warehouse
                        entry.summary = "writer \(index)"
                        try await inventory.register(entry, context: CosmosTestContexts.a)
                    }
                }
                try await group.waitForAll()
            }
            let records = try await inventory.servers(context: ctx)
            #expect(records.count == 1)
            #expect(records.first?.createdAt == fixed)
            #expect(fake.documents(database: CosmosTestNames.database, container: CosmosTestNames.container, partition: "tenant-a").count == 1)
        }
    }
}
