import DaiBaiCore
import DaiBaiSignIn
import DaiBaiTestSupport
import Foundation
import Testing

@Suite("Sign-in configuration: defaults, Entra External ID and B2C URLs, validation")
struct ConfigurationTests {
    @Test("Defaults: metadata at {issuer}/.well-known/openid-configuration, tid/oid, 60 s skew, 5 min refetch interval")
    func defaults() throws {
        let configuration = try SignInConfiguration(issuer: "https://login.example.com/t/v2.0/", audience: "client")
        #expect(configuration.metadataURL == "https://login.example.com/t/v2.0/.well-known/openid-configuration")
        #expect(configuration.claimMapping == SignInClaimMapping(tenant: .claim("tid"), userClaims: ["oid"]))
        #expect(configuration.clockSkew == .seconds(60))
        #expect(configuration.jwksMinimumRefetchInterval == .seconds(300))
        #expect(configuration.jwksMaximumAge == .seconds(86_400))
    }

    @Test("Entra External ID: issuer https://{tid}.ciamlogin.com/{tid}/v2.0, metadata on the tenant subdomain")
    func entraExternalID() throws {
        let tid = "4f5c9a2e-1d3b-4e6f-8a7c-2b1d0e9f8a76"
        let configuration = try SignInConfiguration.entraExternalID(tenantID: tid, clientID: "api-client", tenantSubdomain: "contoso")
        #expect(configuration.issuer == "https://\(tid).ciamlogin.com/\(tid)/v2.0")
        #expect(configuration.metadataURL == "https://contoso.ciamlogin.com/\(tid)/v2.0/.well-known/openid-configuration")
        #expect(configuration.audience == "api-client")
        let bySubdomainDefault = try SignInConfiguration.entraExternalID(tenantID: tid, clientID: "api-client")
        #expect(bySubdomainDefault.metadataURL == "https://\(tid).ciamlogin.com/\(tid)/v2.0/.well-known/openid-configuration")
    }

    @Test("Azure AD B2C: the policy's metadata URL and the tenant-id issuer")
    func azureADB2C() throws {
        let tid = "4f5c9a2e-1d3b-4e6f-8a7c-2b1d0e9f8a76"
        let configuration = try SignInConfiguration.azureADB2C(
            tenantName: "contoso", tenantID: tid, policy: "B2C_1_signupsignin", clientID: "client",
            claimMapping: SignInClaimMapping(tenant: .fixed(try TenantID(validating: "contoso")), userClaims: ["oid", "sub"]))
        #expect(configuration.metadataURL == "https://contoso.b2clogin.com/contoso.onmicrosoft.com/B2C_1_signupsignin/v2.0/.well-known/openid-configuration")
        #expect(configuration.issuer == "https://contoso.b2clogin.com/\(tid)/v2.0/")
        #expect(throws: SignInConfigurationError.invalidURLPart(name: "policy")) {
            try SignInConfiguration.azureADB2C(tenantName: "contoso", tenantID: tid, policy: "B2C_1/../x", clientID: "c", claimMapping: .entra)
        }
    }

    @Test("Bad values are refused at creation with a typed error")
    func validation() throws {
        #expect(throws: SignInConfigurationError.invalidIssuer("http://login.example.com/t/v2.0")) {
            try SignInConfiguration(issuer: "http://login.example.com/t/v2.0", audience: "client")
        }
        #expect(throws: SignInConfigurationError.invalidIssuer("")) { try SignInConfiguration(issuer: "", audience: "client") }
        #expect(throws: SignInConfigurationError.emptyAudience) {
            try SignInConfiguration(issuer: "https://login.example.com/t/v2.0", audience: " ")
        }
        #expect(throws: SignInConfigurationError.invalidMetadataURL("ftp://login.example.com/meta")) {
            try SignInConfiguration(issuer: "https://login.example.com/t/v2.0", audience: "c", metadataURL: "ftp://login.example.com/meta")
        }
        #expect(throws: SignInConfigurationError.invalidDuration(setting: "clockSkew", reason: "use 0 to 300 seconds")) {
            try SignInConfiguration(issuer: "https://login.example.com/t/v2.0", audience: "c", clockSkew: .seconds(3600))
        }
        #expect(throws: SignInConfigurationError.self) {
            try SignInConfiguration(issuer: "https://login.example.com/t/v2.0", audience: "c", claimMapping: SignInClaimMapping(userClaims: []))
        }
        #expect(throws: SignInConfigurationError.self) {
            try SignInConfiguration(issuer: "https://login.example.com/t/v2.0", audience: "c", claimMapping: SignInClaimMapping(tenant: .claim("")))
        }
        // Plain http is for loopback only.
        let local = try SignInConfiguration(issuer: "http://127.0.0.1:8080/t/v2.0", audience: "c")
        #expect(local.metadataURL == "http://127.0.0.1:8080/t/v2.0/.well-known/openid-configuration")
        #expect(SignInConfigurationError.emptyAudience.description.contains("client"))
    }
}
