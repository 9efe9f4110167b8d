import DaiBaiCore
import DaiBaiTelemetry
import Testing

@Suite("OTLP configuration")
struct OTLPConfigurationTests {
    @Test("each signal goes to <endpoint>/v1/<signal>, with or without a base path")
    func signalURLs() throws {
        let plain = DaiBaiOTLPConfiguration(serviceName: "s", endpoint: "http://localhost:4318")
        #expect(try plain.url(for: .traces) == "http://localhost:4318/v1/traces")
        #expect(try plain.url(for: .metrics) == "http://localhost:4318/v1/metrics")
        #expect(try plain.url(for: .logs) == "http://localhost:4318/v1/logs")
        let slash = DaiBaiOTLPConfiguration(serviceName: "s", endpoint: "https://otlp.example.com/")
        #expect(try slash.url(for: .traces) == "https://otlp.example.com/v1/traces")
        let path = DaiBaiOTLPConfiguration(serviceName: "s", endpoint: "https://otlp.example.com/otlp")
        #expect(try path.url(for: .logs) == "https://otlp.example.com/otlp/v1/logs")
        #expect(DaiBaiOTLPConfiguration(serviceName: "s").endpoint == "http://localhost:4318")
    }

    @Test("the defaults follow the OpenTelemetry specification")
    func defaults() {
        let configuration = DaiBaiOTLPConfiguration(serviceName: "s")
        #expect(configuration.protocol == .httpProtobuf)
        #expect(configuration.signals == [.traces, .metrics, .logs])
        #expect(configuration.exportTimeout == .seconds(10))
        #expect(configuration.spanExportDelay == .seconds(5))
        #expect(configuration.logExportDelay == .seconds(1))
        #expect(configuration.metricExportInterval == .seconds(60))
        #expect(configuration.logLevel == .info)
        #expect(DaiBaiOTLPProtocol.httpProtobuf.contentType == "application/x-protobuf")
        #expect(DaiBaiOTLPProtocol.httpJSON.contentType == "application/json")
        #expect(DaiBaiOTLPProtocol.httpJSON.description == "http/json")
    }

    @Test("unusable endpoints are refused with what to do", arguments: [
        ("localhost:4318", "is not an absolute URL"),
        ("ftp://collector:4318", "has the scheme 'ftp'"),
        ("http://", "names no host"),
        ("http://collector:4318?x=1", "has a query or fragment"),
    ])
    func invalidEndpoints(endpoint: String, reason: String) {
        let configuration = DaiBaiOTLPConfiguration(serviceName: "s", endpoint: endpoint)
        #expect {
            try configuration.validate()
        } throws: { error in
            guard case .invalidEndpoint(_, let actual) = error as? DaiBaiOTLPError else { return false }
            return actual.hasPrefix(reason) && "\(error)".contains("http://localhost:4318")
        }
    }

    @Test("credentials in the endpoint are refused and never repeated")
    func credentialsInTheEndpoint() {
        let configuration = DaiBaiOTLPConfiguration(serviceName: "s", endpoint: "https://user:hunter2@otlp.example.com/otlp")
        #expect(throws: DaiBaiOTLPError.invalidEndpoint(
            endpoint: "https://<redacted>@otlp.example.com/otlp", reason: "carries credentials; pass them as a header instead")) {
            try configuration.validate()
        }
        #expect(!configuration.description.contains("hunter2"))
    }

    @Test("header names and values are checked, and no value reaches an error")
    func invalidHeaders() {
        func failure(_ headers: DaiBaiOTLPHeaders) -> DaiBaiOTLPError? {
            do {
                try DaiBaiOTLPConfiguration(serviceName: "s", headers: headers).validate()
                return nil
            } catch {
                return error
            }
        }
        let bad = failure(["x-api-key": SecretValue("line\r\nInjected: yes")])
        #expect(bad == .invalidHeader(name: "x-api-key", reason: "has a value with characters HTTP does not allow (control characters such as CR or LF)"))
        #expect(!"\(String(describing: bad))".contains("Injected"))
        #expect(failure(["bad name": SecretValue("v")]) == .invalidHeader(name: "bad name", reason: "is not a valid HTTP field name (RFC 9110 token characters only)"))
        #expect(failure(["Content-Type": SecretValue("text/plain")]) == .invalidHeader(name: "Content-Type", reason: "is set by the OTLP exporter itself; remove it"))
        #expect(failure(["Authorization": SecretValue("Bearer abc"), "x-tenant": SecretValue("t")]) == nil)
    }

    @Test("other settings: a service name, a signal, positive durations")
    func otherSettings() {
        #expect(throws: DaiBaiOTLPError.missingServiceName) { try DaiBaiOTLPConfiguration(serviceName: " ").validate() }
        var noSignals = DaiBaiOTLPConfiguration(serviceName: "s")
        noSignals.signals = []
        #expect(throws: DaiBaiOTLPError.noSignals) { try noSignals.validate() }
        var zero = DaiBaiOTLPConfiguration(serviceName: "s")
        zero.metricExportInterval = .zero
        #expect(throws: DaiBaiOTLPError.invalidSetting(name: "metricExportInterval", reason: "must be longer than zero (it is 0.0 seconds)")) {
            try zero.validate()
        }
        var attributes = DaiBaiOTLPConfiguration(serviceName: "s")
        attributes.resourceAttributes = ["": "x"]
        #expect(throws: DaiBaiOTLPError.invalidSetting(name: "resourceAttributes", reason: "has an empty attribute name")) {
            try attributes.validate()
        }
    }

    @Test("makeBackends refuses what validate refuses, with the typed error")
    func makeBackendsValidates() {
        #expect(throws: DaiBaiOTLPError.missingServiceName) { try DaiBaiOTLP.makeBackends(serviceName: "") }
        #expect(throws: DaiBaiOTLPError.self) { try DaiBaiOTLP.makeBackends(serviceName: "s", endpoint: "collector") }
    }

    @Test("descriptions, debug descriptions and dumps name headers but never show a value")
    func headerValuesAreRedacted() {
        let secret = "otlp-secret-value-1234"
        var headers: DaiBaiOTLPHeaders = ["x-api-key": SecretValue(secret)]
        headers.append(name: "x-team", value: SecretValue(secret + "-team"))
        #expect(headers.names == ["x-api-key", "x-team"])
        #expect(headers.description == "DaiBaiOTLPHeaders(x-api-key: <redacted>, x-team: <redacted>)")
        #expect(headers.debugDescription == headers.description)
        var dumped = ""
        dump(headers, to: &dumped)
        #expect(!dumped.contains(secret))

        let configuration = DaiBaiOTLPConfiguration(serviceName: "svc", endpoint: "https://otlp.example.com", headers: headers, protocol: .httpJSON)
        #expect(configuration.description == "DaiBaiOTLPConfiguration(serviceName: svc, endpoint: https://otlp.example.com, "
            + "protocol: http/json, signals: [traces, metrics, logs], headers: DaiBaiOTLPHeaders(x-api-key: <redacted>, x-team: <redacted>))")
        var dumpedConfiguration = ""
        dump(configuration, to: &dumpedConfiguration)
        #expect(!dumpedConfiguration.contains(secret))
        #expect(!String(reflecting: configuration).contains(secret))
    }
}
