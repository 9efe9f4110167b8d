import DaiBaiAzure
import DaiBaiCore
import DaiBaiTestSupport
import Foundation
import Synchronization
import Testing

/// A clock the tests move by hand.
final class IdentityTestClock: Sendable {
    private let current: Mutex<Date>

    init(_ start: Date = Date(timeIntervalSince1970: 1_700_000_000)) { current = Mutex(start) }

    var now: Date { current.withLock { $0 } }

    /// A closure to inject as a credential's `now`.
    var function: @Sendable () -> Date { { self.now } }

    func advance(by seconds: TimeInterval) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
}

/// Counts things on the fake server's side.
final class IdentityCounter: Sendable {
    private let value = Mutex(0)
    var count: Int { value.withLock { $0 } }
    @discardableResult func increment() -> Int { value.withLock { $0 += 1; return $0 } }
}

/// Fixtures and helpers shared by the identity suites.
enum IdentityFixtures {
    static let tenant = "72f988bf-86f1-41af-91ab-2d7cd011db47"
    static let clientID = "6731de76-14a6-49ae-97bc-6eba6914391e"
    static let scope = "https://vault.azure.net/.default"

    /// The credential's answer to a token request for ``scope`` when it is expected to be
    /// unavailable: its name and reason, or `nil` (with an issue recorded) when it gave a token
    /// or failed otherwise.
    static func unavailability(
        of credential: some TokenCredential,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async -> (name: String, reason: String)? {
        do {
            _ = try await credential.token(for: TokenRequest(scopes: [scope]))
            Issue.record("expected the credential to be unavailable, it gave a token", sourceLocation: sourceLocation)
        } catch .unavailable(let name, let reason) {
            return (name, reason)
        } catch {
            Issue.record("expected unavailable, got \(error)", sourceLocation: sourceLocation)
        }
        return nil
    }

    /// A successful token endpoint answer (shape: Microsoft identity platform "client credentials
    /// flow", successful response: token_type, expires_in, ext_expires_in, access_token; refresh_in optional).
    static func tokenResponse(_ token: String, expiresIn: Int = 3599, refreshIn: Int? = nil) -> LoopbackHTTPServer.Response {
        var body = #"{"token_type":"Bearer","expires_in":\#(expiresIn),"ext_expires_in":\#(expiresIn),"access_token":"\#(token)""#
        if let refreshIn { body += #","refresh_in":\#(refreshIn)"# }
        body += "}"
        return .text(200, body, headers: ["Content-Type": "application/json; charset=utf-8"])
    }

    /// An AAD error answer (shape: Microsoft identity platform "client credentials flow", error
    /// response: error, error_description with the AADSTS code, error_codes, timestamp, trace_id,
    /// correlation_id, error_uri).
    static func aadError(status: Int = 401) -> LoopbackHTTPServer.Response {
        let body = #"""
        {"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '6731de76-14a6-49ae-97bc-6eba6914391e'.\r\nTrace ID: 0f1c8a7e-5b2d-4a36-9d61-3c4e2b7a1800\r\nCorrelation ID: 9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d\r\nTimestamp: 2026-11-28 01:00:00Z","error_codes":[7000215],"timestamp":"2026-11-28 01:00:00Z","trace_id":"0f1c8a7e-5b2d-4a36-9d61-3c4e2b7a1800","correlation_id":"9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d","error_uri":"https://login.microsoftonline.com/error?code=7000215"}
        """#
        return .text(status, body, headers: ["Content-Type": "application/json; charset=utf-8"])
    }

    /// The fields of an `application/x-www-form-urlencoded` body.
    static func form(_ request: LoopbackHTTPServer.Request) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in request.bodyText.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            guard let name = parts.first?.removingPercentEncoding else { continue }
            fields[name] = (parts.count > 1 ? parts[1] : "").removingPercentEncoding
        }
        return fields
    }

    /// The names of the form fields, in order.
    static func formNames(_ request: LoopbackHTTPServer.Request) -> [String] {
        request.bodyText.split(separator: "&").compactMap { $0.split(separator: "=").first.map(String.init) }
    }

    /// A fresh temporary directory.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("daibai-identity-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Options for a ``DefaultAzureCredential`` under test: every timeout generous, so only what
    /// the test sets up (a refusal, an error answer) decides the outcome, however busy the machine.
    static var patient: DefaultAzureCredentialOptions {
        DefaultAzureCredentialOptions(
            cliTimeout: TestPatience.generous,
            managedIdentityProbeTimeout: TestPatience.generous,
            requestTimeout: TestPatience.generous
        )
    }

    /// The message of a credential error, or "" for another error.
    static func message(_ error: CredentialError?) -> String { error.map { "\($0)" } ?? "" }
}
