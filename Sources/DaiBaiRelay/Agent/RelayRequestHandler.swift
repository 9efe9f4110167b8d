import DaiBaiCore
import Foundation
import Logging
import Metrics

/// Serves one rendezvous connection on the agent: reads a request, checks it, answers it.
///
/// The cloud side's guard is not trusted alone: every statement is checked again with
/// ``SQLGuard`` for the database's dialect, and runs on the exposed read-only connector with
/// the agent's own row and time limits. Requests for another tenant, or for a database the
/// agent does not expose, are refused alike. Each query is logged with its literals redacted.
struct RelayRequestHandler: Sendable {
    let configuration: RelayAgentConfiguration
    let logger: Logger

    /// Answers the one request `connection` carries, then returns (which closes it).
    func serve(_ connection: RelayConnection) async {
        let started = ContinuousClock.now
        let closer = connection.closer
        let readTimeout = configuration.requestReadTimeout
        let read: Result<String?, RelayError> = await withTaskGroup(of: Void.self) { group in
            // A sender that never sends its request is disconnected after the read timeout.
            group.addTask {
                do { try await Task.sleep(for: readTimeout) } catch { return }
                await closer.close(reason: "no request within \(readTimeout)")
            }
            defer { group.cancelAll() }
            do throws(RelayError) {
                return .success(try await connection.receiveText())
            } catch {
                return .failure(error)
            }
        }
        let text: String?
        switch read {
        case .success(let value): text = value
        case .failure(let error):
            logger.warning("relay request not read", metadata: ["connection": "\(connection.id)", "reason": "\(error.description)"])
            return
        }
        guard let text else { return }
        guard let request = try? JSONDecoder().decode(RelayRequest.self, from: Data(text.utf8)) else {
            let writer = RelayResponseWriter(id: "", maxFrameBytes: configuration.maxFrameBytes)
            try? await connection.sendText(writer.error(.badRequest, "the request is not a DaiBai relay protocol request"))
            return
        }
        let writer = RelayResponseWriter(id: request.id, maxFrameBytes: configuration.maxFrameBytes)
        let messages: [String]
        var metadata: Logger.Metadata = [
            "request_id": "\(request.id)", "tenant": "\(request.tenant)", "database": "\(request.database)", "operation": "\(request.op.rawValue)",
        ]
        do throws(RelayRemoteError) {
            messages = try await answer(request, writer: writer, metadata: &metadata)
            metadata["outcome"] = "ok"
        } catch {
            messages = [writer.error(error.code, error.message)]
            metadata["outcome"] = "\(error.code.rawValue)"
            metadata["reason"] = "\(error.message)"
        }
        Counter(label: "daibai_relay_agent_requests_total", dimensions: [("operation", request.op.rawValue), ("outcome", metadata["outcome"]?.description ?? "")]).increment()
        for message in messages {
            do {
                try await connection.sendText(message)
            } catch {
                metadata["send_error"] = "\(error.description)"
                break
            }
        }
        metadata["duration_ms"] = "\((ContinuousClock.now - started).milliseconds)"
        logger.info("relay request", metadata: metadata)
    }

    private func answer(_ request: RelayRequest, writer: RelayResponseWriter, metadata: inout Logger.Metadata) async throws(RelayRemoteError) -> [String] {
        guard request.v == RelayProtocol.version else {
            throw RelayRemoteError(code: .unsupportedVersion, message: "this agent speaks DaiBai relay protocol \(RelayProtocol.version), the request uses \(request.v). Upgrade the older side.")
        }
        guard request.tenant == configuration.tenant.rawValue else {
            throw RelayRemoteError(code: .wrongTenant, message: "this relay agent does not serve that tenant. Each tenant needs its own hybrid connection and agent.")
        }
        if request.op == .health {
            let databases = Dictionary(configuration.databases.values.map { ($0.name, $0.connector.dialect) }, uniquingKeysWith: { first, _ in first })
            return [writer.encode(RelayResponse(id: request.id, kind: .health, health: RelayHealth(agentVersion: configuration.agentVersion, databases: databases)))]
        }
        guard let database = configuration.databases[request.database] else {
            throw RelayRemoteError(code: .unknownDatabase, message: "this relay agent exposes no database named '\(request.database)'. Add it to the agent's configuration.")
        }
        switch request.op {
        case .health:
            return []
        case .describeSchema:
            do {
                let schema = try await database.connector.introspectSchema()
                return [writer.encode(RelayResponse(id: request.id, kind: .schema, schema: schema))]
            } catch {
                throw Self.remote(error)
            }
        case .query:
            guard let sql = request.sql else {
                throw RelayRemoteError(code: .badRequest, message: "a query request carries sql")
            }
            let guardrail = SQLGuard(dialect: database.connector.dialect)
            metadata["sql"] = "\(guardrail.redactingLiterals(sql))"
            let verdict = guardrail.check(sql)
            guard let statement = verdict.statement else {
                let reason = verdict.rejection?.description ?? "not a single read-only statement"
                throw RelayRemoteError(code: .rejected, message: "the relay agent refused the statement: \(reason)")
            }
            let maxRows = min(max(request.maxRows ?? configuration.maxRows, 0), configuration.maxRows)
            let requested = Duration.milliseconds(max(request.timeoutMs ?? 0, 1))
            let timeout = request.timeoutMs == nil ? configuration.maxQueryTimeout : min(requested, configuration.maxQueryTimeout)
            let result: QueryResult
            do {
                result = try await database.connector.executeReadOnly(statement.sql, options: QueryOptions(maxRows: maxRows, timeout: timeout))
            } catch {
                throw Self.remote(error)
            }
            metadata["rows"] = "\(result.rows.count)"
            return try writer.messages(for: result)
        }
    }

    static func remote(_ error: DatabaseError) -> RelayRemoteError {
        switch error {
        case .connectionFailed(let message): RelayRemoteError(code: .connectionFailed, message: message)
        case .rejected(let message): RelayRemoteError(code: .rejected, message: message)
        case .queryFailed(let message): RelayRemoteError(code: .queryFailed, message: message)
        case .timedOut(let limit): RelayRemoteError(code: .timedOut, message: "\(limit.milliseconds)")
        case .cancelled: RelayRemoteError(code: .cancelled, message: "the query was cancelled on the agent")
        case .misconfigured(let message): RelayRemoteError(code: .misconfigured, message: message)
        }
    }
}

extension Duration {
    /// The duration in whole milliseconds.
    var milliseconds: Int64 {
        let parts = components
        return parts.seconds * 1000 + parts.attoseconds / 1_000_000_000_000_000
    }
}
