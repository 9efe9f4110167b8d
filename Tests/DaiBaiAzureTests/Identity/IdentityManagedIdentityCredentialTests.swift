import DaiBaiAzure
import DaiBaiCore
import DaiBaiTestSupport
import Foundation
import Testing

@Suite("Identity: ManagedIdentityCredential")
struct IdentityManagedIdentityCredentialTests {
    typealias F = IdentityFixtures

    /// shape: IMDS docs "Get a token using HTTP" (managed identities for Azure resources), response
    /// with every number as a string.
    static func imdsResponse(_ token: String, expiresOn: Int) -> LoopbackHTTPServer.Response {
        .text(200, #"""
        {"access_token":"\#(token)","refresh_token":"","expires_in":"3599","expires_on":"\#(expiresOn)","not_before":"\#(expiresOn - 3599)","resource":"https://vault.azure.net","token_type":"Bearer"}
        """#, headers: ["Content-Type": "application/json; charset=utf-8"])
    }

    @Test("IMDS: GET with api-version 2018-02-01, the resource without /.default and Metadata: true")
    func imdsSuccess() async throws {
        let clock = IdentityTestClock()
        let expiresOn = Int(clock.now.timeIntervalSince1970) + 3599
        try await withLoopbackServer([
            .init("GET /metadata/identity/oauth2/token") { _ in Self.imdsResponse("imds-token", expiresOn: expiresOn) },
        ]) { server in
            let credential = ManagedIdentityCredential(
                environment: ["AZURE_POD_IDENTITY_AUTHORITY_HOST": server.baseURL],
                timeout: TestPatience.generous, probeTimeout: TestPatience.generous, now: clock.function
            )
            let token = try await credential.token(for: TokenRequest(scopes: [F.scope]))
            #expect(token.token.revealed() == "imds-token")
            #expect(token.expiresOn == Date(timeIntervalSince1970: TimeInterval(expiresOn)))
            let request = try #require(server.requests.first)
            #expect(request.header("metadata") == "true")
            #expect(request.queryValue("api-version") == "2018-02-01")
            #expect(request.queryValue("resource") == "https://vault.azure.net")
            #expect(request.queryValue("client_id") == nil)
        }
    }

    @Test("IMDS: a user-assigned identity's client ID goes into the query")
    func imdsClientID() async throws {
        try await withLoopbackServer([
            .init("GET /metadata/identity/oauth2/token") { _ in Self.imdsResponse("t", expiresOn: 4_000_000_000) },
        ]) { server in
            let credential = ManagedIdentityCredential(
                clientID: "user-assigned-id", environment: ["AZURE_POD_IDENTITY_AUTHORITY_HOST": server.baseURL],
                timeout: TestPatience.generous, probeTimeout: TestPatience.generous
            )
            _ = try await credential.token(for: TokenRequest(scopes: [F.scope]))
            #expect(server.requests.first?.queryValue("client_id") == "user-assigned-id")
        }
    }

    @Test("IMDS 400 (identity not found) is unavailable, so a chain moves on")
    func imdsIdentityNotFound() async throws {
        try await withLoopbackServer([
            // shape: IMDS docs "Error handling": 400 invalid_request "Identity not found".
            .init("GET /metadata/identity/oauth2/token") { _ in
                .text(400, #"{"error":"invalid_request","error_description":"Identity not found"}"#, headers: ["Content-Type": "application/json"])
            },
        ]) { server in
            let credential = ManagedIdentityCredential(
                environment: ["AZURE_POD_IDENTITY_AUTHORITY_HOST": server.baseURL],
                timeout: TestPatience.generous, probeTimeout: TestPatience.generous
            )
            let (name, reason) = try #require(await F.unavailability(of: credential))
            #expect(name == "ManagedIdentityCredential")
            #expect(reason.contains("Identity not found"))
        }
    }

    @Test("IMDS that refuses the connection is unavailable")
    func imdsRefused() async throws {
        let refusing = try ReservedLoopbackPort(.refusing)
        defer { refusing.close() }
        let credential = ManagedIdentityCredential(
            environment: ["AZURE_POD_IDENTITY_AUTHORITY_HOST": refusing.baseURL], probeTimeout: TestPatience.generous
        )
        let reason = try #require(await F.unavailability(of: credential)).reason
        #expect(reason.contains("no managed identity endpoint answered"))
        #expect(!reason.contains("No HTTP response within"), "the refusal, not the probe timeout, decided: \(reason)")
    }

    @Test("IMDS that never answers is unavailable once the probe timeout passes")
    func imdsSilent() async throws {
        // Accepts connections and never answers: only the probe timeout can end the wait.
        let silent = try ReservedLoopbackPort(.silent)
        defer { silent.close() }
        let credential = ManagedIdentityCredential(
            environment: ["AZURE_POD_IDENTITY_AUTHORITY_HOST": silent.baseURL], probeTimeout: TestPatience.short
        )
        let reason = try #require(await F.unavailability(of: credential)).reason
        #expect(reason.contains("no managed identity endpoint answered"))
        #expect(reason.contains("No HTTP response within"), "the probe timed out: \(reason)")
    }

    @Test("IMDS 500 after retries is authenticationFailed")
    func imdsServerError() async throws {
        try await withLoopbackServer([
            .init("GET /metadata/identity/oauth2/token") { _ in
                .text(500, #"{"error":"unknown","error_description":"Failed to retrieve token"}"#, headers: ["Content-Type": "application/json"])
            },
        ]) { server in
            let credential = ManagedIdentityCredential(
                environment: ["AZURE_POD_IDENTITY_AUTHORITY_HOST": server.baseURL],
                retryPolicy: RetryPolicy(maxAttempts: 2, initialBackoff: .zero, maxTotalTime: TestPatience.generous, retryableStatuses: [500]),
                timeout: TestPatience.generous, probeTimeout: TestPatience.generous
            )
            let error = await #expect(throws: CredentialError.self) {
                _ = try await credential.token(for: TokenRequest(scopes: [F.scope]))
            }
            guard case .authenticationFailed(_, let reason) = try #require(error) else {
                Issue.record("expected authenticationFailed, got \(String(describing: error))")
                return
            }
            #expect(reason.contains("HTTP 500"))
            #expect(reason.contains("Failed to retrieve token"))
            // The probe, then the retried request (2 attempts).
            #expect(server.requests.count == 3)
        }
    }

    @Test("exactly one scope is required")
    func oneScope() async throws {
        let credential = ManagedIdentityCredential(environment: ["AZURE_POD_IDENTITY_AUTHORITY_HOST": "http://127.0.0.1:9"])
        let error = await #expect(throws: CredentialError.self) {
            _ = try await credential.token(for: TokenRequest(scopes: ["https://a/.default", "https://b/.default"]))
        }
        #expect(F.message(error).contains("exactly one scope"))
    }

    @Test("App Service: GET $IDENTITY_ENDPOINT with api-version 2019-08-01 and X-IDENTITY-HEADER")
    func appService() async throws {
        try await withLoopbackServer([
            // shape: App Service / Functions managed identity docs, REST protocol, api-version 2019-08-01
            // (expires_on in unix seconds as a string).
            .init("GET /msi/token") { _ in
                .text(200, #"""
                {"access_token":"app-service-token","expires_on":"1800000000","resource":"https://vault.azure.net","token_type":"Bearer","client_id":"5E29463D-71DA-4FE0-8E69-999B57DB23B0"}
                """#, headers: ["Content-Type": "application/json"])
            },
        ]) { server in
            let credential = ManagedIdentityCredential(
                clientID: "5E29463D-71DA-4FE0-8E69-999B57DB23B0",
                environment: ["IDENTITY_ENDPOINT": server.url("/msi/token"), "IDENTITY_HEADER": "header-secret-value"],
                timeout: TestPatience.generous
            )
            let token = try await credential.token(for: TokenRequest(scopes: [F.scope]))
            #expect(token.token.revealed() == "app-service-token")
            #expect(token.expiresOn == Date(timeIntervalSince1970: 1_800_000_000))
            let request = try #require(server.requests.first)
            #expect(request.header("x-identity-header") == "header-secret-value")
            #expect(request.queryValue("api-version") == "2019-08-01")
            #expect(request.queryValue("resource") == "https://vault.azure.net")
            #expect(request.queryValue("client_id") == "5E29463D-71DA-4FE0-8E69-999B57DB23B0")
        }
    }

    @Test("App Service error is authenticationFailed and does not show the identity header")
    func appServiceError() async throws {
        try await withLoopbackServer([
            // shape: App Service managed identity error body {"statusCode":…,"message":…}.
            .init("GET /msi/token") { _ in
                .text(400, #"{"statusCode":400,"message":"Unable to load the proper Managed Identity."}"#, headers: ["Content-Type": "application/json"])
            },
        ]) { server in
            let credential = ManagedIdentityCredential(
                environment: ["IDENTITY_ENDPOINT": server.url("/msi/token"), "IDENTITY_HEADER": "header-secret-value"],
                timeout: TestPatience.generous
            )
            let error = await #expect(throws: CredentialError.self) {
                _ = try await credential.token(for: TokenRequest(scopes: [F.scope]))
            }
            guard case .authenticationFailed(_, let reason) = try #require(error) else {
                Issue.record("expected authenticationFailed, got \(String(describing: error))")
                return
            }
            #expect(reason.contains("Unable to load the proper Managed Identity"))
            #expect(!reason.contains("header-secret-value"))
        }
    }
}
