import NIOCore
import DaiBaiBilling
import DaiBaiCore
import DaiBaiRedis
import Hummingbird

/// Turns any thrown error into the ``ServerError`` the client sees.
enum ErrorMapping {
    static func map(_ error: any Error) -> ServerError {
        switch error {
        case let error as ServerError: return error
        case let error as AgentError: return agent(error)
        case let error as ChatStoreError:
            switch error {
            case .conversationNotFound: return .notFound(error.description)
            case .conversationExists: return .init(status: .conflict, code: "conflict", message: error.description)
            case .invalidArgument: return .badRequest(error.description)
            case .backend: return .init(status: .serviceUnavailable, code: "chat_store_unavailable", message: error.description)
            }
        case let error as DataInventoryError:
            switch error {
            case .notFound: return .notFound(error.description)
            case .invalidArgument: return .badRequest(error.description)
            case .backend: return .init(status: .serviceUnavailable, code: "inventory_unavailable", message: error.description)
            }
        case let error as UserKeyVaultError:
            switch error {
            case .invalidProvider, .invalidKey: return .badRequest(error.description)
            case .notFound: return .notFound(error.description)
            case .keyVerificationUnavailable: return .init(status: .badGateway, code: "key_verification_unavailable", message: error.description)
            case .integrityCheckFailed, .keyEncryption, .storage: return .init(status: .internalServerError, code: "key_vault_failed", message: error.description)
            }
        case let error as AuthenticationError:
            var headers = HTTPFields()
            headers[.wwwAuthenticate] = "Bearer error=\"invalid_token\""
            return .init(status: .unauthorized, code: "unauthorized", message: error.description, headers: headers)
        case let error as StripeWebhookError:
            return .init(status: .init(code: error.suggestedHTTPStatus), code: error.suggestedHTTPStatus == 400 ? "invalid_webhook" : "webhook_failed", message: error.description)
        case let error as SecretStoreError:
            return .init(status: .serviceUnavailable, code: "secret_store_unavailable", message: error.description)
        case let error as DatabaseDirectoryError:
            switch error {
            case .notFound: return .notFound(error.description)
            case .unavailable: return .init(status: .serviceUnavailable, code: "database_unavailable", message: error.description)
            }
        case let error as RedisError:
            return .init(status: .serviceUnavailable, code: "shared_state_unavailable", message: "The shared session store (Redis) did not answer: \(error.description). Retry shortly.")
        case let error as HTTPError:
            if error.status == .contentTooLarge {
                return .init(status: .contentTooLarge, code: "body_too_large", message: "The request body is larger than the server accepts (server.max-body-bytes).")
            }
            return .init(status: error.status, code: error.status.code == 404 ? "not_found" : "http_error", message: error.body ?? error.status.reasonPhrase)
        case is NIOTooManyBytesError:
            return .init(status: .contentTooLarge, code: "body_too_large", message: "The request body is larger than the server accepts (server.max-body-bytes).")
        case is DecodingError:
            return .badRequest("The request body is not the expected JSON: \(decodingMessage(error))")
        case is CancellationError:
            return .init(status: .init(code: 499), code: "cancelled", message: "The request was cancelled.")
        default:
            return .init(status: .internalServerError, code: "internal", message: "The server failed to answer the request; see its log for the request id.")
        }
    }

    static func agent(_ error: AgentError) -> ServerError {
        switch error {
        case .usageDenied: return .init(status: .init(code: 402, reasonPhrase: "Payment Required"), code: "usage_denied", message: error.description)
        case .invalidQuestion: return .badRequest(error.description)
        case .databaseUnavailable: return .init(status: .notFound, code: "database_unavailable", message: error.description)
        case .noSQLProduced, .attemptsExhausted: return .init(status: .unprocessableContent, code: "no_answer", message: error.description)
        case .model(let llm):
            if case .misconfigured = llm { return .init(status: .serviceUnavailable, code: "model_not_configured", message: error.description) }
            return .init(status: .badGateway, code: "model_failed", message: error.description)
        case .modelUnavailable: return .init(status: .serviceUnavailable, code: "model_unavailable", message: error.description)
        case .chatStore(let chat): return map(chat)
        case .cancelled: return .init(status: .init(code: 499), code: "cancelled", message: error.description)
        }
    }

    /// Names the path of a decoding error without echoing values.
    private static func decodingMessage(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "unreadable" }
        switch error {
        case .keyNotFound(let key, _): return "the field '\(key.stringValue)' is missing"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "the field '\(context.codingPath.map(\.stringValue).joined(separator: "."))' has the wrong type"
        case .dataCorrupted: return "the body is not valid JSON"
        @unknown default: return "unreadable"
        }
    }
}
