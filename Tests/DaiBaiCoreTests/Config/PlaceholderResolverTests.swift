import DaiBaiCore
import Testing

@Suite("${VAR} placeholders")
struct PlaceholderResolverTests {
    let resolver = PlaceholderResolver(variables: ["HOST": "db.internal", "PORT": "5432", "EMPTY": ""])

    @Test("expands variables anywhere in a value")
    func expands() throws {
        let value = try resolver.resolve("postgres://${HOST}:${PORT}/shop", key: "databases.main.url", source: "daibai.yaml")
        #expect(value == "postgres://db.internal:5432/shop")
    }

    @Test("uses the default after :- when the variable is unset or empty")
    func defaults() throws {
        #expect(try resolver.resolve("${MISSING:-fallback}", key: "k", source: "s") == "fallback")
        #expect(try resolver.resolve("${EMPTY:-fallback}", key: "k", source: "s") == "fallback")
        #expect(try resolver.resolve("${HOST:-fallback}", key: "k", source: "s") == "db.internal")
    }

    @Test("$${ is a literal ${ and a lone $ stays")
    func escapes() throws {
        #expect(try resolver.resolve("cost $5 and $${HOST}", key: "k", source: "s") == "cost $5 and ${HOST}")
    }

    @Test("an unset variable is an error naming the key and the variable, never a literal left in place")
    func unresolvedIsAnError() {
        #expect(throws: ConfigurationError.unresolvedPlaceholder(key: "llm.providers.openai.api_key", variable: "OPENAI_API_KEY", source: "daibai.yaml")) {
            try resolver.resolve("${OPENAI_API_KEY}", key: "llm.providers.openai.api_key", source: "daibai.yaml")
        }
    }

    @Test("malformed placeholders are errors", arguments: ["${HOST", "${}", "${1ABC}", "${A-B}"])
    func malformed(text: String) {
        #expect(throws: ConfigurationError.malformedPlaceholder(key: "k", source: "s")) {
            try resolver.resolve(text, key: "k", source: "s")
        }
    }
}
