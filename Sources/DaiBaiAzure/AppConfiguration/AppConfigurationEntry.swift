/// One loaded setting: its string value, whether it is secret, and the App Configuration key
/// it came from (used as the encoded key in lookups).
struct AppConfigurationEntry: Sendable, Hashable {
    let value: String
    let isSecret: Bool
    let sourceKey: String
}
