import Configuration
import DaiBaiAzure
import DaiBaiCore
import DaiBaiTestSupport
import DaiBaiTesting
import Foundation
import Testing

/// Access-key and Entra authentication against a store that checks both.
@Suite struct AppConfigurationAuthenticationTests {
    typealias Support = AppConfigurationTestSupport
    typealias Item = AppConfigurationFakeStore.Item

    @Test func aWrongSecretIsRefusedAndNeverShown() async throws {
        let store = AppConfigurationFakeStore(items: [Item(key: "DaiBai:a", value: "1")])
        let wrongSecret = "d3Jvbmctc2VjcmV0LXdyb25nLXNlY3JldA=="
        try await Support.withStore(store) { server in
            do {
                _ = try await AppConfigurationProvider(
                    authentication: .connectionString(SecretValue("Endpoint=\(server.baseURL);Id=\(AppConfigurationFakeStore.accessKeyID);Secret=\(wrongSecret)")),
                    transport: AppConfigurationRecordingTransport(),
                    retrier: Support.instantRetrier())
                Issue.record("a wrong secret was accepted")
            } catch let error as AppConfigurationError {
                guard case .authenticationFailed(let status, let detail) = error else {
                    Issue.record("expected authenticationFailed, got \(error)")
                    return
                }
                #expect(status == 401)
                #expect(detail.contains("Invalid Signature"))
                #expect(!"\(error)".contains(wrongSecret))
            } catch {
                Issue.record("unexpected error \(error)")
            }
        }
    }

    @Test func aClockMoreThanFifteenMinutesOffIsRefused() async throws {
        let store = AppConfigurationFakeStore(items: [Item(key: "DaiBai:a", value: "1")])
        try await Support.withStore(store) { server in
            do {
                _ = try await Support.provider(store, server, now: { Date().addingTimeInterval(-16 * 60) })
                Issue.record("a stale x-ms-date was accepted")
            } catch let error as AppConfigurationError {
                guard case .authenticationFailed(401, let detail) = error else {
                    Issue.record("expected authenticationFailed, got \(error)")
                    return
                }
                #expect(detail.contains("expired"))
            } catch {
                Issue.record("unexpected error \(error)")
            }
            // The same clock within the window is fine.
            let provider = try await Support.provider(store, server, now: { Date().addingTimeInterval(-10 * 60) })
            #expect(ConfigReader(provider: provider).string(forKey: "a") == "1")
        }
    }

    @Test func entraSendsABearerTokenForTheEndpointAudience() async throws {
        let store = AppConfigurationFakeStore(items: [Item(key: "DaiBai:a", value: "1")], authentication: .bearer(token: "entra-token"))
        let credential = StaticTokenCredential(token: "entra-token")
        try await Support.withStore(store) { server in
            let provider = try await AppConfigurationProvider(
                endpoint: server.baseURL,
                authentication: .credential(credential),
                keyPrefix: "DaiBai:",
                transport: AppConfigurationRecordingTransport(),
                retrier: Support.instantRetrier())
            #expect(ConfigReader(provider: provider).string(forKey: "a") == "1")
            // Not an azconfig.io host: the audience is the endpoint itself.
            #expect(credential.requests.map(\.scopes) == [["\(server.baseURL)/.default"], ["\(server.baseURL)/.default"]])
            #expect(server.requests.allSatisfy { $0.header("Authorization") == "Bearer entra-token" && $0.header("x-ms-date") != nil })
        }
    }

    @Test func aRejectedTokenIsAnAuthenticationError() async throws {
        let store = AppConfigurationFakeStore(items: [], authentication: .bearer(token: "the-right-token"))
        try await Support.withStore(store) { server in
            await #expect(throws: AppConfigurationError.authenticationFailed(status: 401, detail: "Bearer error=\"invalid_token\", error_description=\"Invalid token\"")) {
                _ = try await AppConfigurationProvider(
                    endpoint: server.baseURL,
                    authentication: .credential(StaticTokenCredential(token: "a-wrong-token")),
                    transport: AppConfigurationRecordingTransport(),
                    retrier: Support.instantRetrier())
            }
        }
    }

    @Test func aTokenQuotedByTheServerIsNotRepeatedInTheError() async throws {
        let store = AppConfigurationFakeStore(items: [], authentication: .bearer(token: "the-right-token"), echoesCredentialsInErrors: true)
        let jwt = "eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL2FwcGNvbmZpZy5henVyZS5jb20ifQ.c2lnbmF0dXJl"
        try await Support.withStore(store) { server in
            await #expect(throws: AppConfigurationError.authenticationFailed(
                status: 401, detail: "Rejected 'Bearer <redacted>'; Bearer error=\"invalid_token\", error_description=\"Invalid token\"")) {
                _ = try await AppConfigurationProvider(
                    endpoint: server.baseURL,
                    authentication: .credential(StaticTokenCredential(token: jwt)),
                    transport: AppConfigurationRecordingTransport(),
                    retrier: Support.instantRetrier())
            }
            // The server did receive the token: the redaction happened in the client.
            #expect(server.requests.first?.header("Authorization") == "Bearer \(jwt)")
        }
    }

    /// The audiences of the official SDKs (azure-sdk-for-net #48176, azure-sdk-for-js #33274).
    @Test(arguments: [
        ("https://contoso.azconfig.io", nil, "https://appconfig.azure.com/.default"),
        ("https://contoso.appconfig.io", nil, "https://appconfig.azure.com/.default"),
        ("https://contoso.azconfig.azure.us", nil, "https://appconfig.azure.us/.default"),
        ("https://contoso.azconfig.azure.cn", nil, "https://appconfig.azure.cn/.default"),
        ("https://config.internal.example", nil, "https://config.internal.example/.default"),
        ("https://contoso.azconfig.io", "https://custom.audience/", "https://custom.audience/.default"),
    ] as [(String, String?, String)])
    func theEntraScopeFollowsTheCloudOfTheEndpoint(endpoint: String, audience: String?, scope: String) async {
        let credential = StaticTokenCredential(token: "t")
        // The token is requested before anything is sent; the transport refuses the request.
        await #expect(throws: AppConfigurationError.self) {
            _ = try await AppConfigurationProvider(
                endpoint: endpoint, authentication: .credential(credential), audience: audience,
                transport: AppConfigurationRefusingTransport())
        }
        #expect(credential.requests.map(\.scopes) == [[scope]])
    }

    @Test func credentialFailuresAreReported() async {
        await #expect(throws: AppConfigurationError.credentialFailed("ManagedIdentityCredential is unavailable: no endpoint")) {
            _ = try await AppConfigurationProvider(
                endpoint: "https://contoso.azconfig.io",
                authentication: .credential(FailingTokenCredential(credential: "ManagedIdentityCredential", reason: "no endpoint")),
                transport: AppConfigurationRefusingTransport())
        }
    }
}
