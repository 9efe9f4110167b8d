import DaiBaiFunctions
import Foundation
import Testing

/// The invocation payloads of https://learn.microsoft.com/azure/azure-functions/functions-custom-handlers
/// ("Request payload", "Response payload", and the Go example's answer), as printed there, and
/// their canonical form computed independently with Python:
/// `json.dumps(json.loads(doc), sort_keys=True, separators=(",", ":"))`.
enum DocumentedPayloads {
    /// Source: https://learn.microsoft.com/azure/azure-functions/functions-custom-handlers#request-payload
    static let request = #"""
    {
      "Data": {
        "myQueueItem": "{ message: \"Message sent\" }"
      },
      "Metadata": {
        "DequeueCount": 1,
        "ExpirationTime": "2019-10-16T17:58:31+00:00",
        "Id": "800ae4b3-bdd2-4c08-badd-f08e5a34b865",
        "InsertionTime": "2019-10-09T17:58:31+00:00",
        "NextVisibleTime": "2019-10-09T18:08:32+00:00",
        "PopReceipt": "AgAAAAMAAAAAAAAAAgtnj8x+1QE=",
        "sys": {
          "MethodName": "QueueTrigger",
          "UtcNow": "2019-10-09T17:58:32.2205399Z",
          "RandGuid": "24ad4c06-24ad-4e5b-8294-3da9714877e9"
        }
      }
    }
    """#
    static let requestCanonical = #"{"Data":{"myQueueItem":"{ message: \"Message sent\" }"},"Metadata":{"DequeueCount":1,"ExpirationTime":"2019-10-16T17:58:31+00:00","Id":"800ae4b3-bdd2-4c08-badd-f08e5a34b865","InsertionTime":"2019-10-09T17:58:31+00:00","NextVisibleTime":"2019-10-09T18:08:32+00:00","PopReceipt":"AgAAAAMAAAAAAAAAAgtnj8x+1QE=","sys":{"MethodName":"QueueTrigger","RandGuid":"24ad4c06-24ad-4e5b-8294-3da9714877e9","UtcNow":"2019-10-09T17:58:32.2205399Z"}}}"#

    /// Source: https://learn.microsoft.com/azure/azure-functions/functions-custom-handlers#response-payload
    static let response = #"""
    {
      "Outputs": {
        "res": {
          "body": "Message enqueued"
        },
        "myQueueOutput": [
          "queue message 1",
          "queue message 2"
        ]
      },
      "Logs": [
        "Log message 1",
        "Log message 2"
      ],
      "ReturnValue": "{\"hello\":\"world\"}"
    }
    """#
    static let responseCanonical = #"{"Logs":["Log message 1","Log message 2"],"Outputs":{"myQueueOutput":["queue message 1","queue message 2"],"res":{"body":"Message enqueued"}},"ReturnValue":"{\"hello\":\"world\"}"}"#

    /// Source: https://learn.microsoft.com/azure/azure-functions/functions-custom-handlers#implementation
    /// (the payload the Go `order` handler returns).
    static let goOrderResponse = #"""
    {
      "Outputs": {
        "message": "{\"id\":1005,\"quantity\":2,\"color\":\"black\"}",
        "res": {
          "body": "Order enqueued"
        }
      },
      "Logs": null,
      "ReturnValue": null
    }
    """#
}

/// The encoder settings of the canonical form (and of the trigger routes' answers).
func canonicalJSON<T: Encodable>(_ value: T) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(value), as: UTF8.self)
}

@Suite("Invocation payload coding")
struct InvocationCodingTests {
    @Test("the documented request payload decodes and re-encodes byte for byte")
    func requestPayload() throws {
        let request = try JSONDecoder().decode(FunctionsInvocationRequest.self, from: Data(DocumentedPayloads.request.utf8))
        #expect(request.data["myQueueItem"] == .string(#"{ message: "Message sent" }"#))
        #expect(request.metadata["DequeueCount"] == .number(1))
        #expect(request.metadata["PopReceipt"] == .string("AgAAAAMAAAAAAAAAAgtnj8x+1QE="))
        #expect(request.methodName == "QueueTrigger")
        #expect(request.metadata["sys"]?["RandGuid"] == .string("24ad4c06-24ad-4e5b-8294-3da9714877e9"))
        #expect(try canonicalJSON(request) == DocumentedPayloads.requestCanonical)
    }

    @Test("the documented response payload decodes and re-encodes byte for byte")
    func responsePayload() throws {
        let response = try JSONDecoder().decode(
            FunctionsInvocationResponse.self, from: Data(DocumentedPayloads.response.utf8))
        #expect(response.logs == ["Log message 1", "Log message 2"])
        #expect(response.outputs["res"] == .object(["body": .string("Message enqueued")]))
        #expect(response.outputs["myQueueOutput"] == .array([.string("queue message 1"), .string("queue message 2")]))
        #expect(response.returnValue == .string(#"{"hello":"world"}"#))
        #expect(try canonicalJSON(response) == DocumentedPayloads.responseCanonical)
    }

    @Test("a response built in code encodes as the documented one")
    func builtResponse() throws {
        let response = FunctionsInvocationResponse(
            outputs: [
                "res": .object(["body": .string("Message enqueued")]),
                "myQueueOutput": .array([.string("queue message 1"), .string("queue message 2")]),
            ],
            logs: ["Log message 1", "Log message 2"],
            returnValue: .string(#"{"hello":"world"}"#))
        #expect(try canonicalJSON(response) == DocumentedPayloads.responseCanonical)
    }

    @Test("Logs: null and ReturnValue: null (the Go example) decode as no logs and no value")
    func nullMembers() throws {
        let response = try JSONDecoder().decode(
            FunctionsInvocationResponse.self, from: Data(DocumentedPayloads.goOrderResponse.utf8))
        #expect(response.logs.isEmpty)
        #expect(response.returnValue == nil)
        #expect(response.outputs["message"] == .string(#"{"id":1005,"quantity":2,"color":"black"}"#))
        // Re-encoded, Logs is an empty array (never null) and ReturnValue stays null.
        #expect(
            try canonicalJSON(response)
                == #"{"Logs":[],"Outputs":{"message":"{\"id\":1005,\"quantity\":2,\"color\":\"black\"}","res":{"body":"Order enqueued"}},"ReturnValue":null}"#)
    }

    @Test("an empty object decodes as an empty request; JSON values of every kind round-trip")
    func valuesRoundTrip() throws {
        let empty = try JSONDecoder().decode(FunctionsInvocationRequest.self, from: Data("{}".utf8))
        #expect(empty.data.isEmpty && empty.metadata.isEmpty && empty.methodName == nil)
        let value: FunctionsJSON = .object([
            "n": .null, "t": .bool(true), "f": .bool(false), "x": .number(-2.5), "i": .number(42),
            "s": .string("a/b \u{e9}"), "a": .array([.number(0), .string(""), .object([:])]),
        ])
        #expect(
            try canonicalJSON(value) == #"{"a":[0,"",{}],"f":false,"i":42,"n":null,"s":"a/b é","t":true,"x":-2.5}"#)
        let decoded = try JSONDecoder().decode(FunctionsJSON.self, from: Data(try canonicalJSON(value).utf8))
        #expect(decoded == value)
    }
}
