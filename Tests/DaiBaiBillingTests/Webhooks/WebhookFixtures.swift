import Foundation

/// Stripe event bodies as Stripe sends them, for webhook and credits tests.
enum WebhookFixtures {
    /// The Event object around `object` (the JSON of the event's `data.object`).
    /// Shape: Stripe API reference, "The Event object".
    static func event(id: String, type: String, created: Int64, apiVersion: String, requestID: String? = nil, previousAttributes: String? = nil, object: String) -> Data {
        let request = requestID.map { "\"\($0)\"" } ?? "null"
        let previous = previousAttributes.map { ", \"previous_attributes\": \($0)" } ?? ""
        return Data("""
            {
              "id": "\(id)",
              "object": "event",
              "api_version": "\(apiVersion)",
              "created": \(created),
              "livemode": false,
              "pending_webhooks": 1,
              "request": {"id": \(request), "idempotency_key": null},
              "type": "\(type)",
              "data": {"object": \(object)\(previous)}
            }
            """.utf8)
    }

    /// `checkout.session.completed` in subscription mode.
    /// Shape: Stripe API reference, "The Event object" and "The Checkout Session object".
    static func checkoutCompleted(eventID: String = "evt_checkout_1", created: Int64 = 1_700_000_000, tenant: String? = "acme", metadataTenant: String? = nil, customer: String = "cus_Acme", subscription: String = "sub_Acme") -> Data {
        let reference = tenant.map { "\"\($0)\"" } ?? "null"
        let metadata = metadataTenant.map { "{\"tenant_id\": \"\($0)\"}" } ?? "{}"
        return event(id: eventID, type: "checkout.session.completed", created: created, apiVersion: "2025-03-31.basil", object: """
                {
                  "id": "cs_test_a1b2c3",
                  "object": "checkout.session",
                  "amount_total": 2000,
                  "client_reference_id": \(reference),
                  "currency": "usd",
                  "customer": "\(customer)",
                  "metadata": \(metadata),
                  "mode": "subscription",
                  "payment_status": "paid",
                  "status": "complete",
                  "subscription": "\(subscription)"
                }
                """)
    }

    /// `customer.subscription.created` / `.updated` / `.deleted`, current API: the current period
    /// is on the subscription item.
    /// Shape: Stripe API reference, "The Subscription object" (API 2025-03-31.basil, where
    /// `current_period_start`/`_end` moved to `items.data[]`).
    static func subscription(type: String = "customer.subscription.updated", eventID: String, created: Int64, status: String, subscription: String = "sub_Acme", customer: String = "cus_Acme", price: String = "price_pro", periodStart: Int64 = 1_700_000_000, periodEnd: Int64 = 1_702_592_000, metadataTenant: String? = nil) -> Data {
        let metadata = metadataTenant.map { "{\"tenant_id\": \"\($0)\"}" } ?? "{}"
        return event(id: eventID, type: type, created: created, apiVersion: "2025-03-31.basil", requestID: "req_1", object: """
                {
                  "id": "\(subscription)",
                  "object": "subscription",
                  "cancel_at_period_end": false,
                  "created": 1699990000,
                  "currency": "usd",
                  "customer": "\(customer)",
                  "items": {
                    "object": "list",
                    "data": [
                      {
                        "id": "si_1",
                        "object": "subscription_item",
                        "current_period_end": \(periodEnd),
                        "current_period_start": \(periodStart),
                        "price": {"id": "\(price)", "object": "price", "currency": "usd", "recurring": {"interval": "month", "interval_count": 1}, "unit_amount": 2000},
                        "quantity": 1,
                        "subscription": "\(subscription)"
                      }
                    ],
                    "has_more": false,
                    "url": "/v1/subscription_items?subscription=\(subscription)"
                  },
                  "metadata": \(metadata),
                  "status": "\(status)"
                }
                """)
    }

    /// `customer.subscription.updated`, older API: the period is on the subscription and the item
    /// carries a `plan`.
    /// Shape: Stripe API reference, "The Subscription object" (API 2024-06-20).
    static func legacySubscription(eventID: String, created: Int64, status: String, subscription: String = "sub_Acme", customer: String = "cus_Acme", plan: String = "price_basic") -> Data {
        event(id: eventID, type: "customer.subscription.updated", created: created, apiVersion: "2024-06-20", previousAttributes: #"{"status": "trialing"}"#, object: """
                {
                  "id": "\(subscription)",
                  "object": "subscription",
                  "current_period_end": 1702592000,
                  "current_period_start": 1700000000,
                  "customer": {"id": "\(customer)", "object": "customer", "email": "billing@example.com"},
                  "items": {
                    "object": "list",
                    "data": [{"id": "si_1", "object": "subscription_item", "plan": {"id": "\(plan)", "object": "plan", "amount": 900, "interval": "month"}, "quantity": 1}]
                  },
                  "metadata": {},
                  "status": "\(status)"
                }
                """)
    }

    /// `invoice.paid`, `invoice.payment_succeeded` or `invoice.payment_failed`, current API.
    /// Shape: Stripe API reference, "The Invoice object" (API 2025-03-31.basil: `parent.subscription_details`,
    /// line `pricing.price_details.price`).
    static func invoice(type: String = "invoice.paid", eventID: String, created: Int64, invoice: String, customer: String = "cus_Acme", subscription: String = "sub_Acme", price: String = "price_pro", status: String = "paid") -> Data {
        event(id: eventID, type: type, created: created, apiVersion: "2025-03-31.basil", object: """
                {
                  "id": "\(invoice)",
                  "object": "invoice",
                  "amount_due": 2000,
                  "amount_paid": \(status == "paid" ? 2000 : 0),
                  "billing_reason": "subscription_cycle",
                  "currency": "usd",
                  "customer": "\(customer)",
                  "lines": {
                    "object": "list",
                    "data": [
                      {
                        "id": "il_1",
                        "object": "line_item",
                        "amount": 2000,
                        "currency": "usd",
                        "period": {"end": 1702592000, "start": 1700000000},
                        "pricing": {"price_details": {"price": "\(price)", "product": "prod_pro"}, "type": "price_details", "unit_amount_decimal": "2000"},
                        "quantity": 1
                      }
                    ],
                    "has_more": false,
                    "url": "/v1/invoices/\(invoice)/lines"
                  },
                  "parent": {
                    "quote_details": null,
                    "subscription_details": {"metadata": {}, "subscription": "\(subscription)"},
                    "type": "subscription_details"
                  },
                  "status": "\(status)"
                }
                """)
    }

    /// `invoice.paid`, older API: `subscription` on the invoice and `price` on the line.
    /// Shape: Stripe API reference, "The Invoice object" (API 2024-06-20).
    static func legacyInvoicePaid(eventID: String, created: Int64, invoice: String, customer: String = "cus_Acme", subscription: String = "sub_Acme", price: String = "price_pro") -> Data {
        event(id: eventID, type: "invoice.paid", created: created, apiVersion: "2024-06-20", object: """
                {
                  "id": "\(invoice)",
                  "object": "invoice",
                  "amount_paid": 2000,
                  "customer": "\(customer)",
                  "lines": {"object": "list", "data": [{"id": "il_1", "object": "line_item", "price": {"id": "\(price)", "object": "price"}, "quantity": 1}]},
                  "status": "paid",
                  "subscription": "\(subscription)",
                  "subscription_details": {"metadata": {}}
                }
                """)
    }

    /// An event type billing does not handle.
    /// Shape: Stripe API reference, "The Event object" with a Customer object.
    static func customerCreated(eventID: String) -> Data {
        Data("""
            {"id": "\(eventID)", "object": "event", "created": 1700000000, "livemode": false, "type": "customer.created",
             "data": {"object": {"id": "cus_New", "object": "customer", "email": "new@example.com", "metadata": {}}}}
            """.utf8)
    }
}
