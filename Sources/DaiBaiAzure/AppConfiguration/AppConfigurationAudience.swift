/// The Entra scope for a store, as the official App Configuration SDKs choose it.
///
/// Stores in the public cloud (`*.azconfig.io`, `*.appconfig.io`) use
/// `https://appconfig.azure.com/.default`; Azure Government (`*.azure.us`) and Azure China
/// (`*.azure.cn`) use `https://appconfig.azure.us` and `https://appconfig.azure.cn`. Any other
/// host (emulators, private endpoints under custom names) gets `<endpoint>/.default`, the
/// audience the SDKs used before audiences existed. An explicit audience always wins.
enum AppConfigurationAudience {
    static func scope(for endpoint: AppConfigurationEndpoint, audience: String?) -> String {
        if let audience, !audience.isEmpty {
            return (audience.hasSuffix("/") ? String(audience.dropLast()) : audience) + "/.default"
        }
        let host = endpoint.host
        let known: [(suffixes: [String], audience: String)] = [
            ([".azconfig.io", ".appconfig.io"], "https://appconfig.azure.com"),
            ([".azconfig.azure.us", ".appconfig.azure.us"], "https://appconfig.azure.us"),
            ([".azconfig.azure.cn", ".appconfig.azure.cn"], "https://appconfig.azure.cn"),
        ]
        for entry in known where entry.suffixes.contains(where: host.hasSuffix) {
            return entry.audience + "/.default"
        }
        return endpoint.origin + "/.default"
    }
}
