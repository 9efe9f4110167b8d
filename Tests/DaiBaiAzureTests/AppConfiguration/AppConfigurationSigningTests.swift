import DaiBaiAzure
import DaiBaiCore
import Foundation
import Testing

/// The HMAC-SHA256 request signing of App Configuration, checked against the official SDKs'
/// vectors (Docs: /work/shared/reference/protocol-vectors.md, "App Configuration HMAC-SHA256").
@Suite struct AppConfigurationSigningTests {
    static let secret = SecretValue("MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=")
    static let credential = "a4016f0fa8fb0ef2"
    static let host = "example.azconfig.io"
    /// Fri, 11 May 2018 18:48:36 GMT.
    static let date = Date(timeIntervalSince1970: 1_526_064_516)

    let signer: AppConfigurationRequestSigner

    init() throws {
        signer = try AppConfigurationRequestSigner(credential: Self.credential, secret: Self.secret)
    }

    @Test func signsTheListingVector() {
        let signed = signer.sign(
            method: "GET", pathAndQuery: "/kv?api-version=2023-11-01&key=app%2A&label=%00",
            host: Self.host, date: Self.date, body: [])
        #expect(signed.date == "Fri, 11 May 2018 18:48:36 GMT")
        #expect(signed.contentSHA256 == "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=")
        #expect(signed.signature == "E7//MHb0R92i8Igat0A1y5IRRgtcK/CFvtxmwTnWlFA=")
        #expect(signed.authorization == "HMAC-SHA256 Credential=a4016f0fa8fb0ef2&SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=E7//MHb0R92i8Igat0A1y5IRRgtcK/CFvtxmwTnWlFA=")
    }

    @Test func signsThePutVector() {
        let signed = signer.sign(
            method: "PUT", pathAndQuery: "/kv/color?label=prod&api-version=2023-11-01",
            host: Self.host, date: Self.date, body: Array(#"{"value":"blue"}"#.utf8))
        #expect(signed.contentSHA256 == "rslS2j+KHAYnfXzLPs2jRHtSzzDR/Tb//tO3Fc5e9rg=")
        #expect(signed.signature == "/M1s4aMbP3qwElZ00PZLGP0kfVHd2xTs18KhXqGSlxM=")
    }

    @Test func theSignerNeverShowsItsKey() {
        var text = "\(signer) \(String(reflecting: signer))"
        dump(signer, to: &text)
        #expect(text.contains(Self.credential))
        #expect(!text.contains(Self.secret.revealed()))
        #expect(!text.contains("MDEyMzQ1"))
        // The decoded key ("0123456789abcdef…") is not shown either.
        #expect(!text.contains("0123456789abcdef"))
    }

    @Test func aSecretThatIsNotBase64IsRejectedWithoutBeingEchoed() {
        #expect {
            _ = try AppConfigurationRequestSigner(credential: "id", secret: SecretValue("not base64 !!"))
        } throws: { error in
            let message = "\(error)"
            return message.contains("'Secret' part is not valid base64") && !message.contains("not base64 !!")
        }
    }
}

/// Parsing of access-key connection strings (through the provider's initializer, which
/// parses before any request is made).
@Suite struct AppConfigurationConnectionStringTests {
    static let secretText = "c2VjcmV0LXRoYXQtbXVzdC1uZXZlci1iZS1zaG93bg=="

    func failure(_ connectionString: String) async -> AppConfigurationError? {
        do {
            _ = try await AppConfigurationProvider(
                authentication: .connectionString(SecretValue(connectionString)),
                transport: AppConfigurationRefusingTransport())
            return nil
        } catch {
            return error
        }
    }

    @Test(arguments: [
        ("Id=abc;Secret=\(secretText)", "'Endpoint' part is missing"),
        ("Endpoint=https://example.azconfig.io;Secret=\(secretText)", "'Id' part is missing"),
        ("Endpoint=https://example.azconfig.io;Id=abc", "'Secret' part is missing"),
        ("Endpoint=https://example.azconfig.io;Id=abc;Secret=", "'Secret' part is missing"),
        ("Endpoint=https://example.azconfig.io;Id=abc;Secret=\(secretText);stray-text", "a part has no '='"),
        ("Endpoint=https://example.azconfig.io;Id=abc;\(secretText)", "'Secret' part is missing"),
    ])
    func aMissingPartIsNamed(connectionString: String, expected: String) async throws {
        let error = try #require(await failure(connectionString))
        guard case .invalidConnectionString(let reason) = error else {
            Issue.record("expected invalidConnectionString, got \(error)")
            return
        }
        #expect(reason.contains(expected))
        #expect(!"\(error)".contains(Self.secretText))
        #expect(!"\(error)".contains("c2VjcmV0"))
    }

    @Test func plainHTTPIsOnlyAllowedOnLoopback() async throws {
        let error = try #require(await failure("Endpoint=http://example.azconfig.io;Id=abc;Secret=\(Self.secretText)"))
        #expect(error == .invalidEndpoint(reason: "the scheme must be https (http only for localhost)"))
        #expect(!"\(error)".contains(Self.secretText))
    }

    @Test func partNamesAreCaseInsensitiveAndTheSecretMayEndInEquals() async throws {
        // The transport refuses every request, so reaching it proves parsing succeeded.
        let error = try #require(await failure("endpoint=https://example.azconfig.io;ID=abc;secret=\(Self.secretText)"))
        #expect(error == .invalidResponse("Invalid HTTP request: refused by the test transport"))
    }
}

/// A transport that refuses every request (for tests that must not reach the network).
struct AppConfigurationRefusingTransport: HTTPTransport {
    func send(_ request: HTTPTransportRequest) async throws(HTTPTransportError) -> HTTPTransportResponse {
        throw .invalidRequest("refused by the test transport")
    }
}
