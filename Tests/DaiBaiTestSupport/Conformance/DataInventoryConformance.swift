import DaiBaiCore
import Foundation
import Testing

/// A ``DataInventory`` implementation under test.
public typealias DataInventorySubject = StoreSubject<any DataInventory>

/// The behaviours every ``DataInventory`` must show, checked against any
/// ``DataInventorySubject``: the protocol's contract, and tenant isolation.
public enum DataInventoryConformance {
    /// Every check, in the order the report lists them.
    public static let checks: [ConformanceCheck<any DataInventory>] = [
        ConformanceCheck("register then get returns the record", registerAndGet),
        ConformanceCheck("registering a name again replaces the entry and keeps createdAt", upsert),
        ConformanceCheck("servers are listed sorted by name", sorted),
        ConformanceCheck("every dialect and location round-trips", enumsRoundTrip),
        ConformanceCheck("remove deletes the entry; removing again throws notFound", remove),
        ConformanceCheck("invalid names are rejected by every method", invalidNames),
        ConformanceCheck("concurrent registrations of one name leave one entry with the first creation time", concurrentRegistrations),
        ConformanceCheck("another tenant cannot read, list, remove or overwrite an inventory entry", isolatedAcrossTenants),
    ]

    static let ctx = TestContexts.a

    static let warehouse = DataServer(
        name: "warehouse", dialect: .postgresql, location: .cloud,
        connectionSecret: secretName("WAREHOUSE_CONNECTION_STRING"), summary: "Sales warehouse – ünïcode")

    static func registerAndGet(_ subject: DataInventorySubject) async throws {
        try await subject.withStore { inventory in
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

    static func upsert(_ subject: DataInventorySubject) async throws {
        try await subject.withStore { inventory in
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

    static func sorted(_ subject: DataInventorySubject) async throws {
        try await subject.withStore { inventory in
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

    static func enumsRoundTrip(_ subject: DataInventorySubject) async throws {
        try await subject.withStore { inventory in
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

    static func remove(_ subject: DataInventorySubject) async throws {
        try await subject.withStore { inventory in
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

    static func invalidNames(_ subject: DataInventorySubject) async throws {
        try await subject.withStore { inventory in
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

    static func concurrentRegistrations(_ subject: DataInventorySubject) async throws {
        let fixed = Date(timeIntervalSince1970: 1_700_000_000)
        try await subject.withStore(StoreSetup(clock: { fixed })) { inventory in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<10 {
                    group.addTask {
                        var entry = DataInventoryConformance.warehouse
                        entry.summary = "writer \(index)"
                        try await inventory.register(entry, context: TestContexts.a)
                    }
                }
                try await group.waitForAll()
            }
            let records = try await inventory.servers(context: ctx)
            #expect(records.count == 1)
            #expect(records.first?.createdAt == fixed)
            #expect(records.first?.server.summary?.hasPrefix("writer ") == true)
        }
    }
}

/// Expects `body` to throw ``DataInventoryError/invalidArgument(_:)``.
func expectInventoryInvalidArgument(sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws -> Void) async throws {
    await expectError(DataInventoryError.self, sourceLocation: sourceLocation, { if case .invalidArgument = $0 { true } else { false } }, body)
}
