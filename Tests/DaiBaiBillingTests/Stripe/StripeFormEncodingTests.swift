import DaiBaiBilling
import Testing

@Suite("Stripe: form encoding of request parameters")
struct StripeFormEncodingTests {
    @Test("A meter event encodes byte for byte as the protocol vector (stripe-python's form)")
    func meterEventVector() {
        let body = StripeFormEncoder.encode([
            StripeFormField("event_name", "ai_search_api"),
            StripeFormField("payload", .object([
                StripeFormField("stripe_customer_id", "cus_NciAYcXfLnqBoz"),
                StripeFormField("value", "25"),
            ])),
            StripeFormField("identifier", "identifier_123"),
            StripeFormField("timestamp", "1680210639"),
        ])

        // Vector: /work/shared/reference/protocol-vectors.md, "Meter events".
        #expect(body == "event_name=ai_search_api&payload[stripe_customer_id]=cus_NciAYcXfLnqBoz&payload[value]=25&identifier=identifier_123&timestamp=1680210639")
    }

    @Test("Nested objects become parent[child] and arrays parent[index], in the given order")
    func nestedObjectsAndArrays() {
        let body = StripeFormEncoder.encode([
            StripeFormField("expand", .array([.string("customer"), .string("invoice.subscription")])),
            StripeFormField("metadata", .object([
                StripeFormField("order", .object([StripeFormField("id", "6735")])),
                StripeFormField("tags", .array([.string("a"), .object([StripeFormField("k", "v")])])),
            ])),
        ])

        #expect(body == "expand[0]=customer&expand[1]=invoice.subscription&metadata[order][id]=6735&metadata[tags][0]=a&metadata[tags][1][k]=v")
    }

    @Test("Reserved and non-ASCII characters are percent-encoded over UTF-8, a space becomes '+'")
    func percentEncoding() {
        let body = StripeFormEncoder.encode([
            StripeFormField("description", "a b&c=d+e/f?g%h"),
            StripeFormField("name", "Zoë 東京"),
            StripeFormField("safe", "A-z_0.9~"),
        ])

        #expect(body == "description=a+b%26c%3Dd%2Be%2Ff%3Fg%25h&name=Zo%C3%AB+%E6%9D%B1%E4%BA%AC&safe=A-z_0.9~")
    }

    @Test("Keys are escaped like values, with their brackets kept readable")
    func escapedKeys() {
        let body = StripeFormEncoder.encode([
            StripeFormField("metadata", .object([StripeFormField("plan name", "pro & more")])),
        ])

        #expect(body == "metadata[plan+name]=pro+%26+more")
    }

    @Test("No fields encode to an empty body")
    func empty() {
        #expect(StripeFormEncoder.encode([]) == "")
    }
}
