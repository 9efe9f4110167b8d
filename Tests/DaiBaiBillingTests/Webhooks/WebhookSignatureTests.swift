import DaiBaiBilling
import DaiBaiCore
import Foundation
import Testing

@Suite("Webhook signature verification")
struct WebhookSignatureTests {
    /// The vector from the official SDKs (stripe-python tests/test_webhook.py DUMMY_WEBHOOK_PAYLOAD),
    /// as recorded in protocol-vectors.md.
    static let vectorPayload = Data("{\n  \"id\": \"evt_test_webhook\",\n  \"object\": \"event\",\n  \"data\": { \"object\": { \"id\": \"rdr_123\", \"object\": \"terminal.reader\" } }\n}".utf8)
    static let vectorSecret = SecretValue("whsec_test_secret")
    static let vectorHeader = "t=1700000000,v1=3bfab77baf5f7b6991a46c9b53b6547d7afc56148b10468fcad9f35c1992ffbd"
    static let vectorSignature = "3bfab77baf5f7b6991a46c9b53b6547d7afc56148b10468fcad9f35c1992ffbd"

    func verifier(now seconds: Int64 = 1_700_000_000, tolerance: Duration = .seconds(300)) -> StripeWebhookVerifier {
        StripeWebhookVerifier(secret: Self.vectorSecret, tolerance: tolerance, now: { Date(timeIntervalSince1970: Double(seconds)) })
    }

    func rejection(_ verifier: StripeWebhookVerifier, payload: Data = vectorPayload, header: String?) -> StripeWebhookVerificationError? {
        do {
            try verifier.verify(payload: payload, signatureHeader: header)
            return nil
        } catch {
            return error
        }
    }

    @Test("the official vector: 125 bytes signed at 1700000000 give the documented header")
    func officialVector() throws {
        #expect(Self.vectorPayload.count == 125)
        #expect(verifier().signatureHeader(for: Self.vectorPayload, timestamp: 1_700_000_000) == Self.vectorHeader)
        #expect(StripeWebhookVerifier.signatureHeader(for: Self.vectorPayload, timestamp: 1_700_000_000, secret: Self.vectorSecret) == Self.vectorHeader)
        #expect(try verifier().verify(payload: Self.vectorPayload, signatureHeader: Self.vectorHeader) == 1_700_000_000)
    }

    @Test("a missing or empty header is rejected as missing")
    func missingHeader() {
        #expect(rejection(verifier(), header: nil) == .missingHeader)
        #expect(rejection(verifier(), header: "  ") == .missingHeader)
    }

    @Test("headers that are not t=…,v1=… are rejected as malformed, saying what is wrong")
    func malformedHeader() {
        #expect(rejection(verifier(), header: "garbage") == .malformedHeader(problem: "the element 'garbage' has no '='"))
        #expect(rejection(verifier(), header: "v1=\(Self.vectorSignature)") == .malformedHeader(problem: "there is no timestamp t"))
        #expect(rejection(verifier(), header: "t=yesterday,v1=\(Self.vectorSignature)") == .malformedHeader(problem: "the timestamp t is not a unix time in seconds"))
        #expect(rejection(verifier(), header: "t=-5,v1=\(Self.vectorSignature)") == .malformedHeader(problem: "the timestamp t is not a unix time in seconds"))
    }

    @Test("a header with only other schemes (v0) has no v1 signature")
    func noV1() {
        #expect(rejection(verifier(), header: "t=1700000000,v0=\(Self.vectorSignature)") == .noV1Signature)
    }

    @Test("a wrong secret, a changed body or a non-hex signature match nothing")
    func noMatch() {
        let wrongSecret = StripeWebhookVerifier(secret: SecretValue("whsec_other"), now: { Date(timeIntervalSince1970: 1_700_000_000) })
        #expect(rejection(wrongSecret, header: Self.vectorHeader) == .noMatchingSignature)
        var changed = Self.vectorPayload
        changed.append(UInt8(ascii: "\n"))
        #expect(rejection(verifier(), payload: changed, header: Self.vectorHeader) == .noMatchingSignature)
        #expect(rejection(verifier(), header: "t=1700000000,v1=zz") == .noMatchingSignature)
        #expect(rejection(verifier(), header: "t=1700000001,v1=\(Self.vectorSignature)") == .noMatchingSignature, "the timestamp is signed too")
    }

    @Test("any one matching v1 among several is enough; v0 is ignored")
    func multipleSignatures() throws {
        let other = String(repeating: "ab", count: 32)
        let header = "t=1700000000,v1=\(other),v0=\(other),v1=\(Self.vectorSignature)"
        #expect(try verifier().verify(payload: Self.vectorPayload, signatureHeader: header) == 1_700_000_000)
        let spaced = "t=1700000000, v1=\(other), v1=\(Self.vectorSignature)"
        #expect(try verifier().verify(payload: Self.vectorPayload, signatureHeader: spaced) == 1_700_000_000)
    }

    @Test("the timestamp may be exactly the tolerance away, either way, but not a second more")
    func toleranceEdges() throws {
        #expect(try verifier(now: 1_700_000_300).verify(payload: Self.vectorPayload, signatureHeader: Self.vectorHeader) == 1_700_000_000)
        #expect(try verifier(now: 1_699_999_700).verify(payload: Self.vectorPayload, signatureHeader: Self.vectorHeader) == 1_700_000_000)
        #expect(rejection(verifier(now: 1_700_000_301), header: Self.vectorHeader) == .timestampOutsideTolerance(timestamp: 1_700_000_000, now: 1_700_000_301, toleranceSeconds: 300))
        #expect(rejection(verifier(now: 1_699_999_699), header: Self.vectorHeader) == .timestampOutsideTolerance(timestamp: 1_700_000_000, now: 1_699_999_699, toleranceSeconds: 300))
    }

    @Test("the tolerance is configurable")
    func customTolerance() throws {
        #expect(try verifier(now: 1_700_000_010, tolerance: .seconds(10)).verify(payload: Self.vectorPayload, signatureHeader: Self.vectorHeader) == 1_700_000_000)
        #expect(rejection(verifier(now: 1_700_000_011, tolerance: .seconds(10)), header: Self.vectorHeader) == .timestampOutsideTolerance(timestamp: 1_700_000_000, now: 1_700_000_011, toleranceSeconds: 10))
    }

    @Test("rejections say why and never show the secret")
    func messages() {
        let errors: [StripeWebhookVerificationError] = [
            .missingHeader, .malformedHeader(problem: "there is no timestamp t"), .noV1Signature,
            .timestampOutsideTolerance(timestamp: 1_700_000_000, now: 1_700_000_301, toleranceSeconds: 300), .noMatchingSignature,
        ]
        for error in errors {
            #expect(!error.description.contains("whsec_test_secret"))
        }
        #expect(StripeWebhookVerificationError.missingHeader.description.contains("no Stripe-Signature header"))
        #expect(StripeWebhookVerificationError.noV1Signature.description.contains("no v1 signature"))
        #expect(StripeWebhookVerificationError.timestampOutsideTolerance(timestamp: 1_700_000_000, now: 1_700_000_301, toleranceSeconds: 300).description.contains("301 s from now"))
        #expect(StripeWebhookVerificationError.noMatchingSignature.description.contains("signing secret"))
        #expect("\(verifier())".contains("whsec_test_secret") == false)
    }
}
