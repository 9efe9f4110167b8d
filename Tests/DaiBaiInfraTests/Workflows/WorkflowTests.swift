import Foundation
import Testing
import Yams

/// What the GitHub workflows must do, beyond being valid against the workflow schema (that is
/// `scripts/check-workflows`, run by `scripts/test`): test with the README's command, package
/// the Functions app, and reach Azure only through OIDC federated credentials.
@Suite("GitHub workflows")
struct WorkflowTests {
    static let folder = InfraTemplates.root.appendingPathComponent(".github/workflows")

    struct Workflow {
        var name: String
        var text: String
        var document: [String: Any]

        var jobs: [String: [String: Any]] {
            ((document["jobs"] as? [String: Any]) ?? [:]).compactMapValues { $0 as? [String: Any] }
        }

        func steps(_ job: [String: Any]) -> [[String: Any]] { (job["steps"] as? [Any] ?? []).compactMap { $0 as? [String: Any] } }

        /// The `on:` triggers.
        var triggers: [String: Any] { (document["on"] as? [String: Any]) ?? [:] }
    }

    static func workflows() throws -> [String: Workflow] {
        var found: [String: Workflow] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name.hasSuffix(".yml") || name.hasSuffix(".yaml") {
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            // The basic resolver reads every scalar as a string: `on` stays a key (YAML 1.1 would make it true).
            let document = (try Yams.load(yaml: text, .basic) as? [String: Any]) ?? [:]
            found[name] = Workflow(name: name, text: text, document: document)
        }
        return found
    }

    @Test func ciRunsTheReadmeTestCommand() throws {
        let workflows = try Self.workflows()
        let ci = try #require(workflows["ci.yml"], "no .github/workflows/ci.yml")
        let readme = try String(contentsOf: InfraTemplates.root.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme.contains("scripts/test"))
        let runs = ci.jobs.values.flatMap { ci.steps($0) }.compactMap { $0["run"] as? String }
        #expect(runs.contains { $0.contains("scripts/test") }, "ci.yml does not run scripts/test: \(runs)")
        #expect(ci.triggers["pull_request"] != nil || ci.text.contains("pull_request"))
    }

    @Test func deployPackagesTheFunctionsAppAndPublishesIt() throws {
        let deploy = try #require(try Self.workflows()["deploy.yml"], "no .github/workflows/deploy.yml")
        let steps = deploy.jobs.values.flatMap { deploy.steps($0) }
        #expect(steps.contains { ($0["run"] as? String)?.contains("scripts/package-functions") == true })
        #expect(steps.contains { ($0["uses"] as? String)?.lowercased().hasPrefix("azure/functions-action@") == true })
        #expect(steps.contains { ($0["uses"] as? String)?.lowercased().hasPrefix("azure/static-web-apps-deploy@") == true })
        #expect(steps.contains { ($0["run"] as? String)?.contains("infra/main.bicep") == true })
    }

    @Test func pullRequestsGetAWhatIf() throws {
        let infra = try #require(try Self.workflows()["infra.yml"], "no .github/workflows/infra.yml")
        #expect(infra.triggers["pull_request"] != nil)
        let runs = infra.jobs.values.flatMap { infra.steps($0) }.compactMap { $0["run"] as? String }
        #expect(runs.contains { $0.contains("az deployment group what-if") })
    }

    /// OIDC only: every azure/login takes its ids from variables, never a secret; every job that
    /// signs in may request an ID token; no stored secret is used except the job's GITHUB_TOKEN.
    @Test func azureIsReachedOnlyThroughFederatedCredentials() throws {
        let workflows = try Self.workflows()
        #expect(!workflows.isEmpty)
        var logins = 0
        for workflow in workflows.values {
            let topLevel = workflow.document["permissions"] as? [String: Any]
            for (jobName, job) in workflow.jobs {
                for step in workflow.steps(job) where (step["uses"] as? String)?.lowercased().hasPrefix("azure/login@") == true {
                    logins += 1
                    let with = (step["with"] as? [String: Any]) ?? [:]
                    for key in ["client-id", "tenant-id", "subscription-id"] {
                        #expect((with[key] as? String)?.contains("vars.") == true, "\(workflow.name) \(jobName): \(key) is not from vars")
                    }
                    #expect(with["creds"] == nil && with["client-secret"] == nil, "\(workflow.name) \(jobName): a stored credential")
                    let permissions = (job["permissions"] as? [String: Any]) ?? topLevel
                    #expect(permissions?["id-token"] as? String == "write", "\(workflow.name) \(jobName): no id-token: write")
                }
            }
            let secrets = workflow.text.components(separatedBy: "secrets.").dropFirst().map { $0.prefix { $0.isLetter || $0.isNumber || $0 == "_" } }
            #expect(secrets.allSatisfy { $0 == "GITHUB_TOKEN" }, "\(workflow.name) uses stored secrets: \(secrets)")
        }
        #expect(logins >= 3)
    }
}
