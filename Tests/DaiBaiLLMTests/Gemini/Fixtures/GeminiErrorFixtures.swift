// Shapes from the Gemini API reference, "Troubleshooting" (error codes) and the Google API
// error model every endpoint returns: {"error": {"code", "message", "status", "details"}},
// with `google.rpc.ErrorInfo` (reason API_KEY_INVALID) and `google.rpc.RetryInfo`
// (retryDelay) details. Written by hand from the published format.

enum GeminiErrorFixtures {
    /// 400 for a wrong key. The service does not echo the key; this one does, the worst case,
    /// to prove DaiBai removes it.
    static func invalidAPIKey(echoing key: String) -> String {
        #"""
        {
          "error": {
            "code": 400,
            "message": "API key not valid. Please pass a valid API key. (key \#(key))",
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

    /// 401.
    static let unauthenticated = #"""
    {
      "error": {
        "code": 401,
        "message": "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.",
        "status": "UNAUTHENTICATED"
      }
    }
    """#

    /// 403, echoing the key (worst case).
    static func permissionDenied(echoing key: String) -> String {
        #"""
        {
          "error": {
            "code": 403,
            "message": "Method doesn't allow unregistered callers (callers without established identity). Key \#(key) lacks access.",
            "status": "PERMISSION_DENIED"
          }
        }
        """#
    }

    /// 404 for an unknown model.
    static let modelNotFound = #"""
    {
      "error": {
        "code": 404,
        "message": "models/gemini-9 is not found for API version v1beta, or is not supported for generateContent. Call ListModels to see the list of available models and their supported methods.",
        "status": "NOT_FOUND"
      }
    }
    """#

    /// 429 with a `RetryInfo` delay.
    static let resourceExhausted = #"""
    {
      "error": {
        "code": 429,
        "message": "You exceeded your current quota, please check your plan and billing details.",
        "status": "RESOURCE_EXHAUSTED",
        "details": [
          {
            "@type": "type.googleapis.com/google.rpc.QuotaFailure",
            "violations": [ { "quotaMetric": "generativelanguage.googleapis.com/generate_content_free_tier_requests", "quotaId": "GenerateRequestsPerMinutePerProjectPerModel-FreeTier" } ]
          },
          { "@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "37s" }
        ]
      }
    }
    """#

    /// 400 for a prompt over the input limit.
    static let tokenLimit = #"""
    {
      "error": {
        "code": 400,
        "message": "The input token count (1200000) exceeds the maximum number of tokens allowed (1048576).",
        "status": "INVALID_ARGUMENT"
      }
    }
    """#

    /// 503 when the model is overloaded.
    static let unavailable = #"""
    {
      "error": {
        "code": 503,
        "message": "The model is overloaded. Please try again later.",
        "status": "UNAVAILABLE"
      }
    }
    """#

    /// 500 from the service.
    static let internalError = #"""
    {
      "error": {
        "code": 500,
        "message": "An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting",
        "status": "INTERNAL"
      }
    }
    """#
}
