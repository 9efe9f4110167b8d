import Foundation
import Tracing
import W3CTraceContext

/// A swift-distributed-tracing `Tracer` whose spans become Application Insights requests and
/// dependencies, sent through an ``ApplicationInsightsExporter``.
///
/// Bootstrap it in the application (libraries never do):
///
/// ```swift
/// InstrumentationSystem.bootstrap(ApplicationInsightsTracer(exporter: exporter))
/// ```
///
/// Correlation follows W3C Trace Context: ``extract(_:into:using:)`` reads `traceparent` (and
/// `tracestate`) from incoming headers, ``inject(_:into:using:)`` writes them on outgoing ones.
/// Every span of a trace shares its trace id as the operation id (`ai.operation.id`), and its
/// parent's span id as `ai.operation.parentId`. A span of an unsampled trace does not record.
public struct ApplicationInsightsTracer: Tracer {
    /// The span type.
    public typealias Span = ApplicationInsightsSpan

    /// The `traceparent` header.
    public static let traceParentHeader = "traceparent"
    /// The `tracestate` header.
    public static let traceStateHeader = "tracestate"

    private let exporter: ApplicationInsightsExporter

    /// A tracer that submits finished spans to `exporter`.
    public init(exporter: ApplicationInsightsExporter) {
        self.exporter = exporter
    }

    /// Starts a span: a child of the context's span (or of the caller extracted into it), or
    /// the root of a new sampled trace.
    public func startSpan<Instant: TracerInstant>(
        _ operationName: String,
        context: @autoclosure () -> InstrumentationContext,
        ofKind kind: SpanKind,
        at instant: @autoclosure () -> Instant,
        function: String,
        file fileID: String,
        line: UInt
    ) -> ApplicationInsightsSpan {
        var context = context()
        let parent = context.applicationInsightsSpanContext
        let trace = TraceContext(
            traceID: parent?.traceContext.traceID ?? TraceID.random(),
            spanID: SpanID.random(),
            flags: parent?.traceContext.flags ?? .sampled,
            state: parent?.traceContext.state ?? TraceState()
        )
        let spanContext = ApplicationInsightsSpanContext(traceContext: trace, parentSpanID: parent?.traceContext.spanID)
        let records = spanContext.isSampled && !(context[ApplicationInsightsExportSuppression.self] ?? false)
        context.applicationInsightsSpanContext = spanContext
        return ApplicationInsightsSpan(
            operationName: operationName, kind: kind, context: context, spanContext: spanContext,
            start: instant().nanosecondsSinceEpoch, exporter: records ? exporter : nil
        )
    }

    /// Spans are handed to the exporter when they end; run or flush the exporter to send them.
    public func forceFlush() {}

    /// Reads `traceparent` and `tracestate` from `carrier` into `context` as a remote parent;
    /// a malformed `traceparent` is ignored (a new trace starts), a malformed `tracestate` dropped.
    public func extract<Carrier, Extract: Extractor>(
        _ carrier: Carrier, into context: inout InstrumentationContext, using extractor: Extract
    ) where Extract.Carrier == Carrier {
        guard let parent = extractor.extract(key: Self.traceParentHeader, from: carrier)?
            .trimmingCharacters(in: .whitespaces)
        else { return }
        let state = extractor.extract(key: Self.traceStateHeader, from: carrier)
        let trace = (try? TraceContext(traceParentHeaderValue: parent, traceStateHeaderValue: state))
            ?? (try? TraceContext(traceParentHeaderValue: parent))
        guard let trace else { return }
        context.applicationInsightsSpanContext = ApplicationInsightsSpanContext(traceContext: trace, isRemote: true)
    }

    /// Writes the context's span as `traceparent` (and `tracestate` when not empty) into `carrier`.
    public func inject<Carrier, Inject: Injector>(
        _ context: InstrumentationContext, into carrier: inout Carrier, using injector: Inject
    ) where Inject.Carrier == Carrier {
        guard let span = context.applicationInsightsSpanContext else { return }
        injector.inject(span.traceContext.traceParentHeaderValue, forKey: Self.traceParentHeader, into: &carrier)
        if let state = span.traceContext.traceStateHeaderValue, !state.isEmpty {
            injector.inject(state, forKey: Self.traceStateHeader, into: &carrier)
        }
    }
}
