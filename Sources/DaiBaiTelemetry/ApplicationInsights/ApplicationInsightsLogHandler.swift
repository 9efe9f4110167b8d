import Foundation
import Logging
import Tracing

/// A swift-log `LogHandler` that sends each log line to Application Insights: as a message
/// (`MessageData`), or as an exception (`ExceptionData`) when the event carries an error or its
/// metadata has an `error` value.
///
/// Bootstrap it in the application (libraries never do), usually next to a console handler:
///
/// ```swift
/// LoggingSystem.bootstrap { label in
///     MultiplexLogHandler([StreamLogHandler.standardError(label: label),
///                          ApplicationInsightsLogHandler(label: label, exporter: exporter)])
/// }
/// ```
///
/// Levels map to severities (`trace`/`debug` → Verbose, `info`/`notice` → Information, `warning`,
/// `error`, `critical`); metadata becomes properties, with `logger` (the label) and `source`.
/// When the line is logged inside a span of ``ApplicationInsightsTracer`` (or after a
/// `traceparent` was extracted), it carries that operation id and, as parent id, the span's id.
/// Lines the exporter itself logs while sending are not exported.
public struct ApplicationInsightsLogHandler: LogHandler {
    /// The handler's own metadata, added to every line.
    public var metadata: Logger.Metadata = [:]
    /// Contributes metadata to every line (for example from the task's context).
    public var metadataProvider: Logger.MetadataProvider?
    /// The lowest level sent (default `info`).
    public var logLevel: Logger.Level

    private let label: String
    private let exporter: ApplicationInsightsExporter
    private let now: @Sendable () -> Date

    /// A handler for the logger `label` that submits to `exporter`.
    ///
    /// - Parameters:
    ///   - label: The logger's label, sent as the `logger` property.
    ///   - exporter: Where lines go.
    ///   - logLevel: The lowest level sent.
    ///   - metadataProvider: Contributes metadata; the logging system's by default.
    ///   - now: The clock for each line's time (inject one in tests).
    public init(
        label: String,
        exporter: ApplicationInsightsExporter,
        logLevel: Logger.Level = .info,
        metadataProvider: Logger.MetadataProvider? = LoggingSystem.metadataProvider,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.label = label
        self.exporter = exporter
        self.logLevel = logLevel
        self.metadataProvider = metadataProvider
        self.now = now
    }

    /// One metadata value of the handler.
    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Submits `event` as a message or an exception.
    public func log(event: LogEvent) {
        guard event.level >= logLevel, !ApplicationInsightsExportSuppression.isActive else { return }
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let own = event.metadata { merged.merge(own) { _, new in new } }
        let errorValue = merged.removeValue(forKey: "error")

        var properties: [String: String] = [:]
        for (key, value) in merged { Self.flatten(value, key: key, into: &properties) }
        properties["logger"] = label
        properties["source"] = event.source

        var tags: [String: String] = [:]
        if let span = InstrumentationContext.current?.applicationInsightsSpanContext {
            tags[ApplicationInsightsContextTag.operationID] = span.operationID
            tags[ApplicationInsightsContextTag.operationParentID] = span.spanID
        }

        let severity = Self.severity(event.level)
        let message = event.message.description
        let data: ApplicationInsightsTelemetryData
        if let details = Self.exception(error: event.error, metadataValue: errorValue) {
            properties["message"] = message
            data = .exception(ApplicationInsightsExceptionData(exceptions: [details], severityLevel: severity, properties: properties))
        } else {
            data = .message(ApplicationInsightsMessageData(message: message, severityLevel: severity, properties: properties))
        }
        exporter.submit(ApplicationInsightsEnvelope(time: now(), tags: tags, data: data))
    }

    /// The severity for a swift-log level.
    public static func severity(_ level: Logger.Level) -> ApplicationInsightsSeverityLevel {
        switch level {
        case .trace, .debug: .verbose
        case .info, .notice: .information
        case .warning: .warning
        case .error: .error
        case .critical: .critical
        }
    }

    private static func exception(error: (any Error)?, metadataValue: Logger.MetadataValue?) -> ApplicationInsightsExceptionDetails? {
        if let error { return ApplicationInsightsExceptionDetails(error: error) }
        switch metadataValue {
        case nil:
            return nil
        case .stringConvertible(let value)?:
            if let error = value as? any Error { return ApplicationInsightsExceptionDetails(error: error) }
            return ApplicationInsightsExceptionDetails(typeName: String(reflecting: type(of: value)), message: value.description)
        case let value?:
            return ApplicationInsightsExceptionDetails(typeName: "Error", message: value.description)
        }
    }

    private static func flatten(_ value: Logger.MetadataValue, key: String, into properties: inout [String: String]) {
        switch value {
        case .string(let text): properties[key] = text
        case .stringConvertible(let convertible): properties[key] = convertible.description
        case .dictionary(let entries):
            for (inner, value) in entries { flatten(value, key: "\(key).\(inner)", into: &properties) }
        case .array: properties[key] = value.description
        }
    }
}
