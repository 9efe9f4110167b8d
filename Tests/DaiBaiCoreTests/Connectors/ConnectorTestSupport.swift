import DaiBaiCore

/// The error `connector` throws for `sql`, or `nil` when the query succeeds.
func queryError(_ connector: some DatabaseConnector, _ sql: String, options: QueryOptions = QueryOptions()) async -> DatabaseError? {
    do {
        _ = try await connector.executeReadOnly(sql, options: options)
        return nil
    } catch {
        return error
    }
}
