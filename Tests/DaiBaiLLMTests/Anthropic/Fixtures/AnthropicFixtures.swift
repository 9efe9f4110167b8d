// Shapes follow Anthropic's Messages API reference: the message object returned by
// `POST /v1/messages` ({"id","type":"message","role","content":[{"type":"text","text"}],
// "model","stop_reason","stop_sequence","usage":{"input_tokens","output_tokens"}}), the
// streaming events documented under "Streaming Messages" (message_start, content_block_start,
// ping, content_block_delta with text_delta, content_block_stop, message_delta, message_stop,
// error), the error object {"type":"error","error":{"type","message"}} with the documented
// error types, and the `GET /v1/models` list. Written by hand from the published format.

enum AnthropicFixtures {
    /// A complete non-streaming message.
    static let message = #"""
    {
      "id": "msg_013Zva2CMHLNnXjNJJKqJ2EF",
      "type": "message",
      "role": "assistant",
      "model": "claude-3-5-sonnet-20241022",
      "content": [
        {"type": "text", "text": "SELECT COUNT(*)"},
        {"type": "text", "text": " FROM customers;"}
      ],
      "stop_reason": "end_turn",
      "stop_sequence": null,
      "usage": {"input_tokens": 57, "output_tokens": 9}
    }
    """#

    /// A message cut off by `max_tokens`.
    static let truncatedMessage = #"""
    {"id":"msg_01","type":"message","role":"assistant","model":"claude-3-5-sonnet-20241022","content":[{"type":"text","text":"SELECT"}],"stop_reason":"max_tokens","stop_sequence":null,"usage":{"input_tokens":57,"output_tokens":1}}
    """#

    /// One server-sent event with Anthropic's named `event:` line.
    static func event(_ name: String, _ json: String) -> String { "event: \(name)\ndata: \(json)\n\n" }

    static let messageStart = event(
        "message_start",
        #"{"type":"message_start","message":{"id":"msg_1nZdL29xx5MUA1yADyHTEsnR8uuvGzszyY","type":"message","role":"assistant","content":[],"model":"claude-3-5-sonnet-20241022","stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":57,"output_tokens":1}}}"#
    )
    static let contentBlockStart = event("content_block_start", #"{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"#)
    static let ping = event("ping", #"{"type": "ping"}"#)
    static func textDelta(_ text: String) -> String {
        event("content_block_delta", #"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"\#(text)"}}"#)
    }
    static let contentBlockStop = event("content_block_stop", #"{"type":"content_block_stop","index":0}"#)
    static let messageDelta = event("message_delta", #"{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":9}}"#)
    static let messageStop = event("message_stop", #"{"type":"message_stop"}"#)
    static let overloadedEvent = event("error", #"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#)

    /// The whole documented transcript for "SELECT COUNT(*) FROM customers;".
    static let streamTranscript = [
        messageStart, contentBlockStart, ping,
        textDelta("SELECT"), textDelta(" COUNT(*)"), textDelta(" FROM customers;"),
        contentBlockStop, messageDelta, messageStop,
    ]

    /// An error object of `type` with `message`.
    static func error(_ type: String, _ message: String) -> String {
        #"{"type":"error","error":{"type":"\#(type)","message":"\#(message)"}}"#
    }

    /// 401 that echoes the key whole (the worst case), to prove DaiBai removes it.
    static func invalidAPIKey(echoing key: String) -> String { error("authentication_error", "invalid x-api-key: \(key)") }
    static let overloaded = error("overloaded_error", "Overloaded")
    static let rateLimited = error("rate_limit_error", "Number of request tokens has exceeded your per-minute rate limit")
    static let promptTooLong = error("invalid_request_error", "prompt is too long: 208310 tokens > 200000 maximum")
    static let requestTooLarge = error("request_too_large", "Request exceeds the maximum allowed number of bytes.")
    static let permission = error("permission_error", "Your API key does not have permission to use the specified resource.")
    static let notFound = error("not_found_error", "model: claude-9")
    static let apiError = error("api_error", "An unexpected error has occurred internal to Anthropic's systems.")

    /// `GET /v1/models`.
    static let models = #"""
    {
      "data": [
        {"type": "model", "id": "claude-3-5-sonnet-20241022", "display_name": "Claude 3.5 Sonnet (New)", "created_at": "2024-10-22T00:00:00Z"},
        {"type": "model", "id": "claude-3-5-haiku-20241022", "display_name": "Claude 3.5 Haiku", "created_at": "2024-10-22T00:00:00Z"}
      ],
      "has_more": false,
      "first_id": "claude-3-5-sonnet-20241022",
      "last_id": "claude-3-5-haiku-20241022"
    }
    """#
}
