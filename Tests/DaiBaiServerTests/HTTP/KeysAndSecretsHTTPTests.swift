import DaiBaiCore
import DaiBaiServer
import DaiBaiTestSupport
import DaiBaiTesting
import Foundation
import Testing

@Suite("Keys and secrets over HTTP")
struct KeysAndSecretsHTTPTests {
    @Test func keyRoutesShowOnlyTheLastFourAndAre501WithoutAVault() async throws {
        var components = try await TestComponents().make()
        try await TestServer.with(components) { server in
            let reply = try await server.send(.GET, "/v1/keys")
            #expect(reply.status == 501)
            #expect(reply.text.contains("user-key-kek"), "\(reply.text)")
        }
        let kek = try LocalKeyEncryptionKey(secret: SecretValue("v1:" + Data(repeating: 7, count: 32).base64EncodedString()))
        components.keyVault = EnvelopeUserKeyVault(store: InMemoryWrappedKeyStore(), kek: kek)
        try await TestServer.with(components) { server in
            let key = "sk-test-ABCDEFGHIJKLMNOPQRSTUVWXwxyz"
            let put = try await server.send(.PUT, "/v1/keys/openai", json: #"{"key":"\#(key)"}"#)
            #expect(put.status == 200, "\(put.text)")
            #expect(!put.text.contains(key))
            let list = try await server.send(.GET, "/v1/keys")
            #expect(list.text.contains("wxyz"))
            #expect(!list.text.contains(key))
            #expect(try await server.send(.GET, "/v1/keys", token: "dev:acme:other").text.contains("wxyz") == false)
            #expect(try await server.send(.DELETE, "/v1/keys/openai").status == 204)
            #expect(try await server.send(.GET, "/v1/keys").text.contains("wxyz") == false)
        }
    }

    @Test func aConnectionStringPasswordNeverAppearsInResponsesOrLogs() async throws {
        let capture = LogCapture()
        let components = try await TestComponents().make()
        let password = "S3cr3t-Pa55word-9931"
        try await TestServer.with(components, logger: capture.logger()) { server in
            let body = #"{"dialect":"postgresql","location":"cloud","connectionString":"postgres://app:\#(password)@db.invalid:5432/x"}"#
            var replies = [try await server.send(.PUT, "/v1/databases/warehouse", json: body)]
            replies.append(try await server.send(.PUT, "/v1/databases/bad name", json: body))
            replies.append(try await server.send(.PUT, "/v1/databases/other", json: #"{"dialect":"nope","location":"cloud","connectionString":"postgres://u:\#(password)@h/x"}"#))
            replies.append(try await server.send(.GET, "/v1/databases/warehouse"))
            replies.append(try await server.send(.GET, "/v1/databases"))
            #expect(replies[0].status == 200, "\(replies[0].text)")
            for reply in replies { #expect(!reply.text.contains(password), "\(reply.text)") }
        }
        #expect(!capture.text.isEmpty)
        #expect(!capture.text.contains(password))
    }
}
