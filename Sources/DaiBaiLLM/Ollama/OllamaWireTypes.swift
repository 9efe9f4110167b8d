import DaiBaiCore

/// The body of `POST {base}/api/chat` (Ollama API reference, docs/api.md, "Generate a chat
/// completion"): `model`, `messages`, `stream` and the model `options`.
struct OllamaChatRequest: Encodable, Sendable, Hashable {
    /// One message: `{"role": "...", "content": "..."}`.
    struct Message: Codable, Sendable, Hashable {
        /// `system`, `user` or `assistant`.
        var role: String
        /// The text.
        var content: String
    }

    /// The model parameters (Ollama's Modelfile parameters).
    struct Options: Encodable, Sendable, Hashable {
        /// Sampling temperature.
        var temperature: Double
        /// The most tokens to generate; `nil` leaves the model's default.
        var numPredict: Int?
        /// Stop sequences.
        var stop: [String]?

        enum CodingKeys: String, CodingKey {
            case temperature, stop
            case numPredict = "num_predict"
        }
    }

    /// The model name, for example `codellama:13b`.
    var model: String
    /// The conversation.
    var messages: [Message]
    /// Whether to stream NDJSON lines (Ollama streams unless told `false`).
    var stream: Bool
    /// The model parameters.
    var options: Options
}

/// A non-streamed answer of `/api/chat`, and every line of a streamed one (the final line has
/// `done: true`, `done_reason` and the counts). Unknown fields are ignored.
struct OllamaChatResponse: Decodable, Sendable, Hashable {
    /// The generated message (or, in a streamed line, its increment).
    struct Message: Decodable, Sendable, Hashable {
        /// The text.
        var content: String?
    }

    /// The model that answered.
    var model: String?
    /// The message.
    var message: Message?
    /// Whether this is the last line.
    var done: Bool?
    /// Why generation stopped: `stop`, `length`, `load`, `unload`.
    var doneReason: String?
    /// Prompt tokens evaluated.
    var promptEvalCount: Int?
    /// Tokens generated.
    var evalCount: Int?
    /// An error reported inside a stream (`{"error": "..."}`).
    var error: String?

    enum CodingKeys: String, CodingKey {
        case model, message, done, error
        case doneReason = "done_reason"
        case promptEvalCount = "prompt_eval_count"
        case evalCount = "eval_count"
    }

    /// The usage, when the counts are present.
    var usage: TokenUsage? {
        guard promptEvalCount != nil || evalCount != nil else { return nil }
        return TokenUsage(inputTokens: promptEvalCount ?? 0, outputTokens: evalCount ?? 0)
    }

    /// The Core finish reason (`stop` when the server says `done` without a reason, as older
    /// versions do).
    var finishReason: FinishReason {
        switch doneReason {
        case nil, "stop": .stop
        case "length": .length
        case let other?: .other(other)
        }
    }
}

/// The body of an Ollama error response: `{"error": "..."}`.
struct OllamaErrorBody: Decodable, Sendable, Hashable {
    /// The message.
    var error: String
}

/// The body of `GET {base}/api/tags` (Ollama API reference, "List Local Models").
struct OllamaModelList: Decodable, Sendable, Hashable {
    /// One local model.
    struct Model: Decodable, Sendable, Hashable {
        /// The name to configure as `model`, for example `codellama:13b`.
        var name: String
    }

    /// The local models.
    var models: [Model]
}

/// Splits a byte stream into lines (NDJSON) across chunk boundaries.
struct OllamaLineSplitter: Sendable {
    private var buffer: [UInt8] = []

    /// The complete, non-blank lines that `chunk` finishes; the rest waits for more bytes.
    mutating func append(_ chunk: some Sequence<UInt8>) -> [[UInt8]] {
        buffer.append(contentsOf: chunk)
        var lines: [[UInt8]] = []
        while let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
            let line = Array(buffer[..<newline])
            buffer.removeSubrange(...newline)
            if let trimmed = Self.trimmed(line) { lines.append(trimmed) }
        }
        return lines
    }

    /// The last line if the stream ended without a newline after it.
    mutating func finish() -> [UInt8]? {
        defer { buffer = [] }
        return Self.trimmed(buffer)
    }

    private static func trimmed(_ line: [UInt8]) -> [UInt8]? {
        let isSpace: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D || $0 == 0x0A }
        guard let start = line.firstIndex(where: { !isSpace($0) }), let end = line.lastIndex(where: { !isSpace($0) }) else { return nil }
        return Array(line[start...end])
    }
}
