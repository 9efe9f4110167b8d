/// The Agent's cache of introspected schemas and their retrieval indexes.
///
/// One entry per tenant and database, re-introspected after the refresh interval; when the
/// fingerprint changes, the index is rebuilt (and verified queries of the old fingerprint stop
/// matching). Concurrent requests for the same entry share one load.
actor SchemaCatalog {
    struct Key: Hashable {
        var tenant: TenantID
        var database: String
    }

    struct Entry: Sendable {
        var schema: DatabaseSchema
        var fingerprint: String
        var index: SchemaIndex
        var loadedAt: ContinuousClock.Instant
        /// Every table name, the guard's scope for verified SQL.
        var tableNames: Set<String>

        init(schema: DatabaseSchema, fingerprint: String, index: SchemaIndex, loadedAt: ContinuousClock.Instant) {
            self.schema = schema
            self.fingerprint = fingerprint
            self.index = index
            self.loadedAt = loadedAt
            self.tableNames = Set(schema.tables.map(\.name))
        }
    }

    enum LoadError: Error {
        case database(DatabaseError)
        case embedding(LLMError)
    }

    private var entries: [Key: Entry] = [:]
    private var loads: [Key: Task<Entry, any Error>] = [:]

    /// The entry for `key`, loading or refreshing it when needed.
    func entry(for key: Key, connector: any DatabaseConnector, embedder: any EmbeddingProvider, refreshInterval: Duration) async throws(LoadError) -> Entry {
        if let entry = entries[key], entry.loadedAt.duration(to: .now) < refreshInterval {
            return entry
        }
        let task: Task<Entry, any Error>
        if let running = loads[key] {
            task = running
        } else {
            let previous = entries[key]
            task = Task { try await Self.load(connector: connector, embedder: embedder, previous: previous) }
            loads[key] = task
        }
        do {
            let entry = try await task.value
            entries[key] = entry
            loads[key] = nil
            return entry
        } catch let error as LoadError {
            loads[key] = nil
            throw error
        } catch {
            loads[key] = nil
            throw .database(.queryFailed("schema load failed: \(error)"))
        }
    }

    /// Forgets `key`, so the next request introspects again (after a "no such table" error, say).
    func invalidate(_ key: Key) {
        entries[key] = nil
    }

    private static func load(connector: any DatabaseConnector, embedder: any EmbeddingProvider, previous: Entry?) async throws(LoadError) -> Entry {
        let schema: DatabaseSchema
        do {
            schema = try await connector.introspectSchema()
        } catch {
            throw .database(error)
        }
        let fingerprint = schema.fingerprint
        if let previous, previous.fingerprint == fingerprint {
            return Entry(schema: schema, fingerprint: fingerprint, index: previous.index, loadedAt: .now)
        }
        do {
            let index = try await SchemaIndex.build(schema: schema, fingerprint: fingerprint, embedder: embedder)
            return Entry(schema: schema, fingerprint: fingerprint, index: index, loadedAt: .now)
        } catch {
            throw .embedding(error)
        }
    }
}
