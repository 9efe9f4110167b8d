import DaiBaiCore
import Foundation
import DaiBaiTesting
import Testing

@testable import DaiBaiRelay

@Suite("Relay: shared access signatures")
struct SharedAccessSignatureTests {
    /// Computed independently with CPython 3.11's hmac, hashlib and urllib.parse.quote_plus:
    /// base64(HMAC-SHA256(key UTF-8, quote_plus(audience) + "\n" + expiry)).
    @Test("the token matches a vector computed with an independent implementation, byte for byte")
    func vector() {
        let token = SharedAccessSignature.token(
            audience: "http://contoso.servicebus.windows.net/orders/", keyName: "send",
            key: SecretValue("9fRz0x/Q1m+dummyKeyForTests0123456789ABCDE="), expiry: Date(timeIntervalSince1970: 1_767_225_600))
        #expect(token.revealed() == "SharedAccessSignature sr=http%3A%2F%2Fcontoso.servicebus.windows.net%2Forders%2F&sig=xLVWhffVHV%2BteGJ63Awg5w8EJmiG3Q2EpwoaggeDBcg%3D&se=1767225600&skn=send")
        #expect("\(token)" == "<redacted>")
    }

    @Test("the audience is http://{namespace}/{path}/ with the host lowercased and the path kept")
    func audience() {
        let address = HybridConnectionAddress(namespace: "sb://Contoso.ServiceBus.Windows.Net/", path: "/Orders/")
        #expect(address.audience == "http://contoso.servicebus.windows.net/Orders/")
        #expect(address.serviceEndpoint == "wss://Contoso.ServiceBus.Windows.Net")
        #expect(address.listenURL(id: "a b") == "wss://Contoso.ServiceBus.Windows.Net/$hc/Orders?sb-hc-action=listen&sb-hc-id=a%20b")
        #expect(address.connectURL(id: "x") == "wss://Contoso.ServiceBus.Windows.Net/$hc/Orders?sb-hc-action=connect&sb-hc-id=x")
        let local = HybridConnectionAddress(namespace: "contoso.servicebus.windows.net", path: "orders", endpointOverride: URL(string: "ws://127.0.0.1:9000/"))
        #expect(local.connectURL(id: "x") == "ws://127.0.0.1:9000/$hc/orders?sb-hc-action=connect&sb-hc-id=x")
    }

    @Test("a shared access key provider signs for the audience with the configured validity")
    func provider() async throws {
        let now = Date(timeIntervalSince1970: 1_767_222_000)
        let provider = SharedAccessKeyTokenProvider(keyName: "send", key: SecretValue("9fRz0x/Q1m+dummyKeyForTests0123456789ABCDE="), validity: .seconds(3600), now: { now })
        let token = try await provider.token(for: "http://contoso.servicebus.windows.net/orders/")
        #expect(token.expiresOn == Date(timeIntervalSince1970: 1_767_225_600))
        #expect(token.value.revealed().contains("sig=xLVWhffVHV%2BteGJ63Awg5w8EJmiG3Q2EpwoaggeDBcg%3D"))
        #expect(!"\(token)".contains("sig="))
        let empty = SharedAccessKeyTokenProvider(keyName: "send", key: SecretValue(""))
        await #expect(throws: RelayError.self) { try await empty.token(for: "http://a/b/") }
    }
}

@Suite("Relay: Entra tokens")
struct EntraRelayTokenProviderTests {
    @Test("an Entra token for the Relay scope is sent as is, and a credential failure is an authentication error")
    func entra() async throws {
        let expiry = Date(timeIntervalSince1970: 1_767_225_600)
        let credential = StaticTokenCredential(accessToken: AccessToken(token: SecretValue("eyJ.jwt.sig"), expiresOn: expiry))
        let token = try await EntraRelayTokenProvider(credential: credential).token(for: "http://ns/hc/")
        #expect(token.value.revealed() == "eyJ.jwt.sig")
        #expect(token.expiresOn == expiry)
        #expect(credential.requests == [TokenRequest(scopes: ["https://relay.azure.net/.default"])])
        let failing = EntraRelayTokenProvider(credential: FailingTokenCredential(error: .unavailable(credential: "ManagedIdentityCredential", reason: "no endpoint")))
        let error = await #expect(throws: RelayError.self) { try await failing.token(for: "http://ns/hc/") }
        guard case .authenticationFailed(let message)? = error else {
            Issue.record("expected an authentication failure, got \(String(describing: error))")
            return
        }
        #expect(message.contains("ManagedIdentityCredential"))
    }
}

@Suite("Relay: connection strings")
struct RelayConnectionStringTests {
    @Test("the portal's connection string gives the address and the key")
    func parses() throws {
        let parsed = try RelayConnectionString(SecretValue("Endpoint=sb://contoso.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=s3cr3t+key=;EntityPath=acme-onprem"))
        #expect(parsed.address.namespace == "contoso.servicebus.windows.net")
        #expect(parsed.address.path == "acme-onprem")
        #expect(parsed.keyName == "send")
        #expect(parsed.key?.revealed() == "s3cr3t+key=")
        #expect(parsed.sharedAccessKeyProvider() != nil)
        #expect(!parsed.description.contains("s3cr3t"))
    }

    @Test("without a key the string names only the address (Entra)")
    func entra() throws {
        let parsed = try RelayConnectionString(SecretValue("endpoint=sb://contoso.servicebus.windows.net/;entitypath=hc"))
        #expect(parsed.key == nil)
        #expect(parsed.sharedAccessKeyProvider() == nil)
    }

    @Test("malformed strings are explained without echoing the key", arguments: [
        "SharedAccessKeyName=send;SharedAccessKey=s3cr3t;EntityPath=hc",
        "Endpoint=sb://contoso.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=s3cr3t",
        "Endpoint=sb://contoso.servicebus.windows.net/;SharedAccessKey=s3cr3t;EntityPath=hc",
        "garbage s3cr3t",
    ])
    func malformed(text: String) throws {
        let error = #expect(throws: RelayError.self) { try RelayConnectionString(SecretValue(text)) }
        #expect(error?.description.contains("s3cr3t") == false)
        #expect(error?.description.isEmpty == false)
    }
}

@Suite("Relay: connector factory")
struct RelayConnectorFactoryTests {
    @Test("a keyless connection string needs an Entra token provider; a malformed one is explained without its key")
    func keylessAndMalformed() async throws {
        let server = DataServer(name: "warehouse", dialect: .postgresql, location: .onPremises, connectionSecret: try SecretName(validating: "WAREHOUSE_RELAY"))
        let keyless = SecretValue("Endpoint=sb://contoso.servicebus.windows.net/;EntityPath=acme")
        let missing = await #expect(throws: DatabaseDirectoryError.self) {
            try await RelayConnectorFactory().connector(for: server, connectionString: keyless, context: .local)
        }
        #expect(missing?.description.contains("Entra") == true)
        let credential = StaticTokenCredential(accessToken: AccessToken(token: SecretValue("jwt"), expiresOn: Date()))
        let connector = try await RelayConnectorFactory(entraTokens: EntraRelayTokenProvider(credential: credential))
            .connector(for: server, connectionString: keyless, context: .local)
        #expect(connector.dialect == .postgresql)
        let malformed = await #expect(throws: DatabaseDirectoryError.self) {
            try await RelayConnectorFactory().connector(for: server, connectionString: SecretValue("SharedAccessKey=hunter2"), context: .local)
        }
        #expect(malformed?.description.contains("WAREHOUSE_RELAY") == true)
        #expect(malformed?.description.contains("hunter2") == false)
    }
}
