import Foundation

// Response and error shapes for the embedding providers, written by hand from each vendor's
// published API reference:
// - OpenAI: API reference, "Embeddings" → "Create embeddings" (`POST /v1/embeddings`,
//   request `{model, input, encoding_format, dimensions}`, response
//   `{"object": "list", "data": [{"object": "embedding", "index", "embedding"}], "model", "usage"}`),
//   and the error object `{"error": {message, type, param, code}}` of "Error codes".
// - Azure OpenAI: "Azure OpenAI in Azure AI Foundry Models REST API reference" → "Embeddings"
//   (`POST {endpoint}/openai/deployments/{deployment-id}/embeddings?api-version=…`, `api-key`
//   header, the same request and response shapes as OpenAI).
// - Gemini: Gemini API reference, "Embeddings" → `models.batchEmbedContents`
//   (`POST /v1beta/{model=models/*}:batchEmbedContents`, request `{requests: [EmbedContentRequest]}`,
//   response `{"embeddings": [{"values": [...]}]}`), errors as in "Troubleshooting"
//   (`{"error": {code, message, status, details}}`).
// - Ollama: docs/api.md, "Generate Embeddings" (`POST /api/embed`, request `{model, input}`,
//   response `{"model", "embeddings": [[...]], "total_duration", "load_duration",
//   "prompt_eval_count"}`), errors `{"error": "…"}`.

enum EmbeddingFixtures {
    /// A deterministic vector of `dimensions` values for the text at `position`.
    static func vector(_ position: Int, dimensions: Int) -> [Float] {
        (0..<dimensions).map { Float(position) + Float($0) / 10 }
    }

    /// JSON for a vector.
    static func json(_ vector: [Float]) -> String {
        "[" + vector.map { "\($0)" }.joined(separator: ", ") + "]"
    }

    /// An OpenAI (and Azure OpenAI) embeddings response for `count` texts whose first text
    /// is text number `offset`; `reversed` lists the items in reverse order, as a server may.
    static func openAIResponse(count: Int, offset: Int = 0, dimensions: Int, model: String = "text-embedding-3-small", reversed: Bool = false) -> String {
        var items = (0..<count).map { index in
            """
                {
                  "object": "embedding",
                  "index": \(index),
                  "embedding": \(json(vector(offset + index, dimensions: dimensions)))
                }
            """
        }
        if reversed { items.reverse() }
        return """
        {
          "object": "list",
          "data": [
        \(items.joined(separator: ",\n"))
          ],
          "model": "\(model)",
          "usage": {
            "prompt_tokens": \(count * 5),
            "total_tokens": \(count * 5)
          }
        }
        """
    }

    /// OpenAI's 401 for a wrong key, echoing the key whole (the worst case) to prove it is removed.
    static func openAIInvalidKey(echoing key: String) -> String {
        #"""
        {
          "error": {
            "message": "Incorrect API key provided: \#(key). You can find your API key at https://platform.openai.com/account/api-keys.",
            "type": "invalid_request_error",
            "param": null,
            "code": "invalid_api_key"
          }
        }
        """#
    }

    /// OpenAI's 429 for a rate limit.
    static let openAIRateLimited = #"""
    {
      "error": {
        "message": "Rate limit reached for text-embedding-3-small in organization org-test on requests per min (RPM): Limit 3000, Used 3000, Requested 1.",
        "type": "requests",
        "param": null,
        "code": "rate_limit_exceeded"
      }
    }
    """#

    /// A Gemini `batchEmbedContents` response for `count` texts starting at `offset`.
    static func geminiResponse(count: Int, offset: Int = 0, dimensions: Int) -> String {
        let items = (0..<count).map { index in
            """
                {
                  "values": \(json(vector(offset + index, dimensions: dimensions)))
                }
            """
        }
        return """
        {
          "embeddings": [
        \(items.joined(separator: ",\n"))
          ]
        }
        """
    }

    /// Gemini's 400 for an invalid key (the key is echoed to prove it is removed).
    static func geminiInvalidKey(echoing key: String) -> String {
        #"""
        {
          "error": {
            "code": 400,
            "message": "API key not valid. Please pass a valid API key. (\#(key))",
            "status": "INVALID_ARGUMENT",
            "details": [
              {
                "@type": "type.googleapis.com/google.rpc.ErrorInfo",
                "reason": "API_KEY_INVALID",
                "domain": "googleapis.com",
                "metadata": { "service": "generativelanguage.googleapis.com" }
              }
            ]
          }
        }
        """#
    }

    /// Gemini's 429 with a `RetryInfo` detail.
    static let geminiRateLimited = #"""
    {
      "error": {
        "code": 429,
        "message": "Resource has been exhausted (e.g. check quota).",
        "status": "RESOURCE_EXHAUSTED",
        "details": [
          { "@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "0s" }
        ]
      }
    }
    """#

    /// An Ollama `/api/embed` response for `count` texts starting at `offset`.
    static func ollamaResponse(count: Int, offset: Int = 0, dimensions: Int, model: String = "nomic-embed-text") -> String {
        let vectors = (0..<count).map { "    " + json(vector(offset + $0, dimensions: dimensions)) }
        return """
        {
          "model": "\(model)",
          "embeddings": [
        \(vectors.joined(separator: ",\n"))
          ],
          "total_duration": 14143917,
          "load_duration": 1019500,
          "prompt_eval_count": \(count * 8)
        }
        """
    }

    /// Ollama's 404 for a model that was not pulled.
    static let ollamaModelNotFound = #"{"error":"model \"nomic-embed-text\" not found, try pulling it first"}"#
}
