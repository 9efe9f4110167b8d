// Shapes from the Gemini API reference (ai.google.dev/api): "Generating content" —
// `models.generateContent` returns a GenerateContentResponse {candidates[{content{parts[{text}],
// role}, finishReason, index}], promptFeedback{blockReason}, usageMetadata{promptTokenCount,
// candidatesTokenCount, totalTokenCount, thoughtsTokenCount}, modelVersion, responseId};
// `models.streamGenerateContent?alt=sse` sends one GenerateContentResponse chunk per `data:`
// event and simply ends (no terminator); "Models" — `models.list` returns
// {models[{name: "models/…", …}], nextPageToken}. Written by hand from the published format.

enum GeminiFixtures {
    /// A non-streamed answer with usage and `finishReason: STOP`.
    static let completion = #"""
    {
      "candidates": [
        {
          "content": {
            "parts": [
              { "text": "```sql\nSELECT COUNT(*)" },
              { "text": " FROM customers;\n```" }
            ],
            "role": "model"
          },
          "finishReason": "STOP",
          "index": 0
        }
      ],
      "usageMetadata": {
        "promptTokenCount": 57,
        "candidatesTokenCount": 12,
        "totalTokenCount": 99,
        "thoughtsTokenCount": 30,
        "promptTokensDetails": [ { "modality": "TEXT", "tokenCount": 57 } ]
      },
      "modelVersion": "gemini-2.5-pro",
      "responseId": "mAitaLmkHPPlz7IPvtfUqQ4"
    }
    """#

    /// An answer cut off by the output limit (`finishReason: MAX_TOKENS`).
    static let truncated = #"""
    {
      "candidates": [
        {
          "content": { "parts": [ { "text": "SELECT name FROM" } ], "role": "model" },
          "finishReason": "MAX_TOKENS",
          "index": 0
        }
      ],
      "usageMetadata": { "promptTokenCount": 20, "candidatesTokenCount": 16, "totalTokenCount": 36 },
      "modelVersion": "gemini-2.5-flash"
    }
    """#

    /// An answer stopped by the safety filter: the candidate has no content.
    static let safetyFinish = #"""
    {
      "candidates": [
        {
          "finishReason": "SAFETY",
          "index": 0,
          "safetyRatings": [
            { "category": "HARM_CATEGORY_DANGEROUS_CONTENT", "probability": "HIGH", "blocked": true }
          ]
        }
      ],
      "usageMetadata": { "promptTokenCount": 20, "totalTokenCount": 20 },
      "modelVersion": "gemini-2.5-pro"
    }
    """#

    /// A blocked prompt: no candidates, `promptFeedback.blockReason`.
    static let promptBlocked = #"""
    {
      "promptFeedback": {
        "blockReason": "SAFETY",
        "safetyRatings": [
          { "category": "HARM_CATEGORY_HARASSMENT", "probability": "HIGH" }
        ]
      },
      "usageMetadata": { "promptTokenCount": 9, "totalTokenCount": 9 },
      "modelVersion": "gemini-2.5-pro"
    }
    """#

    /// One server-sent event: `data: {...}` and the blank line that ends it.
    static func event(_ json: String) -> String { "data: \(json)\r\n\r\n" }

    /// A chunk with `text` and, on the last one, the finish reason; usage on every chunk, as the service sends.
    static func chunk(_ text: String, finishReason: String? = nil, candidatesTokens: Int) -> String {
        let finish = finishReason.map { #","finishReason": "\#($0)""# } ?? ""
        return event(#"{"candidates": [{"content": {"parts": [{"text": "\#(text)"}],"role": "model"}\#(finish),"index": 0}],"usageMetadata": {"promptTokenCount": 57,"candidatesTokenCount": \#(candidatesTokens),"totalTokenCount": \#(57 + candidatesTokens)},"modelVersion": "gemini-2.5-pro","responseId": "8wqtaN7nGdbfz7IP5o2x0Qg"}"#)
    }

    /// The deltas of the streamed transcript below, in order.
    static let streamedDeltas = ["SELECT", " COUNT(*)", " FROM customers;"]

    /// A whole streamed transcript: three chunks, the last with `STOP` and the final usage.
    static let streamTranscript: [String] = [
        chunk("SELECT", candidatesTokens: 1),
        chunk(" COUNT(*)", candidatesTokens: 3),
        chunk(" FROM customers;", finishReason: "STOP", candidatesTokens: 5),
    ]

    /// A streamed prompt block: a single chunk with `promptFeedback.blockReason`.
    static let streamPromptBlocked = event(#"{"promptFeedback": {"blockReason": "PROHIBITED_CONTENT"},"usageMetadata": {"promptTokenCount": 9,"totalTokenCount": 9},"modelVersion": "gemini-2.5-pro"}"#)

    /// First page of `GET /v1beta/models`.
    static let modelsPage1 = #"""
    {
      "models": [
        {
          "name": "models/gemini-2.5-pro",
          "version": "2.5",
          "displayName": "Gemini 2.5 Pro",
          "inputTokenLimit": 1048576,
          "outputTokenLimit": 65536,
          "supportedGenerationMethods": ["generateContent", "countTokens", "createCachedContent", "batchGenerateContent"]
        },
        {
          "name": "models/gemini-2.5-flash",
          "version": "001",
          "displayName": "Gemini 2.5 Flash",
          "supportedGenerationMethods": ["generateContent", "countTokens"]
        }
      ],
      "nextPageToken": "Cg5nZW1pbmktMi41LWZsYXNo/+="
    }
    """#

    /// Second (last) page of `GET /v1beta/models`.
    static let modelsPage2 = #"""
    {
      "models": [
        { "name": "models/text-embedding-004", "version": "004", "supportedGenerationMethods": ["embedContent"] }
      ]
    }
    """#
}
