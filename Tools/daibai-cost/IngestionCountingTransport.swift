import DaiBaiCore
import DaiBaiTesting
import Foundation
import Synchronization

/// The Application Insights ingestion endpoint as an in-process ``HTTPTransport``: it accepts
/// every batch and counts, per request, the body as sent (gzip) and uncompressed, and the
/// envelopes in it, split into metric envelopes and the rest.
final class IngestionCountingTransport: HTTPTransport {
    struct Tally: Sendable {
        var requests = 0
        var sentBytes = 0
        var uncompressedBytes = 0
        var envelopes = 0
        var metricEnvelopes = 0
        var metricBytes = 0
        var failures: [String] = []
    }

    private let tally = Mutex(Tally())

    /// What was received since the last ``reset()``.
    @discardableResult
    func reset() -> Tally {
        tally.withLock { value in
            defer { value = Tally() }
            return value
        }
    }

    func send(_ request: HTTPTransportRequest) async throws(HTTPTransportError) -> HTTPTransportResponse {
        let sent = request.body ?? []
        let encoding = request.head.headerFields.first { $0.name.canonicalName == "content-encoding" }?.value.lowercased()
        var uncompressed = sent
        var failure: String?
        if encoding == "gzip" {
            do throws(GzipInflater.Failure) {
                uncompressed = try GzipInflater.gunzip(sent)
            } catch {
                failure = "a request body could not be gunzipped: \(error)"
            }
        }
        var envelopes = 0
        var metricEnvelopes = 0
        var metricBytes = 0
        if failure == nil {
            if let items = (try? JSONSerialization.jsonObject(with: Data(uncompressed))) as? [[String: Any]] {
                envelopes = items.count
                for item in items where (item["name"] as? String)?.hasSuffix(".Metric") == true {
                    metricEnvelopes += 1
                    metricBytes += ((try? JSONSerialization.data(withJSONObject: item))?.count ?? 0)
                }
            } else {
                failure = "a request body is not a JSON array of envelopes"
            }
        }
        tally.withLock { value in
            value.requests += 1
            value.sentBytes += sent.count
            value.uncompressedBytes += uncompressed.count
            value.envelopes += envelopes
            value.metricEnvelopes += metricEnvelopes
            value.metricBytes += metricBytes
            if let failure { value.failures.append(failure) }
        }
        let body = #"{"itemsReceived":\#(envelopes),"itemsAccepted":\#(envelopes),"errors":[]}"#
        return FakeHTTPTransport.Reply.status(200, headers: ["Content-Type": "application/json"], body: body).makeResponse()
    }
}
