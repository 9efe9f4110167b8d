// Shapes from the Azure OpenAI REST API reference (data plane, inference, api-version
// 2024-10-21): "Chat Completions - Create" (the chat completion object with
// prompt_filter_results and per-choice content_filter_results, and the streamed
// chat.completion.chunk events ending with `data: [DONE]`), and from the Azure OpenAI
// "Content filtering" documentation (finish_reason "content_filter"; HTTP 400 with
// code "content_filter" and innererror "ResponsibleAIPolicyViolation"). Error bodies follow
// the OpenAI shape {"error": {"message", "type", "param", "code"}} that Azure returns.
// Written by hand from the published format.

import DaiBaiTestSupport
import DaiBaiCore
import DaiBaiLLM
import Foundation
import Logging

enum AzureOpenAIFixtures {
    /// The deployment the tests call.
    static let deployment = "gpt4o-prod"

    /// A non-streamed chat completion.
    static let completion = #"""
    {
      "id": "chatcmpl-AZq8Z3k7Yw1s2Pq0d9Hj5lN6mO4Tu",
      "object": "chat.completion",
      "created": 1733011200,
      "model": "gpt-4o-2024-08-06",
      "prompt_filter_results": [
        {"prompt_index": 0, "content_filter_results": {"hate": {"filtered": false, "severity": "safe"}, "self_harm": {"filtered": false, "severity": "safe"}, "sexual": {"filtered": false, "severity": "safe"}, "violence": {"filtered": false, "severity": "safe"}}}
      ],
      "choices": [
        {
          "index": 0,
          "finish_reason": "stop",
          "logprobs": null,
          "message": {"role": "assistant", "content": "SELECT COUNT(*) FROM customers;"},
          "content_filter_results": {"hate": {"filtered": false, "severity": "safe"}, "self_harm": {"filtered": false, "severity": "safe"}, "sexual": {"filtered": false, "severity": "safe"}, "violence": {"filtered": false, "severity": "safe"}}
        }
      ],
      "usage": {"completion_tokens": 9, "prompt_tokens": 31, "total_tokens": 40},
      "system_fingerprint": "fp_04751d0b65"
    }
    """#

    /// A completion whose output the content filter stopped.
    static let filteredCompletion = #"""
    {
      "id": "chatcmpl-AZq8Z3k7Yw1s2Pq0d9Hj5lN6mO4Tv",
      "object": "chat.completion",
      "created": 1733011200,
      "model": "gpt-4o-2024-08-06",
      "choices": [
        {
          "index": 0,
          "finish_reason": "content_filter",
          "message": {"role": "assistant", "content": null},
          "content_filter_results": {"violence": {"filtered": true, "severity": "high"}}
        }
      ],
      "usage": {"completion_tokens": 3, "prompt_tokens": 31, "total_tokens": 34}
    }
    """#

    /// 400 when the prompt triggered the content filter.
    static let promptFiltered = #"""
    {
      "error": {
        "message": "The response was filtered due to the prompt triggering Azure OpenAI's content management policy. Please modify your prompt and retry.",
        "type": null,
        "param": "prompt",
        "code": "content_filter",
        "status": 400,
        "innererror": {
          "code": "ResponsibleAIPolicyViolation",
          "content_filter_result": {"hate": {"filtered": false, "severity": "safe"}, "jailbreak": {"filtered": true, "detected": true}, "self_harm": {"filtered": false, "severity": "safe"}, "sexual": {"filtered": false, "severity": "safe"}, "violence": {"filtered": false, "severity": "safe"}}
        }
      }
    }
    """#

    /// 401 that echoes the credential (the worst case) to prove it is removed.
    static func unauthorized(echoing secret: String) -> String {
        #"{"error":{"code":"401","message":"Access denied due to invalid subscription key or wrong API endpoint (received \#(secret)). Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource."}}"#
    }

    /// 404 for an unknown deployment.
    static let deploymentNotFound = #"{"error":{"code":"DeploymentNotFound","message":"The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again."}}"#

    /// 429 from the deployment's rate limit.
    static let rateLimited = #"{"error":{"code":"429","message":"Requests to the ChatCompletions_Create Operation under Azure OpenAI API version 2024-10-21 have exceeded token rate limit of your current OpenAI S0 pricing tier. Please retry after 7 seconds."}}"#

    /// One server-sent event.
    static func event(_ json: String) -> String { "data: \(json)\n\n" }

    /// The first streamed event: only the prompt's filter results, no choices.
    static let promptFilterChunk = event(#"{"choices":[],"created":0,"id":"","model":"","object":"","prompt_filter_results":[{"prompt_index":0,"content_filter_results":{"hate":{"filtered":false,"severity":"safe"},"self_harm":{"filtered":false,"severity":"safe"},"sexual":{"filtered":false,"severity":"safe"},"violence":{"filtered":false,"severity":"safe"}}}]}"#)

    /// The role event.
    static let roleChunk = event(#"{"choices":[{"content_filter_results":{},"delta":{"role":"assistant","content":""},"finish_reason":null,"index":0,"logprobs":null}],"created":1733011200,"id":"chatcmpl-AZq9","model":"gpt-4o-2024-08-06","object":"chat.completion.chunk","system_fingerprint":"fp_04751d0b65"}"#)

    /// A content event.
    static func contentChunk(_ text: String) -> String {
        event(#"{"choices":[{"content_filter_results":{"hate":{"filtered":false,"severity":"safe"},"self_harm":{"filtered":false,"severity":"safe"},"sexual":{"filtered":false,"severity":"safe"},"violence":{"filtered":false,"severity":"safe"}},"delta":{"content":"\#(text)"},"finish_reason":null,"index":0,"logprobs":null}],"created":1733011200,"id":"chatcmpl-AZq9","model":"gpt-4o-2024-08-06","object":"chat.completion.chunk","system_fingerprint":"fp_04751d0b65"}"#)
    }

    /// The event with a finish reason.
    static func finishChunk(_ reason: String = "stop") -> String {
        event(#"{"choices":[{"content_filter_results":{},"delta":{},"finish_reason":"\#(reason)","index":0,"logprobs":null}],"created":1733011200,"id":"chatcmpl-AZq9","model":"gpt-4o-2024-08-06","object":"chat.completion.chunk","system_fingerprint":"fp_04751d0b65"}"#)
    }

    /// The usage event (requested with stream_options.include_usage).
    static let usageChunk = event(#"{"choices":[],"created":1733011200,"id":"chatcmpl-AZq9","model":"gpt-4o-2024-08-06","object":"chat.completion.chunk","system_fingerprint":"fp_04751d0b65","usage":{"completion_tokens":9,"prompt_tokens":31,"total_tokens":40}}"#)

    /// The end of the stream.
    static let done = "data: [DONE]\n\n"

    /// A whole streamed answer.
    static let streamTranscript = [
        promptFilterChunk, roleChunk, contentChunk("SELECT"), contentChunk(" COUNT(*)"), contentChunk(" FROM customers;"),
        finishChunk(), usageChunk, done,
    ]

    /// The path every chat request goes to.
    static let chatPath = "/openai/deployments/\(deployment)/chat/completions"
}

/// An ``AzureOpenAIProvider`` talking to `server` over real HTTP, with `testKey` unless a
/// credential is given.
func makeAzureProvider(
    _ server: LoopbackHTTPServer,
    credential: (any TokenCredential)? = nil,
    policy: RetryPolicy = .none,
    configure: (inout AzureOpenAIProvider.Configuration) -> Void = { _ in },
    logger: Logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
) throws -> AzureOpenAIProvider {
    var configuration = AzureOpenAIProvider.Configuration(
        endpoint: server.baseURL,
        deployment: AzureOpenAIFixtures.deployment,
        apiKey: credential == nil ? SecretValue(testKey) : nil
    )
    configure(&configuration)
    return try AzureOpenAIProvider(
        configuration: configuration,
        credential: credential,
        transport: RetryingHTTPTransport(base: AsyncHTTPClientTransport(), policy: policy),
        logger: logger
    )
}
