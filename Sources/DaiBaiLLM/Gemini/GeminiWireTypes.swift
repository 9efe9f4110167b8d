import DaiBaiCore

/// The body of `POST {base}/v1beta/models/{model}:generateContent` and
/// `:streamGenerateContent` (Gemini API reference, "Generating content"). Optional fields are
/// left out of the JSON when `nil`.
struct GeminiGenerateRequest: Encodable, Sendable, Hashable {
    /// `{"text": "..."}`.
    struct Part: Codable, Sendable, Hashable {
        /// The text.
        var text: String
    }

    /// One turn: `{"role": "user"|"model", "parts": [...]}`.
    struct Content: Encodable, Sendable, Hashable {
        /// `user` or `model`; `nil` for the system instruction.
        var role: String?
        /// The parts.
        var parts: [Part]
    }

    /// `generationConfig`.
    struct GenerationConfig: Encodable, Sendable, Hashable {
        /// Sampling temperature.
        var temperature: Double?
        /// The output-token limit.
        var maxOutputTokens: Int?
        /// Stop sequences.
        var stopSequences: [String]?
    }

    /// The conversation (user and model turns, alternating).
    var contents: [Content]
    /// The system messages.
    var systemInstruction: Content?
    /// Sampling parameters.
    var generationConfig: GenerationConfig
}

/// A `GenerateContentResponse` (Gemini API reference): the whole answer of `generateContent`,
/// or one `data:` chunk of `streamGenerateContent?alt=sse`. Unknown fields are ignored.
struct GeminiGenerateResponse: Decodable, Sendable, Hashable {
    /// One candidate answer.
    struct Candidate: Decodable, Sendable, Hashable {
        /// The generated content (absent when blocked).
        var content: Content?
        /// `STOP`, `MAX_TOKENS`, `SAFETY`, `RECITATION`, … (on the last chunk only when streaming).
        var finishReason: String?
    }

    /// Generated content.
    struct Content: Decodable, Sendable, Hashable {
        /// The parts.
        var parts: [Part]?
        /// `model`.
        var role: String?
    }

    /// One part; thought summaries (`thought: true`) are not part of the answer.
    struct Part: Decodable, Sendable, Hashable {
        /// The text, if this is a text part.
        var text: String?
        /// Whether this part is a thought summary.
        var thought: Bool?
    }

    /// Feedback about the prompt.
    struct PromptFeedback: Decodable, Sendable, Hashable {
        /// Set when the prompt was blocked (`SAFETY`, `BLOCKLIST`, `PROHIBITED_CONTENT`, `OTHER`, …).
        var blockReason: String?
        /// A message explaining the block, when the service gives one.
        var blockReasonMessage: String?
    }

    /// Token counts.
    struct UsageMetadata: Decodable, Sendable, Hashable {
        /// Tokens of the prompt.
        var promptTokenCount: Int?
        /// Tokens of the generated candidates.
        var candidatesTokenCount: Int?
        /// Tokens spent thinking (2.5 models), billed as output.
        var thoughtsTokenCount: Int?

        /// As a Core usage record; thinking tokens count as output, since they are billed as such.
        var tokenUsage: TokenUsage {
            TokenUsage(inputTokens: promptTokenCount ?? 0, outputTokens: (candidatesTokenCount ?? 0) + (thoughtsTokenCount ?? 0))
        }
    }

    /// The candidates; absent when the prompt was blocked.
    var candidates: [Candidate]?
    /// Prompt feedback.
    var promptFeedback: PromptFeedback?
    /// Token counts.
    var usageMetadata: UsageMetadata?
    /// The model version that answered, for example `gemini-2.5-pro`.
    var modelVersion: String?
    /// An error reported inside the stream.
    var error: GeminiErrorBody.Detail?

    /// The answer text of the first candidate (text parts joined, thoughts left out).
    var text: String {
        (candidates?.first?.content?.parts ?? [])
            .filter { $0.thought != true }
            .compactMap(\.text)
            .joined()
    }
}

extension FinishReason {
    /// The Core reason for a Gemini `finishReason` (`nil` when absent).
    init?(gemini value: String?) {
        guard let value, !value.isEmpty else { return nil }
        switch value.uppercased() {
        case "STOP": self = .stop
        case "MAX_TOKENS": self = .length
        case "SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY": self = .contentFilter
        default: self = .other(value)
        }
    }
}

/// The error object of Google APIs: `{"error": {"code": 400, "message": "…", "status":
/// "INVALID_ARGUMENT", "details": [...]}}` (Gemini API reference, "Troubleshooting" /
/// Google API error model). Some endpoints wrap it in an array; both decode.
struct GeminiErrorBody: Decodable, Sendable, Hashable {
    /// The error details.
    struct Detail: Decodable, Sendable, Hashable {
        /// The HTTP status code.
        var code: Int?
        /// The human-readable message.
        var message: String?
        /// The canonical status, for example `RESOURCE_EXHAUSTED`.
        var status: String?
        /// Typed details (`ErrorInfo` reasons, `RetryInfo` delays).
        var details: [Info]?
    }

    /// One element of `details`.
    struct Info: Decodable, Sendable, Hashable {
        /// `ErrorInfo.reason`, for example `API_KEY_INVALID`.
        var reason: String?
        /// `RetryInfo.retryDelay`, for example `"37s"`.
        var retryDelay: String?
    }

    /// The details.
    var error: Detail

    private struct Wrapper: Decodable {
        var error: Detail
    }

    init(from decoder: any Decoder) throws {
        if let single = try? Wrapper(from: decoder) {
            error = single.error
        } else {
            let list = try [Wrapper](from: decoder)
            guard let first = list.first else {
                throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "empty error list"))
            }
            error = first.error
        }
    }
}

/// The body of `GET {base}/v1beta/models` (Gemini API reference, "models.list").
struct GeminiModelList: Decodable, Sendable, Hashable {
    /// One model.
    struct Model: Decodable, Sendable, Hashable {
        /// `models/gemini-2.5-pro`.
        var name: String
    }

    /// The models of this page.
    var models: [Model]?
    /// The token of the next page, if any.
    var nextPageToken: String?
}
