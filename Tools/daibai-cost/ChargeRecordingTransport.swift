import DaiBaiCore
import Synchronization

/// An ``HTTPTransport`` that passes every request to another transport and adds up the
/// `x-ms-request-charge` of the responses the SDK received, so the Cosmos DB RU of an operation
/// are the ones the service (here the loopback fake) charged, read on the SDK's side of the wire.
final class ChargeRecordingTransport: HTTPTransport {
    struct Tally: Sendable {
        var requestUnits = 0.0
        var requests = 0
    }

    private let base: any HTTPTransport
    private let tally = Mutex(Tally())

    init(base: any HTTPTransport) {
        self.base = base
    }

    /// What was received since the last ``reset()``.
    var current: Tally { tally.withLock { $0 } }

    /// Starts counting anew and returns what was counted so far.
    @discardableResult
    func reset() -> Tally {
        tally.withLock { value in
            defer { value = Tally() }
            return value
        }
    }

    func send(_ request: HTTPTransportRequest) async throws(HTTPTransportError) -> HTTPTransportResponse {
        let response = try await base.send(request)
        let charge = response.head.headerFields.first { $0.name.canonicalName == "x-ms-request-charge" }.flatMap { Double($0.value) } ?? 0
        tally.withLock { value in
            value.requestUnits += charge
            value.requests += 1
        }
        return response
    }
}
