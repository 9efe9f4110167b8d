import OTel

/// How an OTLP exporter encodes what it posts to the collector (OTLP/HTTP only: the gRPC
/// transport is not linked into DaiBaiTelemetry).
public enum DaiBaiOTLPProtocol: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Binary protobuf, `Content-Type: application/x-protobuf` — OTLP's default and the one to
    /// use with a real collector (`OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf`).
    case httpProtobuf = "http/protobuf"
    /// The protobuf JSON mapping, `Content-Type: application/json`
    /// (`OTEL_EXPORTER_OTLP_PROTOCOL=http/json`).
    ///
    /// swift-otel 1.6.0 writes trace and span ids in the standard protobuf JSON mapping (base64),
    /// where the OTLP specification asks for hex; collectors that insist on hex refuse such
    /// spans. Prefer ``httpProtobuf`` in production; JSON is readable for debugging.
    case httpJSON = "http/json"

    /// The `Content-Type` of every export request in this encoding.
    public var contentType: String {
        switch self {
        case .httpProtobuf: "application/x-protobuf"
        case .httpJSON: "application/json"
        }
    }

    /// The value of `OTEL_EXPORTER_OTLP_PROTOCOL` for this encoding.
    public var description: String { rawValue }

    var otel: OTel.Configuration.OTLPExporterConfiguration.`Protocol` {
        switch self {
        case .httpProtobuf: .httpProtobuf
        case .httpJSON: .httpJSON
        }
    }
}
