import DaiBaiCore
import DaiBaiSignIn
import DaiBaiTestSupport
import Foundation
import Logging
import Testing

@Suite("Tokens never appear in errors or logs")
struct ConfidentialityTests {
    @Test("Accepted and refused tokens: no log line and no error message contains the token or its signature")
    func noTokenInLogsOrErrors() async throws {
        let capture = LogCapture()
        try await SignInRig.run(logger: capture.logger()) { rig in
            let key = try TestKeys.primary()
            let good = try rig.token()
            let forged = [
                try TokenMinter.rs256(try TestKeys.attacker(), claims: rig.claims()),
                try rig.token(["aud": "someone-else"]),
                try TokenMinter.hmac(alg: "HS256", kid: key.kid, secret: Data(key.publicKeyPEM.utf8), claims: rig.claims()),
                try TokenMinter.rs256(key, kid: "unknown", claims: rig.claims()),
                try rig.token(["exp": "soon"]),
                try rig.token(["tid": "not a tenant"]),
            ]
            _ = try await rig.authenticate(good)
            var messages: [String] = []
            for token in forged {
                if let error = await rig.refusal(authorization: "Bearer \(token)") { messages.append(error.description) }
            }
            #expect(messages.count == forged.count)
            let logged = capture.text
            #expect(logged.contains("Refused a bearer token"))
            for token in [good] + forged {
                let signature = String(token.split(separator: ".").last ?? "")
                let payload = String(token.split(separator: ".")[1])
                for text in [logged] + messages {
                    #expect(!text.contains(token))
                    #expect(!text.contains(signature))
                    #expect(!text.contains(payload))
                }
            }
        }
    }
}
