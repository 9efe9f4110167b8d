import Synchronization
import Tracing

/// A span of ``ApplicationInsightsTracer``: it collects attributes, status and errors, and when
/// it ends hands its envelopes to the exporter (once; later calls to `end` do nothing).
///
/// Spans of an unsampled trace, and spans started by the exporter's own requests, do not record.
public final class ApplicationInsightsSpan: Tracing.Span, Sendable {
    private struct State {
        var operationName: String
        var attributes: SpanAttributes = [:]
        var status: SpanStatus?
        var errors: [(error: any Error, attributes: SpanAttributes, at: UInt64)] = []
        var ended = false
    }

    /// The span's context: the parent's, with this span's ``ApplicationInsightsSpanContext``.
    public let context: InstrumentationContext
    /// Whether the span will be exported.
    public let isRecording: Bool

    private let kind: SpanKind
    private let spanContext: ApplicationInsightsSpanContext
    private let start: UInt64
    private let exporter: ApplicationInsightsExporter?
    private let state: Mutex<State>

    init(
        operationName: String, kind: SpanKind, context: InstrumentationContext, spanContext: ApplicationInsightsSpanContext,
        start: UInt64, exporter: ApplicationInsightsExporter?
    ) {
        self.context = context
        self.kind = kind
        self.spanContext = spanContext
        self.start = start
        self.exporter = exporter
        self.isRecording = exporter != nil
        self.state = Mutex(State(operationName: operationName))
    }

    /// The operation's name (the request or dependency name).
    public var operationName: String {
        get { state.withLock { $0.operationName } }
        set { state.withLock { $0.operationName = newValue } }
    }

    /// The attributes; each becomes a property of the exported item.
    public var attributes: SpanAttributes {
        get { state.withLock { $0.attributes } }
        set { state.withLock { $0.attributes = newValue } }
    }

    /// Sets the status; an error status makes the item unsuccessful.
    public func setStatus(_ status: SpanStatus) {
        state.withLock { $0.status = status }
    }

    /// Span events are not exported to Application Insights.
    public func addEvent(_ event: SpanEvent) {}

    /// Records `error`; it is exported as an exception item whose parent is this span.
    public func recordError<Instant: TracerInstant>(_ error: any Error, attributes: SpanAttributes, at instant: @autoclosure () -> Instant) {
        guard isRecording else { return }
        let time = instant().nanosecondsSinceEpoch
        state.withLock { $0.errors.append((error, attributes, time)) }
    }

    /// Links are not exported to Application Insights.
    public func addLink(_ link: SpanLink) {}

    /// Ends the span and submits its envelopes to the exporter (the first call only).
    public func end<Instant: TracerInstant>(at instant: @autoclosure () -> Instant) {
        let end = instant().nanosecondsSinceEpoch
        let mapping: ApplicationInsightsSpanMapping? = state.withLock { state in
            guard !state.ended else { return nil }
            state.ended = true
            return ApplicationInsightsSpanMapping(
                name: state.operationName, kind: kind, context: spanContext, start: start, end: end,
                attributes: state.attributes, status: state.status, errors: state.errors
            )
        }
        guard let exporter, let mapping else { return }
        for envelope in mapping.envelopes() { exporter.submit(envelope) }
    }
}
