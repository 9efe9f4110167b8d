// Shapes from the OpenAI API reference, "Error codes" and the error object every endpoint
// returns: {"error": {"message", "type", "param", "code"}}, with the documented codes
// `invalid_api_key` (401), `context_length_exceeded` (400), `rate_limit_exceeded` and
// `insufficient_quota` (429). Written by hand from the published format.

enum ErrorFixtures {
    /// 401 for a wrong key. The real service masks the key; this one echoes it whole, the
    /// worst case, to prove DaiBai removes it.
    static func invalidAPIKey(echoing key: String) -> String {
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

    /// 400 for a prompt over the context window.
    static let contextLengthExceeded = #"""
    {
      "error": {
        "message": "This model's maximum context length is 128000 tokens. However, your messages resulted in 130532 tokens. Please reduce the length of the messages.",
        "type": "invalid_request_error",
        "param": "messages",
        "code": "context_length_exceeded"
      }
    }
    """#

    /// 429 for a rate limit.
    static let rateLimited = #"""
    {
      "error": {
        "message": "Rate limit reached for gpt-4o in organization org-test on tokens per min (TPM): Limit 30000, Used 29800, Requested 900. Please try again in 1.4s.",
        "type": "tokens",
        "param": null,
        "code": "rate_limit_exceeded"
      }
    }
    """#

    /// 429 for an exhausted quota (retrying does not help).
    static let insufficientQuota = #"""
    {
      "error": {
        "message": "You exceeded your current quota, please check your plan and billing details.",
        "type": "insufficient_quota",
        "param": null,
        "code": "insufficient_quota"
      }
    }
    """#

    /// 404 for an unknown model.
    static let modelNotFound = #"""
    {
      "error": {
        "message": "The model `gpt-9` does not exist or you do not have access to it.",
        "type": "invalid_request_error",
        "param": null,
        "code": "model_not_found"
      }
    }
    """#

    /// 400 for content refused by a content filter (Azure-style `content_filter` code).
    static let contentFiltered = #"""
    {
      "error": {
        "message": "The response was filtered due to the prompt triggering content management policy.",
        "type": null,
        "param": "prompt",
        "code": "content_filter"
      }
    }
    """#

    /// 500 from the service.
    static let serverError = #"""
    {
      "error": {
        "message": "The server had an error while processing your request. Sorry about that!",
        "type": "server_error",
        "param": null,
        "code": null
      }
    }
    """#
}
