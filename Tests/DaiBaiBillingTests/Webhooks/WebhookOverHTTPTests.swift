import DaiBaiBilling
import DaiBaiCore
import DaiBaiTestSupport
import Foundation
import HTTPTypes
import Testing

/// A webhook endpoint as an HTTP layer would host it: the raw body and the `Stripe-Signature`
/// header go to the handler; outcomes answer 200, errors their suggested status.
@Suite("Webhook endpoint over HTTP")
struct WebhookOverHTTPTests {
    static func route(_ handler: StripeWebhookHandler) -> LoopbackHTTPServer.Route {
        .init("POST /stripe/webhooks") { request in
            do throws(StripeWebhookError) {
                let outcome = try await handler.handle(payload: Data(request.body), signatureHeader: request.header("Stripe-Signature"))
                return .text(200, "\(outcome)")
            } catch {
                return .text(error.suggestedHTTPStatus, error.description)
            }
        }
    }

    static func post(_ body: Data, signature: String?, to server: LoopbackHTTPServer) async throws -> (status: Int, body: String) {
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        if let signature, let name = HTTPField.Name("Stripe-Signature") { headers[name] = signature }
        let request = HTTPTransportRequest(
            head: HTTPRequest(method: .post, scheme: "http", authority: server.authority, path: "/stripe/webhooks", headerFields: headers),
            body: Array(body))
        let response = try await AsyncHTTPClientTransport().send(request)
        let bytes = try await response.collectBody(upTo: 1 << 16)
        return (response.head.status.code, String(decoding: bytes, as: UTF8.self))
    }

    @Test("a signed delivery is applied once; its redelivery answers 200 as a duplicate; a forged one 400")
    func endToEnd() async throws {
        let harness = try WebhookTestHarness()
        try await withLoopbackServer([Self.route(harness.handler)]) { server in
            let body = WebhookFixtures.checkoutCompleted(eventID: "evt_http_1")
            let signature = StripeWebhookVerifier.signatureHeader(for: body, timestamp: Int64(harness.clock.now.timeIntervalSince1970), secret: WebhookTestHarness.secret)

            let first = try await Self.post(body, signature: signature, to: server)
            #expect(first.status == 200)
            #expect(first.body.contains("applied"))
            let again = try await Self.post(body, signature: signature, to: server)
            #expect(again.status == 200)
            #expect(again.body.contains("duplicate"))

            let forged = try await Self.post(body, signature: "t=1700000000,v1=\(String(repeating: "0", count: 64))", to: server)
            #expect(forged.status == 400)
            #expect(forged.body.contains("No v1 signature matches"))
            let unsigned = try await Self.post(body, signature: nil, to: server)
            #expect(unsigned.status == 400)
            #expect(!unsigned.body.contains(WebhookTestHarness.secret.revealed()))

            #expect(server.requests.first?.header("Stripe-Signature") == signature)
        }
        #expect(try await harness.subscriptions.stripeCustomerID(for: .billingTest("acme")) == "cus_Acme")
    }
}
