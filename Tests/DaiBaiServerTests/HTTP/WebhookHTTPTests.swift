import DaiBaiBilling
import DaiBaiCore
import DaiBaiServer
import Foundation
import Testing

@Suite("POST /v1/stripe/webhook over HTTP")
struct WebhookHTTPTests {
    /// A `customer.subscription.created` event, shaped after the event and Subscription objects
    /// of Stripe's API reference (docs.stripe.com/api/events/object, /api/subscriptions/object,
    /// API version 2025-03-31.basil with the period on the subscription item).
    static func subscriptionCreated(now: Int64) -> Data {
        Data("""
        {
          "id": "evt_server_1", "object": "event", "api_version": "2025-03-31.basil", "created": \(now),
          "livemode": false, "pending_webhooks": 1, "request": {"id": "req_server_1", "idempotency_key": null},
          "type": "customer.subscription.created",
          "data": {"object": {
            "id": "sub_server", "object": "subscription", "customer": "cus_server", "status": "active",
            "cancel_at_period_end": false, "created": \(now - 10), "currency": "usd",
            "metadata": {"tenant_id": "acme"},
            "items": {"object": "list", "has_more": false, "url": "/v1/subscription_items?subscription=sub_server", "data": [
              {"id": "si_server", "object": "subscription_item", "subscription": "sub_server", "quantity": 1,
               "current_period_start": \(now - 10), "current_period_end": \(now + 2_592_000),
               "price": {"id": "price_pro", "object": "price", "currency": "usd", "unit_amount": 2000, "recurring": {"interval": "month", "interval_count": 1}}}
            ]}
          }}
        }
        """.utf8)
    }

    @Test func validSignatureIsAppliedAndInvalidIs400() async throws {
        let secret = SecretValue("whsec_server_test")
        let state = try SQLiteBillingState(path: TestComponents.newDirectory() + "/billing.sqlite")
        let handler = StripeWebhookHandler(verifier: StripeWebhookVerifier(secret: secret), state: state, plans: CreditPlanCatalog([]))
        let components = try await TestComponents().make(webhook: handler)
        try await TestServer.with(components) { server in
            let now = Int64(Date().timeIntervalSince1970)
            let payload = Self.subscriptionCreated(now: now)
            let signature = StripeWebhookVerifier.signatureHeader(for: payload, timestamp: now, secret: secret)
            let json = String(decoding: payload, as: UTF8.self)
            let ok = try await server.send(.POST, "/v1/stripe/webhook", token: nil, json: json, headers: [("Stripe-Signature", signature)])
            #expect(ok.status == 200, "\(ok.text)")
            let stored = try await SQLiteSubscriptionStore(state: state).subscription(for: try TenantID(validating: "acme"))
            #expect(stored != nil)

            let forged = StripeWebhookVerifier.signatureHeader(for: payload, timestamp: now, secret: SecretValue("whsec_wrong"))
            let bad = try await server.send(.POST, "/v1/stripe/webhook", token: nil, json: json, headers: [("Stripe-Signature", forged)])
            #expect(bad.status == 400, "\(bad.text)")
            #expect((bad.json["error"] as? [String: Any])?["code"] is String)
        }
    }

    @Test func unconfiguredWebhookIs501() async throws {
        let components = try await TestComponents().make()
        try await TestServer.with(components) { server in
            let reply = try await server.send(.POST, "/v1/stripe/webhook", token: nil, json: "{}", headers: [("Stripe-Signature", "t=1,v1=00")])
            #expect(reply.status == 501)
            #expect(reply.text.contains("STRIPE_WEBHOOK_SECRET"))
        }
    }
}
