// Shapes from the OpenAI API reference, Chat Completions: "The chat completion object"
// (non-streamed response), "The chat completion chunk object" (each `data:` event of a stream
// with `stream_options: {"include_usage": true}`, ending with `data: [DONE]`), and
// Models: "List models" (`GET /v1/models`). Written by hand from the published format.

enum ChatCompletionFixtures {
    /// A non-streamed chat completion with usage and `finish_reason: stop`.
    static let completion = #"""
    {
      "id": "chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT",
      "object": "chat.completion",
      "created": 1741569952,
      "model": "gpt-4o-2024-08-06",
      "choices": [
        {
          "index": 0,
          "message": {
            "role": "assistant",
            "content": "```sql\nSELECT COUNT(*) FROM customers;\n```",
            "refusal": null,
            "annotations": []
          },
          "logprobs": null,
          "finish_reason": "stop"
        }
      ],
      "usage": {
        "prompt_tokens": 57,
        "completion_tokens": 12,
        "total_tokens": 69,
        "prompt_tokens_details": { "cached_tokens": 0, "audio_tokens": 0 },
        "completion_tokens_details": {
          "reasoning_tokens": 0,
          "audio_tokens": 0,
          "accepted_prediction_tokens": 0,
          "rejected_prediction_tokens": 0
        }
      },
      "service_tier": "default",
      "system_fingerprint": "fp_fc9f1d7035"
    }
    """#

    /// A completion cut off by the token limit (`finish_reason: length`).
    static let truncatedCompletion = #"""
    {
      "id": "chatcmpl-trunc",
      "object": "chat.completion",
      "created": 1741569952,
      "model": "o3-mini-2025-01-31",
      "choices": [
        {
          "index": 0,
          "message": { "role": "assistant", "content": "SELECT name FROM", "refusal": null },
          "logprobs": null,
          "finish_reason": "length"
        }
      ],
      "usage": { "prompt_tokens": 20, "completion_tokens": 16, "total_tokens": 36 }
    }
    """#

    /// One chunk event: `data: {...}` followed by the blank line that ends the event.
    static func event(_ json: String) -> String { "data: \(json)\n\n" }

    /// The first chunk: the role and empty content.
    static let roleChunk = event(#"{"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4o-2024-08-06","system_fingerprint":"fp_44709d6fcb","choices":[{"index":0,"delta":{"role":"assistant","content":"","refusal":null},"logprobs":null,"finish_reason":null}],"usage":null}"#)

    /// A content chunk with `text`.
    static func contentChunk(_ text: String) -> String {
        event(#"{"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4o-2024-08-06","system_fingerprint":"fp_44709d6fcb","choices":[{"index":0,"delta":{"content":"\#(text)"},"logprobs":null,"finish_reason":null}],"usage":null}"#)
    }

    /// The chunk with the finish reason and an empty delta.
    static let finishChunk = event(#"{"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4o-2024-08-06","system_fingerprint":"fp_44709d6fcb","choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}],"usage":null}"#)

    /// The final usage chunk (`choices` empty), sent because of `include_usage`.
    static let usageChunk = event(#"{"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4o-2024-08-06","system_fingerprint":"fp_44709d6fcb","choices":[],"usage":{"prompt_tokens":57,"completion_tokens":5,"total_tokens":62}}"#)

    /// The terminator.
    static let done = "data: [DONE]\n\n"

    /// The deltas of the streamed transcript below, in order.
    static let streamedDeltas = ["SELECT", " COUNT(*)", " FROM customers;"]

    /// A whole streamed transcript: role, three content chunks, finish, usage, `[DONE]`.
    static let streamTranscript: [String] =
        [roleChunk] + streamedDeltas.map(contentChunk) + [finishChunk, usageChunk, done]

    /// `GET /v1/models`.
    static let modelList = #"""
    {
      "object": "list",
      "data": [
        { "id": "gpt-4o-mini", "object": "model", "created": 1721172741, "owned_by": "system" },
        { "id": "gpt-4o", "object": "model", "created": 1715367049, "owned_by": "system" },
        { "id": "o3-mini", "object": "model", "created": 1737146383, "owned_by": "system" }
      ]
    }
    """#
}
