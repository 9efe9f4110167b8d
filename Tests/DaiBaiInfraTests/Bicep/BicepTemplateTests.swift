@testable import DaiBaiAzure
import Foundation
import Testing

/// The Bicep templates under `infra/`, checked structurally: no Bicep compiler or Azure CLI can
/// run here (Docs/Deployment.md says what this does and does not prove).
@Suite("Infrastructure templates")
struct BicepTemplateTests {
    /// The resource types the seed's architecture needs.
    static let requiredTypes: Set<String> = [
        "Microsoft.ManagedIdentity/userAssignedIdentities",
        "Microsoft.OperationalInsights/workspaces",
        "Microsoft.Insights/components",
        "Microsoft.Storage/storageAccounts",
        "Microsoft.KeyVault/vaults",
        "Microsoft.AppConfiguration/configurationStores",
        "Microsoft.DocumentDB/databaseAccounts",
        "Microsoft.DocumentDB/databaseAccounts/sqlDatabases",
        "Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers",
        "Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments",
        "Microsoft.Relay/namespaces",
        "Microsoft.Relay/namespaces/hybridConnections",
        "Microsoft.Web/serverfarms",
        "Microsoft.Web/sites",
        "Microsoft.Web/staticSites",
        "Microsoft.ApiManagement/service",
        "Microsoft.Authorization/roleAssignments",
    ]

    /// Built-in Azure RBAC roles (Microsoft Learn, "Azure built-in roles") the templates assign:
    /// all to the app identity except Azure Relay Listener, which goes to the relay agent's.
    /// Secrets Officer, not Secrets User: the server writes tenants' connection-string secrets.
    static let expectedRoles: [String: String] = [
        "b86a8fe4-44ce-4948-aee5-eccb2c155cd7": "Key Vault Secrets Officer",
        "12338af0-0e69-4776-bea7-57ae8d297424": "Key Vault Crypto User",
        "516239f1-63e1-4d78-a4de-a74fb236a071": "App Configuration Data Reader",
        "26e0b698-aa6d-4085-9386-aadae190014d": "Azure Relay Listener",
        "26baccc8-eea7-41f1-98f4-1762cc7f685d": "Azure Relay Sender",
        "b7e6dc6d-f1e8-4753-8033-0f276bb0955b": "Storage Blob Data Owner",
        "3913510d-42f4-4e42-8a64-420c390055eb": "Monitoring Metrics Publisher",
    ]
    /// Cosmos DB's data-plane "Cosmos DB Built-in Data Contributor" (a SQL role definition of the account).
    static let cosmosDataContributor = "00000000-0000-0000-0000-000000000002"
    /// Owner, Contributor, User Access Administrator: never assigned by the templates.
    static let broadRoles = [
        "8e3af657-a8ff-443c-a75c-2fe8c4bcb635", "b24988ac-6180-42a0-ab88-20f7382dd24c", "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9",
    ]

    @Test func everyModuleExistsAndEveryModuleFileIsUsed() throws {
        let templates = try InfraTemplates()
        var referenced: Set<String> = []
        for (path, file) in templates.files {
            let folder = (path as NSString).deletingLastPathComponent
            for module in file.modules {
                let resolved = ((folder as NSString).appendingPathComponent(module.path) as NSString).standardizingPath
                #expect(templates.files[resolved] != nil, "\(path) uses \(module.path), which does not exist")
                referenced.insert(resolved)
            }
        }
        let moduleFiles = Set(templates.files.keys.filter { $0 != "main.bicep" })
        #expect(moduleFiles.subtracting(referenced).isEmpty, "modules nobody uses: \(moduleFiles.subtracting(referenced).sorted())")
        #expect(templates.main.text.contains("targetScope = 'resourceGroup'"))
    }

    @Test func declaresTheWholeStack() throws {
        let templates = try InfraTemplates()
        let declared = Set(templates.declaredResources.map(\.resource.type))
        let missing = Self.requiredTypes.subtracting(declared)
        #expect(missing.isEmpty, "missing resource types: \(missing.sorted())")
        for (file, resource) in templates.declaredResources {
            #expect(!resource.apiVersion.isEmpty && resource.apiVersion.first?.isNumber == true, "\(file): \(resource.symbol) has no API version")
        }
    }

    @Test func servicesAreConfiguredForEntraOnlyAndServerless() throws {
        let templates = try InfraTemplates()
        func body(_ type: String) -> String { templates.resources(ofType: type).map(\.resource.body).joined(separator: "\n") }
        let vault = body("Microsoft.KeyVault/vaults")
        #expect(vault.contains("enableRbacAuthorization: true"))
        #expect(vault.contains("enablePurgeProtection: true"))
        #expect(vault.contains("enableSoftDelete: true"))
        let cosmos = body("Microsoft.DocumentDB/databaseAccounts")
        #expect(cosmos.contains("name: 'EnableServerless'"))
        #expect(cosmos.contains("disableLocalAuth: true"))
        #expect(body("Microsoft.AppConfiguration/configurationStores").contains("disableLocalAuth: true"))
        let storage = body("Microsoft.Storage/storageAccounts")
        #expect(storage.contains("allowSharedKeyAccess: false"))
        #expect(storage.contains("allowBlobPublicAccess: false"))
        #expect(body("Microsoft.Insights/components").contains("DisableLocalAuth: true"))
        let plan = body("Microsoft.Web/serverfarms")
        #expect(plan.contains("name: 'FC1'") && plan.contains("tier: 'FlexConsumption'"))
        let site = body("Microsoft.Web/sites")
        #expect(site.contains("kind: 'functionapp,linux'"))
        #expect(site.contains("name: 'custom'"), "the runtime must be a custom handler")
        #expect(site.contains("httpsOnly: true"))
        #expect(site.contains("type: 'UserAssigned'"))
        #expect(body("Microsoft.ApiManagement/service").contains("name: 'Consumption'"))
        #expect(body("Microsoft.Relay/namespaces/hybridConnections").contains("requiresClientAuthorization: true"))
    }

    /// The containers the SDK reads and writes, partitioned and indexed as its stores provision them.
    @Test func cosmosContainersMatchTheSDKsStores() throws {
        let templates = try InfraTemplates()
        let containers = templates.resources(ofType: "Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers").map(\.resource)
        func container(_ name: String) -> String? {
            containers.first { quotedNames(in: $0.body).first == name }?.body
        }
        let settings = try AzureSettings(config: DeploymentEnvironment.reader([
            "AZURE_APPCONFIG_ENDPOINT": "https://x.azconfig.io", "KEY_VAULT_URL": "https://x.vault.azure.net",
            "COSMOS_ENDPOINT": "https://x.documents.azure.com:443/",
        ]))
        let expected: [(name: String, extraExcluded: [String])] = [
            (settings.chatContainer, []),
            (settings.inventoryContainer, []),
            (settings.userKeysContainer, CosmosWrappedKeyStore.indexingPolicy.excludedPaths),
            ("audit", CosmosAuditLog.indexingPolicy.excludedPaths),
        ]
        for (name, extra) in expected {
            let body = try #require(container(name), "no Cosmos container '\(name)'")
            #expect(body.contains("paths: ['\(CosmosStoreContainer.partitionKeyPath)']"), "\(name): partition key")
            for path in CosmosStoreContainer.indexingPolicy.excludedPaths + extra {
                #expect(body.contains("path: '\(path)'"), "\(name): \(path) is indexed, the SDK's store excludes it")
            }
            for index in CosmosStoreContainer.indexingPolicy.compositeIndexes.flatMap({ $0 }) {
                #expect(body.contains("path: '\(index.path)'"), "\(name): composite index on \(index.path)")
            }
        }
        #expect(templates.allText.contains("databaseName string = 'daibai'") && settings.cosmosDatabase == "daibai")
    }

    @Test func roleAssignmentsAreLeastPrivilegeAndResourceScoped() throws {
        let templates = try InfraTemplates()
        let roleVariables = templates.roleIDVariables
        var expected = Set(Self.expectedRoles.keys)
        expected.insert(Self.cosmosDataContributor)
        #expect(Set(roleVariables.values) == expected, "role ids: \(roleVariables.sorted { $0.key < $1.key })")
        for guid in Self.broadRoles {
            #expect(!templates.allText.lowercased().contains(guid), "a broad role (\(guid)) is assigned")
        }
        let assignments = templates.resources(ofType: "Microsoft.Authorization/roleAssignments")
        #expect(assignments.count >= Self.expectedRoles.count)
        let assignedVariables = Set(roleVariables.filter { $0.value != Self.cosmosDataContributor }.keys)
        var used: Set<String> = []
        for (file, assignment) in assignments {
            #expect(assignment.body.contains("principalType: 'ServicePrincipal'"), "\(file): \(assignment.symbol)")
            #expect(assignment.body.contains("scope: "), "\(file): \(assignment.symbol) has no resource scope")
            #expect(!assignment.body.contains("scope: resourceGroup()") && !assignment.body.contains("scope: subscription()"))
            #expect(assignment.body.contains("subscriptionResourceId('Microsoft.Authorization/roleDefinitions'"))
            used.formUnion(assignedVariables.filter { assignment.body.contains($0) })
        }
        #expect(used == assignedVariables, "declared but never assigned: \(assignedVariables.subtracting(used).sorted())")
        // The app sends to the hybrid connection; only the on-premises agent's identity listens.
        let listener = assignments.first { $0.resource.body.contains("relayListenerRoleId") }?.resource.body ?? ""
        #expect(listener.contains("principalId: relayAgentPrincipalId"), "Azure Relay Listener must go to the relay agent's identity")
        let sender = assignments.first { $0.resource.body.contains("relaySenderRoleId") }?.resource.body ?? ""
        #expect(sender.contains("principalId: principalId"))
        let cosmosAssignments = templates.resources(ofType: "Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments")
        #expect(cosmosAssignments.contains { $0.resource.body.contains("sqlRoleDefinitions/") })
    }

    @Test func noSecretInAnyTemplateOrParameterFile() throws {
        let templates = try InfraTemplates()
        let text = templates.allText
        for forbidden in ["listKeys(", "listConnectionStrings(", "listSecrets(", "listAccountSas(", "listServiceSas(", "AccountKey=", "SharedAccessKey=", "client_secret", "clientSecret"] {
            #expect(!text.contains(forbidden), "'\(forbidden)' appears in infra/")
        }
        for (path, file) in templates.files {
            for param in file.params where param.isSecure {
                #expect(param.defaultValue == nil, "\(path): @secure() param \(param.name) has a default")
            }
        }
        let secureNames = Set(templates.files.values.flatMap(\.params).filter(\.isSecure).map(\.name))
        #expect(!templates.parameterFiles.isEmpty, "no .bicepparam files")
        for (path, file) in templates.parameterFiles {
            #expect(file.text.contains("using '../main.bicep'"), "\(path) is not for main.bicep")
            for param in file.params {
                #expect(!secureNames.contains(param.name), "\(path) sets the secure param \(param.name)")
            }
            let required = templates.main.params.filter { $0.defaultValue == nil }.map(\.name)
            for name in required {
                #expect(file.params.contains { $0.name == name }, "\(path) does not set the required param \(name)")
            }
        }
    }
}
