/// The error object of OpenAI-style APIs: `{"error": {"message", "type", "param", "code"}}`
/// (OpenAI API reference, "Error codes"). Compatible services vary: `code` may be a number,
/// and some send `{"error": "text"}` or `{"message": "text"}`; all of these decode.
struct OpenAIErrorBody: Decodable, Sendable, Hashable {
    /// The error details.
    struct Detail: Decodable, Sendable, Hashable {
        /// The human-readable message.
        var message: String?
        /// The category, for example `invalid_request_error`.
        var type: String?
        /// The parameter at fault, if any.
        var param: String?
        /// The machine-readable code, for example `context_length_exceeded` (numbers become text).
        var code: String?

        enum CodingKeys: String, CodingKey {
            case message, type, param, code
        }

        init(message: String?, type: String? = nil, param: String? = nil, code: String? = nil) {
            self.message = message
            self.type = type
            self.param = param
            self.code = code
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            message = try? container.decodeIfPresent(String.self, forKey: .message)
            type = try? container.decodeIfPresent(String.self, forKey: .type)
            param = try? container.decodeIfPresent(String.self, forKey: .param)
            if let text = try? container.decodeIfPresent(String.self, forKey: .code) {
                code = text
            } else if let number = try? container.decodeIfPresent(Int.self, forKey: .code) {
                code = String(number)
            } else {
                code = nil
            }
        }
    }

    /// The details.
    var error: Detail

    enum CodingKeys: String, CodingKey {
        case error, message
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let detail = try? container.decode(Detail.self, forKey: .error) {
            error = detail
        } else if let text = try? container.decode(String.self, forKey: .error) {
            error = Detail(message: text)
        } else {
            error = Detail(message: try container.decode(String.self, forKey: .message))
        }
    }
}
