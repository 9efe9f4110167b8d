import DaiBaiCore
import Foundation
import Synchronization

/// A ``DataInventory`` kept in memory, for tests.
///
/// Behaves exactly like ``SQLiteDataInventory``: the same name validation and errors,
/// entries scoped to the caller's tenant, registering a name again replaces the entry but
/// keeps its creation time, entries listed sorted by name, times kept to the millisecond.
public final class InMemoryDataInventory: DataInventory {
    private struct Key: Hashable {
        var tenant: TenantID
        var name: String
    }

    private let state = Mutex<[Key: DataServerRecord]>([:])
    private let clock: @Sendable () -> Date

    /// Creates an empty inventory.
    /// - Parameter clock: The current time; inject a fixed clock for deterministic tests.
    public init(clock: @escaping @Sendable () -> Date = { Date() }) {
        self.clock = clock
    }

    /// Registers `server` for the caller's tenant, replacing an entry of the same name
    /// (keeping its creation time). Throws ``DataInventoryError/invalidArgument(_:)`` for a bad name.
    @discardableResult
    public func register(_ server: DataServer, context: RequestContext) async throws(DataInventoryError) -> DataServerRecord {
        try DataInventoryRules.validateName(server.name)
        let now = millisecondPrecision(clock())
        return state.withLock { records in
            let key = Key(tenant: context.tenant, name: server.name)
            let record = DataServerRecord(
                tenant: context.tenant, server: server,
                createdAt: records[key]?.createdAt ?? now, updatedAt: now)
            records[key] = record
            return record
        }
    }

    /// The caller's tenant's entry `name`, or `nil` (also for another tenant's).
    public func server(named name: String, context: RequestContext) async throws(DataInventoryError) -> DataServerRecord? {
        try DataInventoryRules.validateName(name)
        return state.withLock { $0[Key(tenant: context.tenant, name: name)] }
    }

    /// The caller's tenant's entries, sorted by name.
    public func servers(context: RequestContext) async throws(DataInventoryError) -> [DataServerRecord] {
        state.withLock { records in
            records.values
                .filter { $0.tenant == context.tenant }
                .sorted { Array($0.server.name.utf8).lexicographicallyPrecedes(Array($1.server.name.utf8)) }
        }
    }

    /// Removes the caller's tenant's entry `name`; throws ``DataInventoryError/notFound(name:)`` when there is none.
    public func remove(named name: String, context: RequestContext) async throws(DataInventoryError) {
        try DataInventoryRules.validateName(name)
        let removed = state.withLock { $0.removeValue(forKey: Key(tenant: context.tenant, name: name)) != nil }
        if !removed { throw .notFound(name: name) }
    }
}

/// `date` rounded to the millisecond, as the SQLite stores keep times.
func millisecondPrecision(_ date: Date) -> Date {
    Date(timeIntervalSince1970: Double(Int64((date.timeIntervalSince1970 * 1000).rounded())) / 1000)
}
