import Tracing
import W3CTraceContext

/// The trace position of a span (or of a caller, when extracted from `traceparent`), kept in
/// the `InstrumentationContext` (swift-distributed-tracing's `ServiceContext`).
///
/// Application Insights correlates by operation: the operation id is the W3C trace id, and an
/// item's parent id is the span id of the request or dependency it belongs to.
public struct ApplicationInsightsSpanContext: Sendable, Hashable {
    /// The W3C trace context: trace id, this span's id (or the caller's, when ``isRemote``),
    /// flags and `tracestate`.
    public var traceContext: TraceContext
    /// The id of the parent span, if the span has one.
    public var parentSpanID: SpanID?
    /// Whether this is a caller's position extracted from a `traceparent` header rather than a
    /// span of this process.
    public var isRemote: Bool

    /// Creates a span context.
    public init(traceContext: TraceContext, parentSpanID: SpanID? = nil, isRemote: Bool = false) {
        self.traceContext = traceContext
        self.parentSpanID = parentSpanID
        self.isRemote = isRemote
    }

    /// The operation id (`ai.operation.id`): the trace id as 32 lower-case hex digits.
    public var operationID: String { traceContext.traceID.description }

    /// The span id as 16 lower-case hex digits: the parent id of telemetry recorded inside the span.
    public var spanID: String { traceContext.spanID.description }

    /// Whether the trace is sampled (W3C flag); unsampled spans are not exported.
    public var isSampled: Bool { traceContext.flags.contains(.sampled) }
}

/// The context key under which ``ApplicationInsightsSpanContext`` is stored.
enum ApplicationInsightsSpanContextKey: InstrumentationContextKey {
    typealias Value = ApplicationInsightsSpanContext
    static var nameOverride: String? { "daibai-appinsights-span-context" }
}

extension InstrumentationContext {
    /// The Application Insights span context of the span this context belongs to, if any.
    public var applicationInsightsSpanContext: ApplicationInsightsSpanContext? {
        get { self[ApplicationInsightsSpanContextKey.self] }
        set { self[ApplicationInsightsSpanContextKey.self] = newValue }
    }
}
