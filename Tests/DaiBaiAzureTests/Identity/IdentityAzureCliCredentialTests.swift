import DaiBaiAzure
import DaiBaiCore
import DaiBaiTestSupport
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs against stand-in `az` shell scripts placed in a temporary directory on `PATH`.
@Suite("Identity: AzureCliCredential")
struct IdentityAzureCliCredentialTests {
    typealias F = IdentityFixtures

    /// A temporary directory holding an executable `az` with `body` (a POSIX shell script).
    struct StandIn {
        let directory: URL
        var environment: [String: String] { ["PATH": "\(directory.path):/usr/bin:/bin", "TZ": "UTC", "HOME": directory.path] }
        var argumentsFile: URL { directory.appendingPathComponent("args") }

        init(_ body: String) throws {
            directory = try F.temporaryDirectory()
            let script = directory.appendingPathComponent("az")
            try ("#!/bin/sh\nprintf '%s\\n' \"$@\" > \"$(dirname \"$0\")/args\"\n" + body).write(to: script, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        }

        var recordedArguments: [String] {
            ((try? String(contentsOf: argumentsFile, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
        }

        func remove() { try? FileManager.default.removeItem(at: directory) }
    }

    @Test("newer CLIs: reads accessToken and expires_on (unix seconds) and passes resource and tenant")
    func expiresOnUnix() async throws {
        // shape: Azure CLI `az account get-access-token` output, CLI 2.54 and later (expires_on added).
        let az = try StandIn("""
        cat <<'JSON'
        {
          "accessToken": "cli-token-unix",
          "expiresOn": "2026-11-28 03:00:00.000000",
          "expires_on": 1795000000,
          "subscription": "00000000-0000-0000-0000-000000000001",
          "tenant": "\(F.tenant)",
          "tokenType": "Bearer"
        }
        JSON
        """)
        defer { az.remove() }
        let credential = AzureCliCredential(tenantID: F.tenant, timeout: TestPatience.generous, environment: az.environment)
        let token = try await credential.token(for: TokenRequest(scopes: [F.scope]))
        #expect(token.token.revealed() == "cli-token-unix")
        #expect(token.expiresOn == Date(timeIntervalSince1970: 1_795_000_000))
        #expect(az.recordedArguments == [
            "account", "get-access-token", "--output", "json", "--resource", "https://vault.azure.net", "--tenant", F.tenant,
        ])
    }

    @Test("older CLIs: reads expiresOn as local time of the CLI's time zone")
    func expiresOnLocal() async throws {
        // shape: Azure CLI `az account get-access-token` output before 2.54 (expiresOn only, local time).
        let az = try StandIn("""
        cat <<'JSON'
        {"accessToken": "cli-token-local", "expiresOn": "2030-01-01 09:00:00.000000", "subscription": "s", "tenant": "t", "tokenType": "Bearer"}
        JSON
        """)
        defer { az.remove() }
        var environment = az.environment
        environment["TZ"] = "Asia/Tokyo"
        let credential = AzureCliCredential(timeout: TestPatience.generous, environment: environment)
        let token = try await credential.token(for: TokenRequest(scopes: [F.scope]))
        #expect(token.token.revealed() == "cli-token-local")
        // 2030-01-01 09:00 in Tokyo (UTC+9) is 2030-01-01 00:00 UTC.
        #expect(token.expiresOn == Date(timeIntervalSince1970: 1_893_456_000))
        #expect(!az.recordedArguments.contains("--tenant"))
    }

    @Test("'Please run az login' is unavailable with a message saying to run az login")
    func notLoggedIn() async throws {
        let az = try StandIn("""
        echo "ERROR: Please run 'az login' to setup account." >&2
        exit 1
        """)
        defer { az.remove() }
        let (name, reason) = try #require(await F.unavailability(of: AzureCliCredential(timeout: TestPatience.generous, environment: az.environment)))
        #expect(name == "AzureCliCredential")
        #expect(reason.contains("run 'az login'"))
    }

    @Test("no az on the PATH is unavailable with a message saying to install the Azure CLI")
    func notInstalled() async throws {
        let directory = try F.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let reason = try #require(await F.unavailability(of: AzureCliCredential(timeout: TestPatience.generous, environment: ["PATH": directory.path]))).reason
        #expect(reason.contains("install it"))
        #expect(reason.contains("az login"))
    }

    @Test("other failures are authenticationFailed and never echo a token")
    func otherFailure() async throws {
        let az = try StandIn("""
        echo "ERROR: AADSTS70043: The refresh token has expired. leaked eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJ4In0.c2lnbmF0dXJl" >&2
        exit 1
        """)
        defer { az.remove() }
        let error = await #expect(throws: CredentialError.self) {
            _ = try await AzureCliCredential(timeout: TestPatience.generous, environment: az.environment).token(for: TokenRequest(scopes: [F.scope]))
        }
        guard case .authenticationFailed(_, let reason) = try #require(error) else {
            Issue.record("expected authenticationFailed, got \(String(describing: error))")
            return
        }
        #expect(reason.contains("AADSTS70043"))
        #expect(!reason.contains("eyJ0eXAiOiJKV1Qi"))
    }

    /// A stand-in `az` that never answers: it writes its pid, then waits forever (as `tail -f`,
    /// whose command line still names the stand-in's directory, so it can be found in /proc).
    static func hangingCLI() throws -> StandIn {
        try StandIn("echo $$ > \"$(dirname \"$0\")/pid\"\nexec tail -f /dev/null \"$(dirname \"$0\")/args\"\n")
    }

    @Test("a CLI that runs past the timeout is killed and reported unavailable")
    func timeout() async throws {
        let az = try Self.hangingCLI()
        defer { az.remove() }
        // The stand-in never answers, so only the timeout can end the wait.
        let credential = AzureCliCredential(timeout: TestPatience.short, environment: az.environment)
        let reason = try #require(await F.unavailability(of: credential)).reason
        #expect(reason.contains("did not answer within"))
        // Killed, whether or not the busy machine let it get as far as writing its pid.
        #expect(await Self.gone(az))
    }

    @Test("cancelling the task kills the CLI")
    func cancellation() async throws {
        let az = try Self.hangingCLI()
        defer { az.remove() }
        let credential = AzureCliCredential(timeout: TestPatience.generous, environment: az.environment)
        let task = Task { try await credential.token(for: TokenRequest(scopes: [F.scope])) }
        let pidFile = az.directory.appendingPathComponent("pid")
        let started = await waitUntil { ((try? String(contentsOf: pidFile, encoding: .utf8)) ?? "").hasSuffix("\n") }
        #expect(started, "the stand-in CLI never started")
        task.cancel()
        let result = await task.result
        #expect(throws: CredentialError.self) { try result.get() }
        #expect(await Self.gone(az))
    }

    /// Whether no process runs the stand-in any more (waits, as a safety net, for the kill to land).
    static func gone(_ az: StandIn) async -> Bool {
        await waitUntil { !runningProcessCommandLines().contains { $0.contains(az.directory.path) } }
    }

    /// The command lines of the live processes (zombies have none), from /proc.
    static func runningProcessCommandLines() -> [String] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.filter { Int32($0) != nil }.compactMap { pid in
            guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline"), !data.isEmpty else { return nil }
            return String(decoding: data.map { $0 == 0 ? UInt8(ascii: " ") : $0 }, as: UTF8.self)
        }
    }
}
