import DaiBaiAzure
import DaiBaiCore
import DaiBaiTestSupport
import Foundation
import Testing

@Suite("Identity: EnvironmentCredential")
struct IdentityEnvironmentCredentialTests {
    typealias F = IdentityFixtures

    @Test("AZURE_CLIENT_SECRET selects the client secret flow at AZURE_AUTHORITY_HOST")
    func secret() async throws {
        try await withLoopbackServer([
            .init("POST /\(F.tenant)/oauth2/v2.0/token") { _ in F.tokenResponse("env-secret-token") },
        ]) { server in
            let credential = EnvironmentCredential(environment: [
                "AZURE_TENANT_ID": F.tenant, "AZURE_CLIENT_ID": F.clientID, "AZURE_CLIENT_SECRET": "env-secret",
                "AZURE_AUTHORITY_HOST": server.baseURL,
            ])
            let token = try await credential.token(for: TokenRequest(scopes: [F.scope]))
            #expect(token.token.revealed() == "env-secret-token")
            let form = try #require(server.requests.first.map(F.form))
            #expect(form["client_secret"] == "env-secret")
            #expect(form["client_assertion"] == nil)
        }
    }

    @Test("AZURE_CLIENT_CERTIFICATE_PATH selects the certificate flow")
    func certificate() async throws {
        let directory = try F.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("app.pem")
        try IdentityTestCertificate.bundlePEM.write(to: file, atomically: true, encoding: .utf8)
        try await withLoopbackServer([
            .init("POST /\(F.tenant)/oauth2/v2.0/token") { _ in F.tokenResponse("env-certificate-token") },
        ]) { server in
            let credential = EnvironmentCredential(environment: [
                "AZURE_TENANT_ID": F.tenant, "AZURE_CLIENT_ID": F.clientID, "AZURE_CLIENT_CERTIFICATE_PATH": file.path,
                "AZURE_AUTHORITY_HOST": server.baseURL,
            ])
            let token = try await credential.token(for: TokenRequest(scopes: [F.scope]))
            #expect(token.token.revealed() == "env-certificate-token")
            let form = try #require(server.requests.first.map(F.form))
            #expect(form["client_assertion_type"] == "urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
            #expect(form["client_assertion"]?.split(separator: ".").count == 3)
            #expect(form["client_secret"] == nil)
        }
    }

    @Test("missing variables make it unavailable, naming them")
    func missing() async throws {
        let credential = EnvironmentCredential(environment: ["AZURE_CLIENT_ID": F.clientID])
        let (name, reason) = try #require(await F.unavailability(of: credential))
        #expect(name == "EnvironmentCredential")
        #expect(reason.contains("missing AZURE_TENANT_ID, AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH"))
        #expect(!reason.contains("missing AZURE_CLIENT_ID"))
    }

    @Test("errors of the underlying flow are reported as EnvironmentCredential")
    func renamedErrors() async throws {
        try await withLoopbackServer([
            .init("POST /\(F.tenant)/oauth2/v2.0/token") { _ in F.aadError(status: 401) },
        ]) { server in
            let credential = EnvironmentCredential(
                environment: [
                    "AZURE_TENANT_ID": F.tenant, "AZURE_CLIENT_ID": F.clientID, "AZURE_CLIENT_SECRET": "wrong",
                    "AZURE_AUTHORITY_HOST": server.baseURL,
                ],
                retryPolicy: .none
            )
            let error = await #expect(throws: CredentialError.self) {
                _ = try await credential.token(for: TokenRequest(scopes: [F.scope]))
            }
            guard case .authenticationFailed(let name, let reason) = try #require(error) else {
                Issue.record("expected authenticationFailed, got \(String(describing: error))")
                return
            }
            #expect(name == "EnvironmentCredential")
            #expect(reason.contains("AADSTS7000215"))
        }
    }
}
