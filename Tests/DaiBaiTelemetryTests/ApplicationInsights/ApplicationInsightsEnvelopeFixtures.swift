/// Envelopes as the ingestion endpoint expects them, written by hand from the published schema.
///
/// Sources, for every fixture:
/// - "Application Insights telemetry data model" (learn.microsoft.com/azure/azure-monitor/app/data-model-complete):
///   the telemetry types and their fields;
/// - the v2.1 track schema as generated into `azure-monitor-opentelemetry-exporter` 1.0.0b58
///   (PyPI; `_generated/exporter/models/_models.py`): `TelemetryItem` (`name`, `time`, `iKey`,
///   `tags`, `data`), `MonitorBase` (`baseType`, `baseData`), and the `ver`, field names and
///   types of each `baseData`; `_enums.py` for `SeverityLevel` names, `DataPointType` (`kind`) and
///   the `ContextTagKeys`;
/// - `Microsoft.ApplicationInsights.<Type>` envelope names as the Python exporter's `_constants.py`
///   and the .NET and Node.js SDKs write them.
enum ApplicationInsightsEnvelopeFixtures {
    static let request = #"""
    {"name": "Microsoft.ApplicationInsights.Request", "time": "2023-11-14T22:13:20.2500000Z",
     "iKey": "11111111-2222-3333-4444-555555555555",
     "tags": {"ai.operation.id": "4bf92f3577b34da6a3ce929d0e0e4736", "ai.operation.parentId": "00f067aa0ba902b7",
              "ai.operation.name": "GET /ask", "ai.cloud.role": "daibai-server"},
     "data": {"baseType": "RequestData",
              "baseData": {"ver": 2, "id": "b7ad6b7169203331", "name": "GET /ask", "duration": "0.00:00:01.5000000",
                           "success": true, "responseCode": "200", "url": "https://daibai.example/ask",
                           "properties": {"tenant": "3f2a"}}}}
    """#

    static let remoteDependency = #"""
    {"name": "Microsoft.ApplicationInsights.RemoteDependency", "time": "2023-11-14T22:13:20.2500000Z",
     "iKey": "11111111-2222-3333-4444-555555555555",
     "tags": {"ai.operation.id": "4bf92f3577b34da6a3ce929d0e0e4736", "ai.operation.parentId": "b7ad6b7169203331"},
     "data": {"baseType": "RemoteDependencyData",
              "baseData": {"ver": 2, "id": "53995c3f42cd8ad8", "name": "SELECT shop", "duration": "0.00:00:00.0420000",
                           "success": false, "type": "postgresql", "resultCode": "57014",
                           "target": "db.example:5432", "data": "SELECT 1"}}}
    """#

    static let message = #"""
    {"name": "Microsoft.ApplicationInsights.Message", "time": "2023-11-14T22:13:20.2500000Z",
     "iKey": "11111111-2222-3333-4444-555555555555",
     "tags": {"ai.operation.id": "4bf92f3577b34da6a3ce929d0e0e4736"},
     "data": {"baseType": "MessageData",
              "baseData": {"ver": 2, "message": "Agent answered", "severityLevel": "Information",
                           "properties": {"logger": "daibai.agent"}}}}
    """#

    static let exception = #"""
    {"name": "Microsoft.ApplicationInsights.Exception", "time": "2023-11-14T22:13:20.2500000Z",
     "iKey": "11111111-2222-3333-4444-555555555555",
     "data": {"baseType": "ExceptionData",
              "baseData": {"ver": 2, "severityLevel": "Error",
                           "exceptions": [{"typeName": "DaiBaiCore.AgentError", "message": "no SQL produced", "hasFullStack": false}]}}}
    """#

    static let event = #"""
    {"name": "Microsoft.ApplicationInsights.Event", "time": "2023-11-14T22:13:20.2500000Z",
     "iKey": "11111111-2222-3333-4444-555555555555",
     "data": {"baseType": "EventData",
              "baseData": {"ver": 2, "name": "QuestionAsked", "properties": {"dialect": "sqlite"}, "measurements": {"tokens": 42}}}}
    """#

    static let metric = #"""
    {"name": "Microsoft.ApplicationInsights.Metric", "time": "2023-11-14T22:13:20.2500000Z",
     "iKey": "11111111-2222-3333-4444-555555555555",
     "data": {"baseType": "MetricData",
              "baseData": {"ver": 2,
                           "metrics": [{"name": "daibai_agent_request_duration", "value": 30, "count": 3, "min": 5, "max": 15,
                                        "stdDev": 4, "kind": "Aggregation"}],
                           "properties": {"outcome": "ok"}}}}
    """#

    static let measurement = #"""
    {"name": "Microsoft.ApplicationInsights.Metric", "time": "2023-11-14T22:13:20.2500000Z",
     "iKey": "11111111-2222-3333-4444-555555555555",
     "data": {"baseType": "MetricData", "baseData": {"ver": 2, "metrics": [{"name": "queue_depth", "value": 7}]}}}
    """#

    /// A 206 answer: item 1 may be retried (503), item 2 is refused for good (400).
    static let partialSuccess = #"""
    {"itemsReceived": 3, "itemsAccepted": 1,
     "errors": [{"index": 1, "statusCode": 503, "message": "Service unavailable"},
                {"index": 2, "statusCode": 400, "message": "109: Field 'name' on type 'EventData' is required"}]}
    """#
}
