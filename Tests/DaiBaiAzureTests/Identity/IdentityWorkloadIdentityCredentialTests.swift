import DaiBaiAzure
import DaiBaiCore
import DaiBaiTestSupport
import Foundation
import Testing

@Suite("Identity: WorkloadIdentityCredential")
struct IdentityWorkloadIdentityCredentialTests {
    typealias F = IdentityFixtures

    @Test("sends the token file as the client assertion and reads it again after it was rewritten")
    func rereadsTheFile() async throws {
        let clock = IdentityTestClock()
        let directory = try F.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("azure-identity-token")
        try "first.service-account.token\n".write(to: file, atomically: true, encoding: .utf8)
        try await withLoopbackServer([
            .init("POST /\(F.tenant)/oauth2/v2.0/token") { _ in F.tokenResponse("workload-token", expiresIn: 3600) },
        ]) { server in
            let credential = WorkloadIdentityCredential(
                tenantID: F.tenant, clientID: F.clientID, tokenFilePath: file.path, authorityHost: server.baseURL, now: clock.function
            )
            _ = try await credential.token(for: TokenRequest(scopes: [F.scope]))
            try "second.service-account.token".write(to: file, atomically: true, encoding: .utf8)
            clock.advance(by: 3400) // inside the 300 s refresh margin: the next call goes to the endpoint
            _ = try await credential.token(for: TokenRequest(scopes: [F.scope]))

            let assertions = server.requests.map { F.form($0)["client_assertion"] }
            #expect(assertions == ["first.service-account.token", "second.service-account.token"])
            let form = try #require(server.requests.first.map(F.form))
            #expect(form["client_assertion_type"] == "urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
            #expect(form["client_id"] == F.clientID)
            #expect(form["grant_type"] == "client_credentials")
        }
    }

    @Test("a missing token file is an error naming the file")
    func missingFile() async throws {
        let credential = WorkloadIdentityCredential(
            tenantID: F.tenant, clientID: F.clientID, tokenFilePath: "/nonexistent/daibai/token", authorityHost: "https://login.microsoftonline.com"
        )
        let error = await #expect(throws: CredentialError.self) {
            _ = try await credential.token(for: TokenRequest(scopes: [F.scope]))
        }
        #expect(F.message(error).contains("/nonexistent/daibai/token"))
        #expect(F.message(error).contains("AZURE_FEDERATED_TOKEN_FILE"))
    }
}
