import DaiBaiBilling
import DaiBaiCore
import DaiBaiTestSupport
import DaiBaiTesting
import Foundation
import Logging
import Testing

@Suite("Stripe: meter events over HTTP (headers, body, response)")
struct StripeClientTests {
    @Test("A meter event is a form POST with the key as Bearer, the pinned version and the idempotency key")
    func createMeterEventRequest() async throws {
        try await withLoopbackServer([
            .stripeAcceptingMeterEvents(),
        ]) { server in
            let client = try stripeTestClient(server)

            let event = try await client.createMeterEvent(
                eventName: "daibai_input_tokens", customerID: "cus_NciAYcXfLnqBoz", value: 25,
                identifier: "0a6b1c2d-0000-4000-8000-000000000001",
                timestamp: Date(timeIntervalSince1970: 1_680_210_639.75), idempotencyKey: "meter-key-1")

            let request = try #require(server.requests.first)
            #expect(server.requests.count == 1)
            #expect(request.method == "POST")
            #expect(request.path == "/v1/billing/meter_events")
            #expect(request.header("Authorization") == "Bearer \(stripeTestKey)")
            #expect(request.header("Stripe-Version") == "2025-04-30.basil")
            #expect(request.header("Idempotency-Key") == "meter-key-1")
            #expect(request.header("Content-Type") == "application/x-www-form-urlencoded")
            #expect(request.bodyText == "event_name=daibai_input_tokens&payload[stripe_customer_id]=cus_NciAYcXfLnqBoz&payload[value]=25&identifier=0a6b1c2d-0000-4000-8000-000000000001&timestamp=1680210639")
            #expect(event == StripeMeterEvent(
                eventName: "daibai_input_tokens", identifier: "0a6b1c2d-0000-4000-8000-000000000001",
                payload: ["stripe_customer_id": "cus_NciAYcXfLnqBoz", "value": "25"],
                timestamp: 1_680_210_639, created: 1_704_824_589, livemode: false))
        }
    }

    @Test("Without a caller's key every POST gets a fresh random Idempotency-Key")
    func randomIdempotencyKeys() async throws {
        try await withLoopbackServer([
            .stripeAcceptingMeterEvents(),
        ]) { server in
            let client = try stripeTestClient(server)
            for index in 0..<2 {
                _ = try await client.createMeterEvent(eventName: "e", customerID: "cus_1", value: 1, identifier: "id-\(index)", timestamp: Date())
            }

            let keys = server.requests.compactMap { $0.header("Idempotency-Key") }
            #expect(keys.count == 2)
            #expect(Set(keys).count == 2)
            #expect(keys.allSatisfy { UUID(uuidString: $0) != nil })
        }
    }

    @Test("A base URL path prefix is kept (e.g. a proxy or stripe-mock mount point)")
    func basePathPrefix() async throws {
        try await withLoopbackServer([
            .init("POST /stripe/v1/billing/meter_events") { request in
                StripeTestFixtures.json(200, StripeTestFixtures.meterEvent(echoing: stripeTestDecodeForm(request.bodyText)))
            },
        ]) { server in
            let client = try StripeClient(secrets: try stripeTestSecrets(), baseURL: server.url("/stripe/"))
            let event = try await client.createMeterEvent(eventName: "e", customerID: "cus_1", value: 3, identifier: "x", timestamp: Date())
            #expect(event.payload["value"] == "3")
            #expect(server.requests.map(\.path) == ["/stripe/v1/billing/meter_events"])
        }
    }

    @Test("A key is only sent over https, or http to a loopback host")
    func refusesPlainHTTPToRemoteHosts() throws {
        #expect(throws: StripeError.self) { try StripeClient(secrets: try stripeTestSecrets(), baseURL: "http://api.stripe.com") }
        #expect(throws: StripeError.self) { try StripeClient(secrets: try stripeTestSecrets(), baseURL: "https://user:pw@api.stripe.com") }
        #expect(throws: StripeError.self) { try StripeClient(secrets: try stripeTestSecrets(), baseURL: "not a url") }
        _ = try StripeClient(secrets: try stripeTestSecrets(), baseURL: "https://api.stripe.com")
        _ = try StripeClient(secrets: try stripeTestSecrets(), baseURL: "http://localhost:12111")
    }

    @Test("A missing API key is a configuration error naming the secret, and nothing is sent")
    func missingKey() async throws {
        try await withLoopbackServer([
            .init("POST /v1/billing/meter_events") { _ in StripeTestFixtures.json(200, "{}") },
        ]) { server in
            let client = try stripeTestClient(server, secrets: InMemorySecretStore())

            let error = await #expect(throws: StripeError.self) {
                try await client.createMeterEvent(eventName: "e", customerID: "cus_1", value: 1, identifier: "x", timestamp: Date())
            }
            guard case .configuration(let message) = error else {
                Issue.record("expected a configuration error, got \(String(describing: error))")
                return
            }
            #expect(message.contains("STRIPE_API_KEY"))
            #expect(server.requests.isEmpty)
        }
    }

    @Test("A 2xx body that is not a meter event is an invalid-response error")
    func invalidResponse() async throws {
        try await withLoopbackServer([
            .init("POST /v1/billing/meter_events") { _ in StripeTestFixtures.json(200, "{\"object\":\"list\"}") },
        ]) { server in
            let client = try stripeTestClient(server)
            let error = await #expect(throws: StripeError.self) {
                try await client.createMeterEvent(eventName: "e", customerID: "cus_1", value: 1, identifier: "x", timestamp: Date())
            }
            guard case .invalidResponse = error else {
                Issue.record("expected an invalid-response error, got \(String(describing: error))")
                return
            }
        }
    }
}

@Suite("Stripe: the API key is read from the secret store on every request")
struct StripeKeyRotationTests {
    @Test("A rotated key is used by the next request")
    func rotatedKey() async throws {
        try await withLoopbackServer([
            .stripeAcceptingMeterEvents(),
        ]) { server in
            let secrets = try stripeTestSecrets(key: "sk_test_first")
            let client = try stripeTestClient(server, secrets: secrets)
            _ = try await client.createMeterEvent(eventName: "e", customerID: "cus_1", value: 1, identifier: "a", timestamp: Date())
            try await secrets.setSecret(SecretValue("sk_test_second"), named: try SecretName(validating: "STRIPE_API_KEY"), context: .local)
            _ = try await client.createMeterEvent(eventName: "e", customerID: "cus_1", value: 1, identifier: "b", timestamp: Date())

            #expect(server.requests.map { $0.header("Authorization") } == ["Bearer sk_test_first", "Bearer sk_test_second"])
        }
    }
}
