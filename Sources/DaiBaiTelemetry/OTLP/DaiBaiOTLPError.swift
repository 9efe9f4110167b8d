/// Why ``DaiBaiOTLP`` could not make the OTLP backends. No case carries a header value.
public enum DaiBaiOTLPError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The service name is empty.
    case missingServiceName
    /// The collector endpoint is unusable; `endpoint` is what was given (its credentials, if
    /// any, removed).
    case invalidEndpoint(endpoint: String, reason: String)
    /// A header field is unusable; `name` is its name (never its value).
    case invalidHeader(name: String, reason: String)
    /// No signal is enabled.
    case noSignals
    /// A setting such as a timeout or interval is out of range.
    case invalidSetting(name: String, reason: String)
    /// swift-otel refused to make the backend of `signal` (for example an unreadable
    /// certificate file); `reason` is its error.
    case backendUnavailable(signal: DaiBaiOTLPSignal, reason: String)

    /// What failed and what to do.
    public var description: String {
        switch self {
        case .missingServiceName:
            "OTLP: the service name is empty; pass the name your traces, metrics and logs should appear under (service.name)"
        case .invalidEndpoint(let endpoint, let reason):
            "OTLP: the collector endpoint '\(endpoint)' \(reason); pass the collector's OTLP/HTTP base URL, e.g. http://localhost:4318"
        case .invalidHeader(let name, let reason):
            "OTLP: the header '\(name)' \(reason)"
        case .noSignals:
            "OTLP: no signal is enabled; enable at least one of traces, metrics and logs"
        case .invalidSetting(let name, let reason):
            "OTLP: the setting '\(name)' \(reason)"
        case .backendUnavailable(let signal, let reason):
            "OTLP: swift-otel could not make the \(signal) backend: \(reason)"
        }
    }
}
