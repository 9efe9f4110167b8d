/// A non-HTTP Azure Functions trigger the custom handler serves: the host POSTs the
/// invocation payload to `/<name>` (the function's folder name under `Deploy/functions`) and
/// expects a ``FunctionsInvocationResponse`` back.
///
/// See <https://learn.microsoft.com/azure/azure-functions/functions-custom-handlers#request-payload>.
public struct FunctionsTrigger: Sendable {
    /// The function's name, which is also the path the host POSTs to (`MeterDrain` → `/MeterDrain`).
    public let name: String
    /// Runs one invocation. A thrown error becomes HTTP 500 with an invocation response whose
    /// `Logs` name the failure, so the host records a failed invocation.
    let handler: @Sendable (FunctionsInvocationRequest) async throws -> FunctionsInvocationResponse

    /// A trigger named `name` (the function folder's name) served by `handler`.
    public init(
        name: String,
        handler: @escaping @Sendable (FunctionsInvocationRequest) async throws -> FunctionsInvocationResponse
    ) {
        self.name = name
        self.handler = handler
    }
}
