import Foundation
import Testing

/// The structural reader itself, on a small template written here.
@Suite("Bicep structural reader")
struct BicepFileTests {
    static let sample = """
    // A header comment with a URL: https://learn.microsoft.com/azure
    targetScope = 'resourceGroup'

    @description('Where everything goes.')
    param location string = resourceGroup().location

    @secure()
    param adminPassword string

    /* A block comment
       with resource fake 'Not.A/resource@2020-01-01' = {} inside */
    var keyVaultSecretsUserRoleId = '4633458b-17de-408a-b874-0445c86b69e6'
    var endpointWithSlashes = 'https://example.invalid//path' // trailing comment

    resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
      name: 'kv-${uniqueString(resourceGroup().id)}'
      location: location
      properties: {
        enableRbacAuthorization: true
      }
      resource child 'secrets' = {
        name: 'not-a-secret-name'
      }
    }

    resource existingIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' existing = {
      name: 'id'
    }

    module cosmos 'modules/cosmos.bicep' = {
      name: 'cosmos'
      params: { location: location }
    }

    output KEY_VAULT_URL string = vault.properties.vaultUri
    output functionAppName string = 'fn'
    """

    @Test func readsDeclarationsAndSkipsComments() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bicep-\(UUID().uuidString).bicep").path
        try Self.sample.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let file = try BicepFile(path: path)

        #expect(file.params.map(\.name) == ["location", "adminPassword"])
        #expect(file.params.first?.defaultValue == "resourceGroup().location")
        #expect(file.params.last?.isSecure == true)
        #expect(file.params.last?.defaultValue == nil)
        #expect(file.vars["keyVaultSecretsUserRoleId"] == "'4633458b-17de-408a-b874-0445c86b69e6'")
        #expect(file.vars["endpointWithSlashes"] == "'https://example.invalid//path'")
        #expect(file.resources.map(\.symbol) == ["vault", "child", "existingIdentity"])
        #expect(file.resources.first?.type == "Microsoft.KeyVault/vaults")
        #expect(file.resources.first?.apiVersion == "2023-07-01")
        #expect(file.resources.first?.body.contains("enableRbacAuthorization: true") == true)
        #expect(file.resources.first?.body.hasSuffix("}") == true)
        #expect(file.resources.last?.isExisting == true)
        #expect(file.modules.map(\.path) == ["modules/cosmos.bicep"])
        #expect(file.outputs.map(\.name) == ["KEY_VAULT_URL", "functionAppName"])
        #expect(file.outputs.first?.value == "vault.properties.vaultUri")
        #expect(!file.text.contains("Not.A/resource"))
        #expect(file.text.contains("https://example.invalid//path"))
    }
}
