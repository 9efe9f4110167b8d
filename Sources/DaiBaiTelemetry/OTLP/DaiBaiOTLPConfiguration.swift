import Foundation
import Logging

/// Where and how ``DaiBaiOTLP`` exports traces, metrics and logs over OTLP/HTTP.
///
/// The defaults follow the OpenTelemetry specification (spans every 5 s, logs every 1 s,
/// metrics every 60 s, 10 s per request). As in every OpenTelemetry SDK, the `OTEL_*`
/// environment variables of the process (`OTEL_EXPORTER_OTLP_ENDPOINT`,
/// `OTEL_EXPORTER_OTLP_HEADERS`, `OTEL_SERVICE_NAME`, `OTEL_SDK_DISABLED`, …) override what is
/// set here, so operators can redirect a deployed application without a rebuild.
///
/// The description names the header fields but never shows their values.
public struct DaiBaiOTLPConfiguration: Sendable, CustomStringConvertible {
    /// The service's name (`service.name`), e.g. `daibai-server`. Must not be empty.
    public var serviceName: String
    /// The collector's OTLP/HTTP base URL, e.g. `http://localhost:4318` or
    /// `https://otlp.example.com/otlp`; each signal goes to `<endpoint>/v1/<signal>`.
    /// `http` or `https` only, without credentials, query or fragment.
    public var endpoint: String
    /// Extra header fields of every export request (API keys); their values are secrets.
    public var headers: DaiBaiOTLPHeaders
    /// The encoding of export requests.
    public var `protocol`: DaiBaiOTLPProtocol
    /// Resource attributes besides `service.name`, e.g. `deployment.environment.name`,
    /// `service.version`. `service.name` here is ignored in favour of ``serviceName``.
    public var resourceAttributes: [String: String]
    /// The signals to export; the backends of the others are no-ops. All three by default.
    public var signals: Set<DaiBaiOTLPSignal>
    /// The lowest level the returned log handlers export (`.info` by default).
    public var logLevel: Logger.Level
    /// How long one export request may take (10 s by default); the batch processors allow
    /// each export this long or 30 s, whichever is longer, retries included.
    public var exportTimeout: Duration
    /// The longest a finished span waits before it is exported (5 s by default).
    public var spanExportDelay: Duration
    /// The longest a log record waits before it is exported (1 s by default).
    public var logExportDelay: Duration
    /// How often metrics are exported (60 s by default). Shutting the service down exports
    /// once more, so nothing recorded before is lost.
    public var metricExportInterval: Duration
    /// Where swift-otel's own diagnostics go (failed exports, configuration overrides), at this
    /// logger's level; `nil` for standard error at `info`. Lines are redacted of the header
    /// values — known and from `OTEL_EXPORTER_OTLP_*HEADERS` — before they reach it. Do not
    /// give it a logger whose handler is the OTLP log handler itself.
    public var diagnosticLogger: Logger?

    /// A configuration with the specification's defaults for everything not given.
    /// - Parameters:
    ///   - serviceName: The service's name (`service.name`).
    ///   - endpoint: The collector's OTLP/HTTP base URL (`http://localhost:4318` by default).
    ///   - headers: Extra header fields (API keys) of every export request.
    ///   - protocol: The encoding of export requests (binary protobuf by default).
    ///   - resourceAttributes: Further resource attributes.
    public init(
        serviceName: String,
        endpoint: String = "http://localhost:4318",
        headers: DaiBaiOTLPHeaders = [:],
        protocol: DaiBaiOTLPProtocol = .httpProtobuf,
        resourceAttributes: [String: String] = [:]
    ) {
        self.serviceName = serviceName
        self.endpoint = endpoint
        self.headers = headers
        self.protocol = `protocol`
        self.resourceAttributes = resourceAttributes
        signals = Set(DaiBaiOTLPSignal.allCases)
        logLevel = .info
        exportTimeout = .seconds(10)
        spanExportDelay = .seconds(5)
        logExportDelay = .seconds(1)
        metricExportInterval = .seconds(60)
        diagnosticLogger = nil
    }

    /// The URL the exporter of `signal` posts to: the endpoint, a `/`, and `v1/<signal>`.
    /// - Throws: ``DaiBaiOTLPError/invalidEndpoint(endpoint:reason:)`` when the endpoint is unusable.
    public func url(for signal: DaiBaiOTLPSignal) throws(DaiBaiOTLPError) -> String {
        let base = try Self.validatedBase(endpoint)
        return (base.hasSuffix("/") ? base : base + "/") + signal.relativePath
    }

    /// Checks every setting; ``DaiBaiOTLP/makeBackends(configuration:)`` calls it first.
    /// - Throws: The first problem found, as a ``DaiBaiOTLPError``.
    public func validate() throws(DaiBaiOTLPError) {
        guard !serviceName.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw .missingServiceName
        }
        _ = try Self.validatedBase(endpoint)
        try headers.validate()
        guard !signals.isEmpty else { throw .noSignals }
        for (name, value) in [
            ("exportTimeout", exportTimeout), ("spanExportDelay", spanExportDelay),
            ("logExportDelay", logExportDelay), ("metricExportInterval", metricExportInterval),
        ] where value <= .zero {
            throw .invalidSetting(name: name, reason: "must be longer than zero (it is \(value))")
        }
        if resourceAttributes.keys.contains(where: \.isEmpty) {
            throw .invalidSetting(name: "resourceAttributes", reason: "has an empty attribute name")
        }
    }

    /// Service, endpoint, protocol, signals and header names; never a header value.
    public var description: String {
        let signalNames = DaiBaiOTLPSignal.allCases.filter(signals.contains).map(\.rawValue).joined(separator: ", ")
        return "DaiBaiOTLPConfiguration(serviceName: \(serviceName), endpoint: \(Self.withoutCredentials(endpoint)), "
            + "protocol: \(self.protocol), signals: [\(signalNames)], headers: \(headers))"
    }

    /// The endpoint if it is an `http(s)` URL with a host and nothing that does not belong in
    /// an OTLP base URL.
    private static func validatedBase(_ endpoint: String) throws(DaiBaiOTLPError) -> String {
        let shown = withoutCredentials(endpoint)
        guard endpoint.contains("://"), let components = URLComponents(string: endpoint),
              let scheme = components.scheme?.lowercased()
        else {
            throw .invalidEndpoint(endpoint: shown, reason: "is not an absolute URL")
        }
        guard scheme == "http" || scheme == "https" else {
            throw .invalidEndpoint(endpoint: shown, reason: "has the scheme '\(scheme)' (OTLP/HTTP needs http or https)")
        }
        guard let host = components.host, !host.isEmpty else {
            throw .invalidEndpoint(endpoint: shown, reason: "names no host")
        }
        guard components.user == nil, components.password == nil else {
            throw .invalidEndpoint(endpoint: shown, reason: "carries credentials; pass them as a header instead")
        }
        guard components.query == nil, components.fragment == nil else {
            throw .invalidEndpoint(endpoint: shown, reason: "has a query or fragment, which OTLP/HTTP endpoints do not take")
        }
        return endpoint
    }

    /// `endpoint` with any `user:password@` replaced, for messages.
    static func withoutCredentials(_ endpoint: String) -> String {
        guard let schemeEnd = endpoint.range(of: "://") else {
            return endpoint.contains("@") ? "<redacted>" : endpoint
        }
        let rest = endpoint[schemeEnd.upperBound...]
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        guard let at = rest[..<authorityEnd].lastIndex(of: "@") else { return endpoint }
        return endpoint[..<schemeEnd.upperBound] + "<redacted>@" + rest[rest.index(after: at)...]
    }
}
