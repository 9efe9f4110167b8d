import Logging

/// The log handler in front of swift-otel's diagnostic logger: it removes header values before
/// a line reaches the application's handler.
///
/// Two sources of secrets are covered: the configured header values (wherever they appear in a
/// message or metadata value), and the values swift-otel logs when an `OTEL_*HEADERS`
/// environment variable overrides the headers (it logs the previous and new value of every
/// override, at `info`).
struct OTLPRedactingLogHandler: LogHandler {
    static let redacted = "<redacted>"

    private var base: Logger
    private let secrets: [String]

    /// This handler's metadata (kept here, redacted on each event, never handed to `base`).
    var metadata: Logger.Metadata = [:]

    var logLevel: Logger.Level {
        get { base.logLevel }
        set { base.logLevel = newValue }
    }

    init(base: Logger, secrets: [String]) {
        self.base = base
        // Longest first, so a secret that contains another is replaced whole.
        self.secrets = Array(Set(secrets.filter { !$0.isEmpty })).sorted { $0.count > $1.count }
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var merged = metadata.merging(event.metadata ?? [:]) { $1 }
        if case .some(let key) = merged["environment_key"], "\(key)".uppercased().contains("HEADERS") {
            for name in ["environment_value", "previous_value", "new_value"] where merged[name] != nil {
                merged[name] = .string(Self.redacted)
            }
        }
        var redactedEvent = event
        redactedEvent.message = Logger.Message(stringLiteral: redact("\(event.message)"))
        redactedEvent.metadata = merged.isEmpty ? nil : merged.mapValues(redact)
        base.handler.log(event: redactedEvent)
    }

    private func redact(_ value: Logger.MetadataValue) -> Logger.MetadataValue {
        switch value {
        case .string(let text): .string(redact(text))
        case .stringConvertible(let convertible): .string(redact(convertible.description))
        case .array(let values): .array(values.map(redact))
        case .dictionary(let values): .dictionary(values.mapValues(redact))
        }
    }

    private func redact(_ text: String) -> String {
        secrets.reduce(text) { text, secret in text.replacingOccurrences(of: secret, with: Self.redacted) }
    }
}
