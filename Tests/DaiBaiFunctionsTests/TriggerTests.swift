import DaiBaiFunctions
import DaiBaiTestSupport
import Foundation
import Logging
import Synchronization
import Testing

/// The MeterDrain timer through the stand-in host (the invocation payload of
/// https://learn.microsoft.com/azure/azure-functions/functions-custom-handlers#request-payload),
/// answered by `addFunctionsTriggers` over loopback.
@Suite("Functions triggers", .timeLimit(.minutes(10)))
struct TriggerTests {
    struct DrainFailed: Error, CustomStringConvertible {
        var description: String { "the meter reporter could not reach Stripe (HTTP 503)" }
    }

    @Test("a timer invocation round-trips: the trigger sees Data and Metadata, the host gets Outputs, Logs, ReturnValue")
    func roundTrip() async throws {
        let layout = try FunctionsAppLayout.load()
        let seen = Mutex<[FunctionsInvocationRequest]>([])
        let trigger = FunctionsTrigger(name: "MeterDrain") { request in
            seen.withLock { $0.append(request) }
            let pastDue = request.data["timer"]?["IsPastDue"]?.boolValue ?? true
            return FunctionsInvocationResponse(
                outputs: ["reported": .number(3)],
                logs: ["reported 3 meter events", "past due: \(pastDue)"],
                returnValue: .string(request.metadata["sys"]?["RandGuid"]?.stringValue ?? "none"))
        }
        try await EchoHandlerApp.withRunning(triggers: [trigger]) { port in
            let host = StandInFunctionsHost(layout: layout, handlerPort: port)
            let guid = UUID()
            let now = Date(timeIntervalSince1970: 1_796_000_000)
            let invoked = try await host.fireTimer("MeterDrain", utcNow: now, randGuid: guid)
            #expect(invoked.status == 200)
            let answer = try #require(try JSONSerialization.jsonObject(with: Data(invoked.body)) as? [String: Any])
            #expect(Set(answer.keys) == ["Outputs", "Logs", "ReturnValue"])
            #expect(answer["Logs"] as? [String] == ["reported 3 meter events", "past due: false"])
            #expect((answer["Outputs"] as? [String: Any])?["reported"] as? Int == 3)
            #expect(answer["ReturnValue"] as? String == guid.uuidString.lowercased())
            let decoded = try JSONDecoder().decode(FunctionsInvocationResponse.self, from: Data(invoked.body))
            #expect(decoded.outputs == ["reported": .number(3)])

            let requests = seen.withLock { $0 }
            let request = try #require(requests.first)
            #expect(requests.count == 1)
            #expect(request.methodName == "MeterDrain")
            #expect(request.metadata["sys"]?["RandGuid"] == .string(guid.uuidString.lowercased()))
            #expect(request.metadata["sys"]?["UtcNow"]?.stringValue?.hasPrefix("2026-11-30T") == true)
            let timer = try #require(request.data["timer"])
            #expect(timer["Schedule"]?["AdjustForDST"] == .bool(true))
            #expect(timer["ScheduleStatus"]?["Next"]?.stringValue != nil)
            // What the trigger saw is exactly what the host sent.
            let sent = try JSONDecoder().decode(FunctionsInvocationRequest.self, from: Data(invoked.payload))
            #expect(sent.data == request.data && sent.metadata == request.metadata)
        }
    }

    @Test("a throwing trigger answers 500 with Logs naming the function and the failure")
    func throwingTrigger() async throws {
        let layout = try FunctionsAppLayout.load()
        let capture = LogCapture()
        let trigger = FunctionsTrigger(name: "MeterDrain") { _ in throw DrainFailed() }
        try await EchoHandlerApp.withRunning(triggers: [trigger], logger: capture.logger()) { port in
            let host = StandInFunctionsHost(layout: layout, handlerPort: port)
            let invoked = try await host.fireTimer("MeterDrain", utcNow: Date())
            #expect(invoked.status == 500)
            let answer = try JSONDecoder().decode(FunctionsInvocationResponse.self, from: Data(invoked.body))
            #expect(answer.logs == ["MeterDrain failed: the meter reporter could not reach Stripe (HTTP 503)"])
            #expect(answer.outputs.isEmpty && answer.returnValue == nil)
        }
        #expect(capture.lines.contains { $0.contains("functions invocation failed") && $0.contains("function=MeterDrain") })
    }

    @Test("a body that is not an invocation payload answers 400 without running the trigger")
    func malformedPayload() async throws {
        let layout = try FunctionsAppLayout.load()
        let runs = Mutex(0)
        let trigger = FunctionsTrigger(name: "MeterDrain") { _ in
            runs.withLock { $0 += 1 }
            return FunctionsInvocationResponse()
        }
        try await EchoHandlerApp.withRunning(triggers: [trigger]) { port in
            let host = StandInFunctionsHost(layout: layout, handlerPort: port)
            for payload in ["not json", "[1,2]", #"{"Data": 5}"#] {
                let invoked = try await host.invoke("MeterDrain", payload: Array(payload.utf8))
                #expect(invoked.status == 400, "\(payload)")
                let answer = try JSONDecoder().decode(FunctionsInvocationResponse.self, from: Data(invoked.body))
                #expect(answer.logs.first?.hasPrefix("MeterDrain: the request body is not an Azure Functions invocation payload") == true)
            }
            let unknown = try await host.invoke("NoSuchFunction", payload: Array("{}".utf8))
            #expect(unknown.status == 404)
        }
        #expect(runs.withLock { $0 } == 0)
    }
}
