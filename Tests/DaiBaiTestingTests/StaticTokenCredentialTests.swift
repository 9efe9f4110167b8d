import DaiBaiCore
import DaiBaiTesting
import Foundation
import Testing

@Suite struct StaticTokenCredentialTests {
    @Test func returnsTheFixedTokenAndCountsCalls() async throws {
        let expiry = Date(timeIntervalSince1970: 2_000_000_000)
        let credential = StaticTokenCredential(token: "abc123", expiresOn: expiry)
        let vault = TokenRequest(scopes: ["https://vault.azure.net/.default"])
        let storage = TokenRequest(scopes: ["https://storage.azure.com/.default"], tenantID: "t1")

        #expect(credential.callCount == 0)
        let first = try await credential.token(for: vault)
        let second = try await credential.token(for: storage)

        #expect(first.token.revealed() == "abc123")
        #expect(first.expiresOn == expiry)
        #expect(second == first)
        #expect(credential.callCount == 2)
        #expect(credential.requests == [vault, storage])
    }

    @Test func failingCredentialThrowsItsErrorAndCountsCalls() async {
        let error = CredentialError.authenticationFailed(credential: "ManagedIdentity", reason: "HTTP 401")
        let credential = FailingTokenCredential(error: error)
        let request = TokenRequest(scopes: ["s"])

        await #expect(throws: error) { try await credential.token(for: request) }
        await #expect(throws: error) { try await credential.token(for: request) }
        #expect(credential.callCount == 2)
        #expect(credential.requests == [request, request])
    }

    @Test func failingCredentialDefaultsToUnavailable() async {
        let credential = FailingTokenCredential(credential: "AzureCLI", reason: "az not installed")

        await #expect(throws: CredentialError.unavailable(credential: "AzureCLI", reason: "az not installed")) {
            try await credential.token(for: TokenRequest(scopes: []))
        }
    }
}
