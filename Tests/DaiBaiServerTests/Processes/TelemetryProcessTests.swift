import AsyncHTTPClient
import CompressNIO
import DaiBaiTestSupport
import Foundation
import NIOCore
import Testing

/// `daibai-server serve` with `APPLICATIONINSIGHTS_CONNECTION_STRING` (as the Bicep templates set
/// it on the Function App) exports its request spans and log lines to the ingestion endpoint, here
/// a loopback stand-in for `POST /v2.1/track`.
@Suite("Server process telemetry")
struct TelemetryProcessTests {
    static let instrumentationKey = "0b4f31e2-6c3d-4f8a-9e57-7a1d2c3b4e5f"

    /// The items of one gzip-compressed track request.
    static func items(_ request: LoopbackHTTPServer.Request) -> [[String: Any]] {
        var buffer = ByteBuffer(bytes: request.body)
        guard request.header("content-encoding") == "gzip",
              var inflated = try? buffer.decompress(with: .gzip()),
              let bytes = inflated.readBytes(length: inflated.readableBytes),
              let array = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [[String: Any]]
        else { return [] }
        return array
    }

    @Test func requestSpansAndLogsReachApplicationInsights() async throws {
        let ingestion = try await LoopbackHTTPServer.start([
            .init("POST /v2.1/track") { request in
                let count = Self.items(request).count
                return .text(200, #"{"itemsReceived":\#(count),"itemsAccepted":\#(count),"errors":[]}"#, headers: ["Content-Type": "application/json"])
            },
        ])
        let directory = TestComponents.newDirectory()
        let environment = [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": directory, "STORAGE_DIRECTORY": directory,
            "APPLICATIONINSIGHTS_CONNECTION_STRING": "InstrumentationKey=\(Self.instrumentationKey);IngestionEndpoint=\(ingestion.baseURL)/",
        ]
        let server = try await ServerProcess(arguments: ["serve", "--port", "0", "--development-auth"], environment: environment, outputPath: directory + "/server.out")
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        do {
            let port = try await server.port()
            var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/v1/ask")
            request.method = .POST
            request.headers.add(name: "Authorization", value: "Bearer dev:acme:ana")
            request.body = .bytes(ByteBuffer(string: #"{"question":"What are the 10 best-selling tracks?"}"#))
            let response = try await client.execute(request, timeout: .seconds(300))
            _ = try await response.body.collect(upTo: 1 << 22)
            #expect(response.status.code == 200)
        } catch {
            Issue.record(error)
        }
        try await client.shutdown()
        // The exporter is shut down last and sends what is still buffered.
        #expect(await server.terminate() == 0)
        await ingestion.stop()

        let items = ingestion.requests.filter { $0.path == "/v2.1/track" }.flatMap(Self.items)
        #expect(!items.isEmpty, "no track request arrived")
        #expect(items.allSatisfy { $0["iKey"] as? String == Self.instrumentationKey })
        let requests = items.filter { $0["name"] as? String == "Microsoft.ApplicationInsights.Request" }
        let askRequest = requests.first { item in
            let base = (item["data"] as? [String: Any])?["baseData"] as? [String: Any]
            return (base?["name"] as? String ?? "").contains("/v1/ask") && base?["responseCode"] as? String == "200"
        }
        #expect(askRequest != nil, "no Request item for POST /v1/ask with 200 among \(requests.count) request items")
        let messages = items.compactMap { item -> String? in
            guard item["name"] as? String == "Microsoft.ApplicationInsights.Message" else { return nil }
            return ((item["data"] as? [String: Any])?["baseData"] as? [String: Any])?["message"] as? String
        }
        #expect(messages.contains { $0.contains("Development authentication is ON") }, "\(messages)")
        let serverErrors = (try? String(contentsOfFile: directory + "/server.out.err", encoding: .utf8)) ?? ""
        #expect(!serverErrors.contains(Self.instrumentationKey), "the instrumentation key was written to standard error")
    }
}
