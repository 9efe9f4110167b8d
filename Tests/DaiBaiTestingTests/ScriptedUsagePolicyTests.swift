import DaiBaiCore
import DaiBaiTesting
import Testing

@Suite struct ScriptedUsagePolicyTests {
    let acme: RequestContext
    let globex: RequestContext

    init() throws {
        acme = RequestContext(tenant: try TenantID(validating: "acme"), user: try UserID(validating: "alice"))
        globex = RequestContext(tenant: try TenantID(validating: "globex"), user: try UserID(validating: "bob"))
    }

    @Test func deniesOneTenantWithItsReasonAndAllowsOthers() async {
        let policy = ScriptedUsagePolicy(perTenant: [acme.tenant: .deny(UsageDenial(.creditsExhausted, message: "credits exhausted"))])

        #expect(await policy.authorize(UsageRequest(context: acme)) == .deny(UsageDenial(.creditsExhausted, message: "credits exhausted")))
        #expect(await policy.authorize(UsageRequest(context: globex)) == .allow)
    }

    @Test func decisionsCanChangeAndDefaultCanDeny() async {
        let policy = ScriptedUsagePolicy.denyingAll(reason: "billing down")
        policy.setDecision(.allow, for: globex.tenant)

        #expect(await policy.authorize(UsageRequest(context: acme)) == .deny(.other("billing down")))
        #expect(await policy.authorize(UsageRequest(context: globex)) == .allow)

        policy.setDecision(nil, for: globex.tenant)
        #expect(await policy.authorize(UsageRequest(context: globex)) == .deny(.other("billing down")))
    }

    @Test func closureDecides() async {
        let policy = ScriptedUsagePolicy { request in
            (request.estimatedInputTokens ?? 0) > 1000 ? .deny(.other("prompt too expensive")) : .allow
        }

        #expect(await policy.authorize(UsageRequest(context: acme, estimatedInputTokens: 10)) == .allow)
        #expect(await policy.authorize(UsageRequest(context: acme, estimatedInputTokens: 5000)) == .deny(.other("prompt too expensive")))
    }

    @Test func recordsEveryJudgedRequest() async {
        let policy = ScriptedUsagePolicy()
        let first = UsageRequest(context: acme, provider: "openai", model: "gpt", estimatedInputTokens: 12)
        let second = UsageRequest(context: globex)

        _ = await policy.authorize(first)
        _ = await policy.authorize(second)

        #expect(policy.requests == [first, second])
    }

    @Test func recordsEverySettlementWithItsEvents() async {
        let policy = ScriptedUsagePolicy()
        let request = UsageRequest(context: acme)
        let event = UsageEvent(tenant: acme.tenant, user: acme.user, kind: .taskCompleted, quantity: 1)

        await policy.settle(request, events: [event])

        #expect(policy.settlements == [ScriptedUsagePolicy.Settlement(request: request, events: [event])])
    }
}
