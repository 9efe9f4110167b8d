import Foundation
import ServiceContextModule
import Synchronization
import Tracing

/// A tracer that reads `traceparent` into the context and records each span's name and the
/// trace id of its parent context (no global bootstrap, so tests stay independent).
final class RecordingTracer: Tracer {
    enum TraceparentKey: ServiceContextKey { typealias Value = String }
    struct Started: Sendable { var name: String; var kind: SpanKind; var parentTraceparent: String? }

    private let started = Mutex<[Started]>([])
    var spans: [Started] { started.withLock { $0 } }

    func startSpan<Instant: TracerInstant>(
        _ operationName: String, context: @autoclosure () -> ServiceContext, ofKind kind: SpanKind,
        at instant: @autoclosure () -> Instant, function: String, file fileID: String, line: UInt
    ) -> NoOpTracer.NoOpSpan {
        let context = context()
        started.withLock { $0.append(Started(name: operationName, kind: kind, parentTraceparent: context[TraceparentKey.self])) }
        return NoOpTracer.NoOpSpan(context: context)
    }

    func forceFlush() {}

    func inject<Carrier, Inject: Injector>(_ context: ServiceContext, into carrier: inout Carrier, using injector: Inject) where Inject.Carrier == Carrier {
        if let value = context[TraceparentKey.self] { injector.inject(value, forKey: "traceparent", into: &carrier) }
    }

    func extract<Carrier, Extract: Extractor>(_ carrier: Carrier, into context: inout ServiceContext, using extractor: Extract) where Extract.Carrier == Carrier {
        if let value = extractor.extract(key: "traceparent", from: carrier) { context[TraceparentKey.self] = value }
    }
}
