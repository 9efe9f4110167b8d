import DaiBaiCore
import DaiBaiTesting
import Foundation
import Testing

/// One behavioural suite, run against every ``DataInventory`` implementation.
@Suite("DataInventory conformance")
struct DataInventoryConformanceTests {
    let ctx = TestContexts.a

    static let warehouse = DataServer(
        name: "warehouse", dialect: .postgresql, location: .cloud,
        connectionSecret: secretName("WAREHOUSE_CONNECTION_STRING"), summary: "Sales warehouse – ünïcode")

    @Test("register then get returns the record", arguments: DataInventoryUnderTest.allCases)
    func registerAndGet(kind: DataInventoryUnderTest) async throws {
        try await kind.withInventory { inventory in
            let record = try await inventory.register(Self.warehouse, context: ctx)
            let expected = DataServerRecord(
                tenant: TestContexts.tenantA, server: Self.warehouse,
                createdAt: SteppingClock.time(0), updatedAt: SteppingClock.time(0))
            #expect(record == expected)
            #expect(try await inventory.server(named: "warehouse", context: ctx) == expected)
            #expect(try await inventory.server(named: "other", context: ctx) == nil)
            #expect(try await inventory.servers(context: ctx) == [expected])
        }
    }

    @Test("registering a name again replaces the entry and keeps createdAt", arguments: DataInventoryUnderTest.allCases)
    func upsert(kind: DataInventoryUnderTest) async throws {
        try await kind.withInventory { inventory in
            try await inventory.register(Self.warehouse, context: ctx)  // t0
            let replacement = DataServer(
                name: "warehouse", dialect: .sqlserver, location: .onPremises,
                connectionSecret: secretName("NEW_SECRET"), summary: nil)
            let record = try await inventory.register(replacement, context: ctx)  // t1
            let expected = DataServerRecord(
                tenant: TestContexts.tenantA, server: replacement,
                createdAt: SteppingClock.time(0), updatedAt: SteppingClock.time(1))
            #expect(record == expected)
            #expect(try await inventory.server(named: "warehouse", context: ctx) == expected)
            #expect(try await inventory.servers(context: ctx) == [expected])
        }
    }

    @Test("servers are listed sorted by name", arguments: DataInventoryUnderTest.allCases)
    func sorted(kind: DataInventoryUnderTest) async throws {
        try await kind.withInventory { inventory in
            for name in ["b", "a-2", "Z", "a", "a_1", "10"] {
                try await inventory.register(
                    DataServer(name: name, dialect: .sqlite, location: .cloud, connectionSecret: secretName("K_\(name)")),
                    context: ctx)
            }
            #expect(try await inventory.servers(context: ctx).map(\.server.name) == ["10", "Z", "a", "a-2", "a_1", "b"])
            #expect(try await inventory.servers(context: ctx).map(\.server.connectionSecret.rawValue)
                == ["K_10", "K_Z", "K_a", "K_a-2", "K_a_1", "K_b"])
        }
    }

    @Test("every dialect and location round-trips", arguments: DataInventoryUnderTest.allCases)
    func enumsRoundTrip(kind: DataInventoryUnderTest) async throws {
        try await kind.withInventory { inventory in
            var expected: [String: DataServer] = [:]
            for dialect in SQLDialect.allCases {
                for location in DataServerLocation.allCases {
                    let server = DataServer(
                        name: "\(dialect.rawValue)-\(location.rawValue)", dialect: dialect, location: location,
                        connectionSecret: secretName("CONN"), summary: nil)
                    expected[server.name] = server
                    try await inventory.register(server, context: ctx)
                }
            }
            let servers = try await inventory.servers(context: ctx)
            #expect(servers.count == SQLDialect.allCases.count * DataServerLocation.allCases.count)
            for record in servers {
                #expect(record.server == expected[record.server.name])
                #expect(record.server.summary == nil)
            }
        }
    }

    @Test("remove deletes the entry; removing again throws notFound", arguments: DataInventoryUnderTest.allCases)
    func remove(kind: DataInventoryUnderTest) async throws {
        try await kind.withInventory { inventory in
            try await inventory.register(Self.warehouse, context: ctx)
            try await inventory.register(
                DataServer(name: "crm", dialect: .mysql, location: .cloud, connectionSecret: secretName("CRM_PASSWORD")),
                context: ctx)
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

    @Test("invalid names are rejected by every method", arguments: DataInventoryUnderTest.allCases)
    func invalidNames(kind: DataInventoryUnderTest) async throws {
        try await kind.withInventory { inventory in
            for name in ["", "with space", "../x", "a.b", "ü", String(repeating: "n", count: 65)] {
                var server = Self.warehouse
                server.name = name
                try await expectInventoryInvalidArgument { try await inventory.register(server, context: ctx) }
                try await expectInventoryInvalidArgument { _ = try await inventory.server(named: name, context: ctx) }
                try await expectInventoryInvalidArgument { try await inventory.remove(named: name, context: ctx) }
            }
            #expect(try await inventory.servers(context: ctx).isEmpty)
            var longest = Self.warehouse
            longest.name = String(repeating: "n", count: 64)
            #expect(try await inventory.register(longest, context: ctx).server.name == longest.name)
        }
    }
}

/// Expects `body` to throw ``DataInventoryError/invalidArgument(_:)``.
func expectInventoryInvalidArgument(
    sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () async throws -> Void
) async throws {
    do {
        try await body()
        Issue.record("expected DataInventoryError.invalidArgument, nothing was thrown", sourceLocation: sourceLocation)
    } catch let error as DataInventoryError {
        guard case .invalidArgument = error else {
            Issue.record("expected DataInventoryError.invalidArgument, got \(error)", sourceLocation: sourceLocation)
            return
        }
    }
}
