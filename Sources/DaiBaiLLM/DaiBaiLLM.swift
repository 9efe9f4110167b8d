// DaiBaiLLM: language-model and embedding providers (OpenAI, Azure OpenAI, Anthropic, Gemini,
// Ollama, OpenAI-compatible) implementing DaiBaiCore's `LLMProvider` and `EmbeddingProvider`
// over its `HTTPTransport`. The providers land with their own issue; see Docs/Modules.md.
import DaiBaiCore
