import DaiBaiCore
import Foundation
import Hummingbird

/// The caller's own model keys (bring your own key). Only summaries (the last four characters)
/// are ever returned. Without a vault every route answers 501 naming what to configure.
struct KeyRoutes {
    let vault: (any UserKeyVault)?
    static let notConfigured = "Bring-your-own-key is not configured on this server: store a key-encryption key as the secret '\(ServerBootstrap.keyEncryptionKeySecretName)' of the secrets owner tenant (format 'v1:<base64 256-bit key>') to enable the key routes."

    struct PutBody: Decodable { var key: String }
    struct SummaryBody: Encodable {
        var provider: String
        var lastFour: String
        var version: Int
        var updatedAt: String
        init(_ summary: ProviderKeySummary) {
            provider = summary.provider
            lastFour = summary.lastFour
            version = summary.version
            updatedAt = ISO8601DateFormatter().string(from: summary.updatedAt)
        }
    }
    struct ListBody: Encodable { var keys: [SummaryBody] }

    private func requireVault() throws -> any UserKeyVault {
        guard let vault else { throw ServerError.notConfigured(Self.notConfigured) }
        return vault
    }

    func list(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let keys = try await requireVault().keys(context: try context.caller())
        return try JSONResponse.make(ListBody(keys: keys.map(SummaryBody.init)))
    }

    func put(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let vault = try requireVault()
        let provider = try context.parameters.require("provider")
        let body = try await request.decodeJSON(PutBody.self, context: context)
        let summary = try await vault.putKey(SecretValue(body.key), provider: provider, context: try context.caller())
        return try JSONResponse.make(SummaryBody(summary))
    }

    func delete(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let vault = try requireVault()
        let provider = try context.parameters.require("provider")
        try await vault.deleteKey(provider: provider, context: try context.caller())
        return Response(status: .noContent)
    }
}
