import Crypto

/// How tenants appear in telemetry: never by name, only as a stable digest.
public enum TelemetryTenant {
    /// The first 16 hex digits of SHA-256 of `daibai.tenant:` + the tenant id: stable across
    /// processes, so one tenant's series can be followed, without showing the tenant.
    public static func hashed(_ tenant: TenantID) -> String {
        SHA256.hash(data: Array("daibai.tenant:\(tenant.rawValue)".utf8)).prefix(8).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}
