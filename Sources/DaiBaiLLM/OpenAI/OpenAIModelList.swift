/// The body of `GET {base}/models` (OpenAI API reference, "List models"):
/// `{"object": "list", "data": [{"id": "gpt-4o", "object": "model", "created": …, "owned_by": …}]}`.
struct OpenAIModelList: Decodable, Sendable, Hashable {
    /// One model.
    struct Model: Decodable, Sendable, Hashable {
        /// The name to configure as `model`.
        var id: String
    }

    /// The models.
    var data: [Model]
}
