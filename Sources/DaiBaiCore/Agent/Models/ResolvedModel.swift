/// The language model a request uses, and whose key pays for it.
public struct ResolvedModel: Sendable {
    /// The provider to call.
    public var provider: any LLMProvider
    /// Whose key the provider sends: usage events of this request carry it.
    public var payer: UsagePayer

    /// Creates a resolved model.
    public init(provider: any LLMProvider, payer: UsagePayer) {
        self.provider = provider
        self.payer = payer
    }
}
