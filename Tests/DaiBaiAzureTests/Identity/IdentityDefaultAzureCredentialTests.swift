import DaiBaiAzure
import DaiBaiCore
import DaiBaiTestSupport
import Foundation
import Testing

@Suite("Identity: DefaultAzureCredential")
struct IdentityDefaultAzureCredentialTests {
    typealias F = IdentityFixtures
    typealias StandIn = IdentityAzureCliCredentialTests.StandIn

    /// A stand-in `az` that prints a token (shape: Azure CLI `az account get-access-token` output).
    static func signedInCLI(token: String = "cli-token") throws -> StandIn {
        try StandIn("""
        cat <<'JSON'
        {"accessToken": "\(token)", "expiresOn": "2030-01-01 00:00:00.000000", "expires_on": 1893456000, "subscription": "s", "tenant": "t", "tokenType": "Bearer"}
        JSON
        """)
    }

    /// IMDS answering 400 "Identity not found" (shape: IMDS docs "Error handling"), counted.
    static func imdsWithoutIdentity(_ hits: IdentityCounter) -> LoopbackHTTPServer.Route {
        .init("GET /metadata/identity/oauth2/token") { _ in
            hits.increment()
            return .text(400, #"{"error":"invalid_request","error_description":"Identity not found"}"#, headers: ["Content-Type": "application/json"])
        }
    }

    @Test("when every credential fails, chainFailed lists each one's reason, in chain order")
    func chainFailedListsAll() async throws {
        let refusing = try ReservedLoopbackPort(.refusing)
        defer { refusing.close() }
        let directory = try F.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let credential = DefaultAzureCredential(
            environment: ["AZURE_POD_IDENTITY_AUTHORITY_HOST": refusing.baseURL, "PATH": directory.path],
            options: F.patient
        )
        #expect(credential.credentialNames == ["EnvironmentCredential", "WorkloadIdentityCredential", "ManagedIdentityCredential", "AzureCliCredential"])
        let error = await #expect(throws: CredentialError.self) {
            _ = try await credential.token(for: TokenRequest(scopes: [F.scope]))
        }
        guard case .chainFailed(let lines) = try #require(error) else {
            Issue.record("expected chainFailed, got \(String(describing: error))")
            return
        }
        try #require(lines.count == 4)
        #expect(lines[0].hasPrefix("EnvironmentCredential is unavailable"))
        #expect(lines[1].hasPrefix("WorkloadIdentityCredential is unavailable"))
        #expect(lines[1].contains("AZURE_FEDERATED_TOKEN_FILE"))
        #expect(lines[2].hasPrefix("ManagedIdentityCredential is unavailable"))
        #expect(lines[3].hasPrefix("AzureCliCredential is unavailable"))
        #expect(lines[3].contains("az login"))
        #expect("\(try #require(error))".split(separator: "\n").count == 5)
    }

    @Test("unavailable credentials pass on to the next, and the one that succeeded is used alone from then on")
    func remembersTheSuccessfulCredential() async throws {
        let imdsHits = IdentityCounter()
        let az = try Self.signedInCLI()
        defer { az.remove() }
        try await withLoopbackServer([Self.imdsWithoutIdentity(imdsHits)]) { server in
            var environment = az.environment
            environment["AZURE_POD_IDENTITY_AUTHORITY_HOST"] = server.baseURL
            let credential = DefaultAzureCredential(environment: environment, options: F.patient)
            let first = try await credential.token(for: TokenRequest(scopes: [F.scope]))
            #expect(first.token.revealed() == "cli-token")
            #expect(imdsHits.count == 1)
            let second = try await credential.token(for: TokenRequest(scopes: ["https://management.azure.com/.default"]))
            #expect(second.token.revealed() == "cli-token")
            #expect(imdsHits.count == 1) // managed identity was not asked again
            #expect(az.recordedArguments.contains("https://management.azure.com"))
        }
    }

    @Test("a credential that fails to authenticate stops the chain")
    func authenticationFailureStops() async throws {
        let az = try Self.signedInCLI()
        defer { az.remove() }
        try await withLoopbackServer([
            .init("POST /\(F.tenant)/oauth2/v2.0/token") { _ in F.aadError(status: 401) },
        ]) { server in
            var environment = az.environment
            environment["AZURE_TENANT_ID"] = F.tenant
            environment["AZURE_CLIENT_ID"] = F.clientID
            environment["AZURE_CLIENT_SECRET"] = "wrong-secret"
            environment["AZURE_AUTHORITY_HOST"] = server.baseURL
            var options = F.patient
            options.retryPolicy = .none
            let credential = DefaultAzureCredential(environment: environment, options: options)
            let error = await #expect(throws: CredentialError.self) {
                _ = try await credential.token(for: TokenRequest(scopes: [F.scope]))
            }
            guard case .chainFailed(let lines) = try #require(error) else {
                Issue.record("expected chainFailed, got \(String(describing: error))")
                return
            }
            #expect(lines.count == 1)
            #expect(lines.first?.hasPrefix("EnvironmentCredential failed to authenticate") == true)
            #expect(lines.first?.contains("AADSTS7000215") == true)
            #expect(!"\(try #require(error))".contains("wrong-secret"))
            #expect(az.recordedArguments.isEmpty) // the CLI was never run
        }
    }

    @Test("the environment credential comes first when configured")
    func environmentFirst() async throws {
        let az = try Self.signedInCLI()
        defer { az.remove() }
        try await withLoopbackServer([
            .init("POST /\(F.tenant)/oauth2/v2.0/token") { _ in F.tokenResponse("env-token") },
        ]) { server in
            var environment = az.environment
            environment["AZURE_TENANT_ID"] = F.tenant
            environment["AZURE_CLIENT_ID"] = F.clientID
            environment["AZURE_CLIENT_SECRET"] = "secret"
            environment["AZURE_AUTHORITY_HOST"] = server.baseURL
            let token = try await DefaultAzureCredential(environment: environment, options: F.patient).token(for: TokenRequest(scopes: [F.scope]))
            #expect(token.token.revealed() == "env-token")
            #expect(az.recordedArguments.isEmpty)
        }
    }

    @Test("workload identity comes before managed identity")
    func workloadIdentityBeforeManagedIdentity() async throws {
        let directory = try F.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("token")
        try "federated-assertion".write(to: file, atomically: true, encoding: .utf8)
        let imdsHits = IdentityCounter()
        try await withLoopbackServer([
            .init("POST /\(F.tenant)/oauth2/v2.0/token") { _ in F.tokenResponse("workload-token") },
            Self.imdsWithoutIdentity(imdsHits),
        ]) { server in
            let credential = DefaultAzureCredential(environment: [
                "AZURE_TENANT_ID": F.tenant, "AZURE_CLIENT_ID": F.clientID, "AZURE_FEDERATED_TOKEN_FILE": file.path,
                "AZURE_AUTHORITY_HOST": server.baseURL, "AZURE_POD_IDENTITY_AUTHORITY_HOST": server.baseURL,
            ], options: F.patient)
            let token = try await credential.token(for: TokenRequest(scopes: [F.scope]))
            #expect(token.token.revealed() == "workload-token")
            #expect(imdsHits.count == 0)
            #expect(server.requests.first.map(F.form)?["client_assertion"] == "federated-assertion")
        }
    }

    @Test("managed identity uses options.managedIdentityClientID, else AZURE_CLIENT_ID")
    func managedIdentityClientID() async throws {
        try await withLoopbackServer([
            .init("GET /metadata/identity/oauth2/token") { _ in
                IdentityManagedIdentityCredentialTests.imdsResponse("mi-token", expiresOn: 4_000_000_000)
            },
        ]) { server in
            let environment = ["AZURE_POD_IDENTITY_AUTHORITY_HOST": server.baseURL, "AZURE_CLIENT_ID": "from-environment", "PATH": ""]
            let fromEnvironment = try await DefaultAzureCredential(environment: environment, options: F.patient).token(for: TokenRequest(scopes: [F.scope]))
            #expect(fromEnvironment.token.revealed() == "mi-token")
            var options = F.patient
            options.managedIdentityClientID = "from-options"
            let fromOptions = DefaultAzureCredential(environment: environment, options: options)
            _ = try await fromOptions.token(for: TokenRequest(scopes: [F.scope]))
            #expect(server.requests.map { $0.queryValue("client_id") } == ["from-environment", "from-options"])
        }
    }

    @Test("AZURE_TOKEN_CREDENTIALS=dev uses the developer tools only")
    func dev() async throws {
        let az = try Self.signedInCLI(token: "dev-cli-token")
        defer { az.remove() }
        try await withLoopbackServer([
            .init("POST /*") { _ in F.tokenResponse("env-token") },
        ]) { server in
            var environment = az.environment
            environment["AZURE_TOKEN_CREDENTIALS"] = "dev"
            environment["AZURE_TENANT_ID"] = F.tenant
            environment["AZURE_CLIENT_ID"] = F.clientID
            environment["AZURE_CLIENT_SECRET"] = "secret"
            environment["AZURE_AUTHORITY_HOST"] = server.baseURL
            let credential = DefaultAzureCredential(environment: environment, options: F.patient)
            #expect(credential.credentialNames == ["AzureCliCredential"])
            let token = try await credential.token(for: TokenRequest(scopes: [F.scope]))
            #expect(token.token.revealed() == "dev-cli-token")
            #expect(server.requests.isEmpty)
        }
    }

    @Test("AZURE_TOKEN_CREDENTIALS=prod, a credential name, exclusions")
    func selection() {
        #expect(DefaultAzureCredential(environment: ["AZURE_TOKEN_CREDENTIALS": "prod"]).credentialNames
            == ["EnvironmentCredential", "WorkloadIdentityCredential", "ManagedIdentityCredential"])
        #expect(DefaultAzureCredential(environment: ["AZURE_TOKEN_CREDENTIALS": "ManagedIdentityCredential"]).credentialNames
            == ["ManagedIdentityCredential"])
        #expect(DefaultAzureCredential(environment: ["AZURE_TOKEN_CREDENTIALS": "azureclicredential"]).credentialNames
            == ["AzureCliCredential"])
        let excluded = DefaultAzureCredential(
            environment: [:],
            options: DefaultAzureCredentialOptions(excludeEnvironmentCredential: true, excludeManagedIdentityCredential: true)
        )
        #expect(excluded.credentialNames == ["WorkloadIdentityCredential", "AzureCliCredential"])
        #expect(excluded.configurationError == nil)
    }

    @Test("an invalid AZURE_TOKEN_CREDENTIALS is a clear error listing the valid values")
    func invalidSelection() async throws {
        let credential = DefaultAzureCredential(environment: ["AZURE_TOKEN_CREDENTIALS": "staging"])
        let configurationError = try #require(credential.configurationError)
        #expect("\(configurationError)".contains("'staging'"))
        #expect("\(configurationError)".contains("'dev', 'prod'"))
        let error = await #expect(throws: CredentialError.self) {
            _ = try await credential.token(for: TokenRequest(scopes: [F.scope]))
        }
        #expect(error == configurationError)
    }

    @Test("excluding every selected credential is an error")
    func everythingExcluded() async throws {
        let credential = DefaultAzureCredential(
            environment: ["AZURE_TOKEN_CREDENTIALS": "dev"],
            options: DefaultAzureCredentialOptions(excludeAzureCliCredential: true)
        )
        #expect(F.message(credential.configurationError).contains("every credential is excluded"))
    }

    @Test("the chain caches: concurrent and repeated calls run the CLI once")
    func cachesTheChain() async throws {
        let az = try StandIn("""
        echo run >> "$(dirname "$0")/runs"
        cat <<'JSON'
        {"accessToken": "cached-cli-token", "expires_on": 1893456000, "tokenType": "Bearer"}
        JSON
        """)
        defer { az.remove() }
        var environment = az.environment
        environment["AZURE_TOKEN_CREDENTIALS"] = "dev"
        let credential = DefaultAzureCredential(environment: environment, options: F.patient)
        let tokens = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<20 { group.addTask { try await credential.token(for: TokenRequest(scopes: [F.scope])).token.revealed() } }
            return try await group.reduce(into: [String]()) { $0.append($1) }
        }
        #expect(tokens == Array(repeating: "cached-cli-token", count: 20))
        let runs = try String(contentsOf: az.directory.appendingPathComponent("runs"), encoding: .utf8)
        #expect(runs == "run\n")
    }
}
