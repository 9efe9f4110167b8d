import DaiBaiCore
import Foundation
import Logging

/// A ``DatabaseConnector`` for a database behind a firewall, reached through Azure Relay and the
/// `daibai-relay-agent` running next to it. The Agent cannot tell it from a local connector.
///
/// Each call opens one relayed WebSocket, sends one DaiBai relay protocol request carrying the
/// tenant and a fresh request id, and reads the answer; a connection that fails before the
/// answer is tried once more (requests are read-only). The agent checks the statement again
/// and runs it read-only; its refusals arrive as ``DatabaseError/rejected(_:)``.
public struct RelayDatabaseConnector: DatabaseConnector {
    /// The remote database's dialect.
    public let dialect: SQLDialect
    /// The database's name as the agent exposes it.
    public let database: String
    /// The tenant every request is made for.
    public let tenant: TenantID
    private let client: HybridConnectionClient
    private let connectAllowance: Duration
    private let schemaTimeout: Duration

    /// Creates a connector.
    /// - Parameters:
    ///   - database: The database's name as the agent exposes it.
    ///   - dialect: Its dialect.
    ///   - tenant: The tenant the requests are made for.
    ///   - client: The sender for the tenant's hybrid connection.
    ///   - connectAllowance: Time allowed on top of a query's timeout to reach the agent.
    ///   - schemaTimeout: The deadline for reading the schema.
    public init(
        database: String, dialect: SQLDialect, tenant: TenantID, client: HybridConnectionClient,
        connectAllowance: Duration = .seconds(30), schemaTimeout: Duration = .seconds(60)
    ) {
        self.database = database
        self.dialect = dialect
        self.tenant = tenant
        self.client = client
        self.connectAllowance = connectAllowance
        self.schemaTimeout = schemaTimeout
    }

    /// The remote database's schema, read by the agent.
    public func introspectSchema() async throws(DatabaseError) -> DatabaseSchema {
        let request = RelayRequest(v: RelayProtocol.version, id: Self.newID(), tenant: tenant.rawValue, database: database, op: .describeSchema)
        let answer = try await exchange(request, deadline: schemaTimeout + connectAllowance)
        guard let schema = answer.schema else {
            throw .connectionFailed("the relay agent answered a schema request without a schema")
        }
        return schema
    }

    /// Runs `sql` on the agent with `options`; the agent applies its own limits too.
    public func executeReadOnly(_ sql: String, options: QueryOptions) async throws(DatabaseError) -> QueryResult {
        guard options.maxRows >= 0, options.timeout > .zero else {
            throw .misconfigured("QueryOptions needs maxRows ≥ 0 and a positive timeout")
        }
        let request = RelayRequest(
            v: RelayProtocol.version, id: Self.newID(), tenant: tenant.rawValue, database: database, op: .query,
            sql: sql, maxRows: options.maxRows, timeoutMs: Int(options.timeout.milliseconds))
        let answer = try await exchange(request, deadline: options.timeout + connectAllowance, queryTimeout: options.timeout)
        return QueryResult(columns: answer.columns, rows: answer.rows, truncated: answer.truncated, columnTypes: answer.columnTypes)
    }

    /// Asks the agent whether it is up and which databases it exposes to the tenant.
    public func health(timeout: Duration = .seconds(30)) async throws(DatabaseError) -> RelayAgentHealth {
        let request = RelayRequest(v: RelayProtocol.version, id: Self.newID(), tenant: tenant.rawValue, database: "", op: .health)
        let answer = try await exchange(request, deadline: timeout)
        guard let health = answer.health else {
            throw .connectionFailed("the relay agent answered a health request without its health")
        }
        return RelayAgentHealth(agentVersion: health.agentVersion, databases: health.databases)
    }

    private static func newID() -> String { UUID().uuidString.lowercased() }

    /// How often a request is tried when the relayed connection fails before an answer.
    static let connectionAttempts = 2
    /// The pause before the second try.
    static let retryPause = Duration.milliseconds(250)

    /// Sends `request` and collects the answer, within `deadline`.
    private func exchange(_ request: RelayRequest, deadline: Duration, queryTimeout: Duration? = nil) async throws(DatabaseError) -> RelayAnswer {
        let client = client
        let outcome: Result<RelayAnswer, RelayError>? = await withTaskGroup(of: Result<RelayAnswer, RelayError>?.self) { group in
            group.addTask {
                // A connection that fails before an answer is tried once more: every request is
                // read-only, so running it again is harmless, and a listener that was
                // reconnecting a moment ago is often back.
                var attempt = 0
                while true {
                    attempt += 1
                    do throws(RelayError) {
                        return .success(try await client.withConnection(id: request.id) { connection throws(RelayError) in
                            try await RelayAnswer.read(for: request, over: connection)
                        })
                    } catch .connectionFailed where attempt < Self.connectionAttempts {
                        do { try await Task.sleep(for: Self.retryPause) } catch { return .failure(.cancelled) }
                    } catch {
                        return .failure(error)
                    }
                }
            }
            group.addTask {
                do { try await Task.sleep(for: deadline) } catch { return nil }
                return .failure(.timedOut("no answer within \(deadline)"))
            }
            var first: Result<RelayAnswer, RelayError>?
            while let next = await group.next() {
                if let next {
                    first = next
                    break
                }
            }
            group.cancelAll()
            return first
        }
        switch outcome {
        case .success(let answer)?:
            if let remote = answer.error {
                throw Self.databaseError(remote, database: database, queryTimeout: queryTimeout)
            }
            return answer
        case .failure(let error)?:
            throw Self.databaseError(error, database: database, queryTimeout: queryTimeout)
        case nil:
            throw .cancelled
        }
    }

    static func databaseError(_ error: RelayError, database: String, queryTimeout: Duration?) -> DatabaseError {
        switch error {
        case .cancelled: return .cancelled
        case .timedOut:
            if let queryTimeout { return .timedOut(queryTimeout) }
            return .connectionFailed("the relay agent for '\(database)' did not answer in time")
        default:
            return .connectionFailed("database '\(database)' is on-premises and its relay failed: \(error.description)")
        }
    }

    static func databaseError(_ remote: RelayRemoteError, database: String, queryTimeout: Duration?) -> DatabaseError {
        switch remote.code {
        case .rejected: .rejected(remote.message)
        case .queryFailed: .queryFailed(remote.message)
        case .timedOut: .timedOut(queryTimeout ?? .milliseconds(Int64(remote.message) ?? 0))
        case .cancelled: .cancelled
        case .connectionFailed: .connectionFailed("the relay agent could not reach '\(database)': \(remote.message)")
        case .busy, .internalError: .connectionFailed("the relay agent failed: \(remote.message)")
        case .badRequest, .unsupportedVersion, .wrongTenant, .unknownDatabase, .misconfigured, .tooLarge: .misconfigured(remote.message)
        }
    }
}

/// What a relay agent reports about itself.
public struct RelayAgentHealth: Sendable, Equatable {
    /// The agent's version.
    public var agentVersion: String
    /// The databases it exposes to the tenant, with their dialects.
    public var databases: [String: SQLDialect]
}
