import DaiBaiTestSupport
import DaiBaiCore
import DaiBaiLLM
import DaiBaiTesting
import Foundation
import Testing

/// The Agent end to end with every provider type of the standard registry: a real provider
/// built from settings, real HTTP to a local server speaking the vendor's wire format, and a
/// real SQLite sample database.
@Suite(.timeLimit(.minutes(10)))
struct AgentEndToEndTests {
    let acme = RequestContext(tenant: TenantID(rawValue: "acme")!, user: UserID(rawValue: "ana")!)
    let question = "How many tracks are there?"

    @Test("ask answers from the model's SQL over real HTTP", arguments: EndToEndVendor.all)
    func ask(vendor: EndToEndVendor) async throws {
        let fixture = try EndToEndFixture()
        defer { fixture.remove() }
        let expectedCount = try #require(try await fixture.trackCount())
        #expect(expectedCount == .integer(1810), "the default seed's track count")

        try await withLoopbackServer([
            .init(vendor.routePattern) { [vendor] _ in
                .text(200, vendor.completionBody, headers: ["Content-Type": "application/json"])
            },
        ]) { server in
            let provider = try makeEndToEndProvider(vendor, server: server)
            let answer = try await fixture.agent(model: provider).ask(AgentRequest(question: question, context: acme))

            #expect(answer.sql == endToEndSQL)
            #expect(answer.source == .model)
            #expect(answer.attempts == 1)
            #expect(answer.result?.columns == ["tracks"])
            #expect(answer.result?.rows == [[expectedCount]])
            #expect(answer.usage == vendor.usage)
            #expect(fixture.usage.totals(for: acme.tenant)[.inputTokens] == vendor.usage.inputTokens)
            #expect(fixture.usage.totals(for: acme.tenant)[.outputTokens] == vendor.usage.outputTokens)

            let requests = server.requests
            try #require(requests.count == 1)
            try checkRequest(requests[0], vendor: vendor, path: vendor.completionPath, query: vendor.completionQuery)
        }
    }

    @Test("stream reports model deltas and completes over real HTTP", arguments: EndToEndVendor.streaming)
    func stream(vendor: EndToEndVendor) async throws {
        let fixture = try EndToEndFixture()
        defer { fixture.remove() }
        let expectedCount = try #require(try await fixture.trackCount())

        try await withLoopbackServer([
            .init(vendor.routePattern) { [vendor] _ in
                .stream(200, headers: ["Content-Type": vendor.streamContentType]) { writer in
                    for chunk in vendor.streamChunks { writer.write(chunk) }
                }
            },
        ]) { server in
            let provider = try makeEndToEndProvider(vendor, server: server)
            var deltas: [String] = []
            var completed: AgentAnswer?
            var eventsAfterCompletion = 0
            for try await event in fixture.agent(model: provider).stream(AgentRequest(question: question, context: acme)) {
                if completed != nil { eventsAfterCompletion += 1 }
                switch event {
                case .modelDelta(let delta): deltas.append(delta)
                case .completed(let answer): completed = answer
                default: break
                }
            }

            #expect(deltas.joined() == endToEndAnswer)
            #expect(deltas.count >= 2, "the answer arrives in several deltas")
            let answer = try #require(completed, "the stream ends with .completed")
            #expect(eventsAfterCompletion == 0)
            #expect(answer.sql == endToEndSQL)
            #expect(answer.source == .model)
            #expect(answer.result?.rows == [[expectedCount]])
            #expect(answer.usage == vendor.usage)

            let requests = server.requests
            try #require(requests.count == 1)
            try checkRequest(requests[0], vendor: vendor, path: vendor.streamPath ?? vendor.completionPath, query: vendor.streamQuery ?? vendor.completionQuery)
        }
    }

    /// Checks the path, query, key header and system prompt of what the vendor received.
    private func checkRequest(_ request: LoopbackHTTPServer.Request, vendor: EndToEndVendor, path: String, query: [String: String]) throws {
        #expect(request.method == "POST")
        #expect(request.path == path)
        #expect(Dictionary(request.query.map { ($0.name, $0.value) }, uniquingKeysWith: { $1 }) == query)
        if let keyHeader = vendor.keyHeader {
            #expect(request.header(keyHeader.name) == keyHeader.value)
        } else {
            #expect(request.header("authorization") == nil, "a keyless vendor gets no credential")
        }
        // The key travels only in the vendor's own header.
        let otherHeaders = request.headers.filter { $0.key != vendor.keyHeader?.name }
        #expect(!otherHeaders.values.contains { $0.contains(testKey) })
        #expect(!request.path.contains(testKey) && !request.query.contains { $0.value.contains(testKey) })
        #expect(!request.bodyText.contains(testKey))

        let system = try #require(try vendor.systemPrompt(in: request.body))
        #expect(system.contains("CREATE TABLE tracks"), "the pruned schema DDL is in the system prompt")
        #expect(request.bodyText.contains(question))
    }
}
