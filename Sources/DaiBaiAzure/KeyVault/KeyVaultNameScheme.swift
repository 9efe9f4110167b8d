import Crypto
import DaiBaiCore

/// Maps a tenant's ``SecretName`` to a vault secret name and tags, and back, for a
/// ``KeyVaultSecretStore/Layout`` (the rules are documented on the layout's cases).
struct KeyVaultNameScheme: Sendable {
    /// The tag holding the tenant a secret belongs to.
    static let tenantTag = "daibai-tenant"
    /// The tag holding the secret's ``SecretName``.
    static let nameTag = "daibai-name"
    /// The fixed start of per-tenant vault names.
    static let perTenantMarker = "dbt-"
    /// Hex digits of the tenant hash in per-tenant vault names.
    static let tenantHashLength = 24
    /// The longest vault secret name.
    static let maxVaultNameLength = 127

    let layout: KeyVaultSecretStore.Layout

    /// Whether `tenant` may see any secret at all.
    func hasAccess(_ tenant: TenantID) -> Bool {
        switch layout {
        case .singleTenant(let owner): tenant == owner
        case .perTenant: true
        }
    }

    /// The vault name of `name` for `tenant`, or `nil` when the layout gives the tenant no secrets.
    func vaultName(for name: SecretName, tenant: TenantID) throws(SecretStoreError) -> String? {
        switch layout {
        case .singleTenant(let owner):
            return tenant == owner ? name.keyVaultName : nil
        case .perTenant:
            let prefix = Self.tenantPrefix(tenant)
            let encoded = Self.encode(name)
            guard prefix.count + encoded.count <= Self.maxVaultNameLength else {
                // `InvalidIdentifierError` has no public initializer, so this is reported as a setting problem.
                throw .misconfigured(
                    "secret name '\(name)' is too long for a per-tenant Key Vault: its encoded form may be at most "
                        + "\(Self.maxVaultNameLength - prefix.count) characters (A-Z and 0-9 count one, lowercase letters, "
                        + "'_' and '-' count two); use a shorter name")
            }
            return prefix + encoded
        }
    }

    /// The tags written with `name` for `tenant`.
    func tags(for name: SecretName, tenant: TenantID) -> [String: String] {
        [Self.tenantTag: tenant.rawValue, Self.nameTag: name.rawValue]
    }

    /// Whether a secret with `tags` may be used as `name` of `tenant` (per-tenant: both tags must match).
    func accepts(tags: [String: String]?, name: SecretName, tenant: TenantID) -> Bool {
        switch layout {
        case .singleTenant(let owner):
            return tenant == owner
        case .perTenant:
            return tags?[Self.tenantTag] == tenant.rawValue && tags?[Self.nameTag] == name.rawValue
        }
    }

    /// The ``SecretName`` a listed vault secret stands for, for `tenant`, or `nil` when it is
    /// not one of the tenant's secrets.
    func secretName(forVaultName vaultName: String, tags: [String: String]?, tenant: TenantID) -> SecretName? {
        switch layout {
        case .singleTenant(let owner):
            guard tenant == owner else { return nil }
            if let tagged = tags?[Self.nameTag].flatMap(SecretName.init(rawValue:)),
               tagged.keyVaultName.lowercased() == vaultName.lowercased() {
                return tagged
            }
            return SecretName(rawValue: vaultName.replacingOccurrences(of: "-", with: "_"))
        case .perTenant:
            let prefix = Self.tenantPrefix(tenant)
            guard vaultName.count > prefix.count, vaultName.lowercased().hasPrefix(prefix) else { return nil }
            guard let name = Self.decode(vaultName.dropFirst(prefix.count)),
                  accepts(tags: tags, name: name, tenant: tenant)
            else { return nil }
            return name
        }
    }

    /// `dbt-<24 hex digits of SHA-256("daibai.keyvault.tenant:" + tenant)>-`, lowercase.
    static func tenantPrefix(_ tenant: TenantID) -> String {
        let digest = SHA256.hash(data: Array("daibai.keyvault.tenant:\(tenant.rawValue)".utf8))
        let hex = digest.map { byte in
            let text = String(byte, radix: 16)
            return text.count == 1 ? "0" + text : text
        }.joined()
        return perTenantMarker + String(hex.prefix(tenantHashLength)) + "-"
    }

    /// The case-insensitive, injective encoding of `name`: `A-Z0-9` as is, lowercase `x` as
    /// `-x`, `_` as `-0`, `-` as `-1`.
    static func encode(_ name: SecretName) -> String {
        var result = ""
        for character in name.rawValue {
            switch character {
            case "_": result += "-0"
            case "-": result += "-1"
            case "a"..."z": result += "-" + String(character)
            default: result.append(character)
            }
        }
        return result
    }

    /// The inverse of ``encode(_:)``, reading letters case-insensitively; `nil` when malformed.
    static func decode(_ encoded: Substring) -> SecretName? {
        var result = ""
        var escaped = false
        for character in encoded {
            guard character.isASCII, character.isLetter || character.isNumber || character == "-" else { return nil }
            if escaped {
                escaped = false
                switch character {
                case "0": result += "_"
                case "1": result += "-"
                default:
                    guard character.isLetter else { return nil }
                    result += character.lowercased()
                }
            } else if character == "-" {
                escaped = true
            } else {
                result += character.uppercased()
            }
        }
        guard !escaped else { return nil }
        return SecretName(rawValue: result)
    }
}
