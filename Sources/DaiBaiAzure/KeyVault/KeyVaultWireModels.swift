import DaiBaiCore
import Foundation

/// Secret attributes as Key Vault sends them (`SecretAttributes`; times in Unix seconds).
struct KeyVaultSecretAttributes: Codable, Sendable, Hashable {
    var enabled: Bool?
    var nbf: Int64?
    var exp: Int64?
    var created: Int64?
    var updated: Int64?
    var recoveryLevel: String?
}

/// A secret with its value (`SecretBundle`). The value is wrapped in ``SecretValue`` as it is decoded.
struct KeyVaultSecretBundle: Decodable, Sendable {
    var value: SecretValue?
    var id: String?
    var contentType: String?
    var attributes: KeyVaultSecretAttributes?
    var tags: [String: String]?
    var managed: Bool?

    enum CodingKeys: String, CodingKey {
        case value, id, contentType, attributes, tags, managed
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        value = try container.decodeIfPresent(String.self, forKey: .value).map(SecretValue.init)
        id = try container.decodeIfPresent(String.self, forKey: .id)
        contentType = try container.decodeIfPresent(String.self, forKey: .contentType)
        attributes = try container.decodeIfPresent(KeyVaultSecretAttributes.self, forKey: .attributes)
        tags = try container.decodeIfPresent([String: String].self, forKey: .tags)
        managed = try container.decodeIfPresent(Bool.self, forKey: .managed)
    }
}

/// A secret without its value, as listed (`SecretItem`).
struct KeyVaultSecretItem: Decodable, Sendable {
    var id: String?
    var contentType: String?
    var attributes: KeyVaultSecretAttributes?
    var tags: [String: String]?
    var managed: Bool?

    /// The secret's name: the path segment after `/secrets/` in ``id``.
    var name: String? {
        guard let id, let path = URLComponents(string: id)?.path else { return nil }
        let segments = path.split(separator: "/")
        guard let index = segments.firstIndex(of: "secrets"), index + 1 < segments.count else { return nil }
        return String(segments[index + 1])
    }
}

/// One page of a listing (`SecretListResult`).
struct KeyVaultSecretListPage: Decodable, Sendable {
    var value: [KeyVaultSecretItem]?
    var nextLink: String?
}

/// The body of `PUT /secrets/{name}` (`SecretSetParameters`).
struct KeyVaultSecretSetParameters: Encodable {
    var value: String
    var contentType: String?
    var tags: [String: String]
}

/// The error body of every failed call: `{"error":{"code","message","innererror":{"code"}}}` (`KeyVaultError`).
struct KeyVaultErrorBody: Decodable, Sendable {
    struct Detail: Decodable, Sendable {
        var code: String?
        var message: String?
        var innererror: InnerDetail?
    }

    struct InnerDetail: Decodable, Sendable {
        var code: String?
    }

    var error: Detail?
}
