// Azure RBAC role assignments of the app's user-assigned identity, each scoped to the one
// resource it needs (never the resource group or the subscription). Only data-plane roles:
// no Owner, Contributor or User Access Administrator. The role ids are the built-in role
// definition GUIDs listed in Microsoft's "Azure built-in roles" reference. The Cosmos DB
// data-plane assignment is in cosmos.bicep (Cosmos DB has its own role system).

@description('The principal (object) id of the app managed identity.')
param principalId string

@description('The Key Vault name.')
param keyVaultName string

@description('The App Configuration store name.')
param appConfigurationName string

@description('The Azure Relay namespace name.')
param relayNamespaceName string

@description('The hybrid connection name.')
param hybridConnectionName string

@description('The storage account of the Functions host and deployment package.')
param storageAccountName string

@description('The Application Insights component name.')
param appInsightsName string

@description('The Entra principal (object) id of the on-premises relay agent, which gets Azure Relay Listener on the hybrid connection; empty assigns no listener (the app identity only sends).')
param relayAgentPrincipalId string = ''

// Key Vault Secrets Officer: read LLM keys and user-key-kek, and write and delete tenants'
// db-<name>-connection secrets (PUT and DELETE /v1/databases/{name}); Secrets User only reads.
var keyVaultSecretsOfficerRoleId = 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7'
// Key Vault Crypto User: wrap/unwrap with a Key Vault key (bring-your-own-key KEK).
var keyVaultCryptoUserRoleId = '12338af0-0e69-4776-bea7-57ae8d297424'
// App Configuration Data Reader: read key-values.
var appConfigurationDataReaderRoleId = '516239f1-63e1-4d78-a4de-a74fb236a071'
// Azure Relay Sender (the app) and Azure Relay Listener (the on-premises agent) on the hybrid connection.
var relayListenerRoleId = '26e0b698-aa6d-4085-9386-aadae190014d'
var relaySenderRoleId = '26baccc8-eea7-41f1-98f4-1762cc7f685d'
// Storage Blob Data Owner: the Functions host (AzureWebJobsStorage) and the deployment package.
var storageBlobDataOwnerRoleId = 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
// Monitoring Metrics Publisher: Entra-authenticated Application Insights ingestion.
var monitoringMetricsPublisherRoleId = '3913510d-42f4-4e42-8a64-420c390055eb'

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: keyVaultName
}

resource store 'Microsoft.AppConfiguration/configurationStores@2023-03-01' existing = {
  name: appConfigurationName
}

resource relayNamespace 'Microsoft.Relay/namespaces@2021-11-01' existing = {
  name: relayNamespaceName
}

resource hybridConnection 'Microsoft.Relay/namespaces/hybridConnections@2021-11-01' existing = {
  parent: relayNamespace
  name: hybridConnectionName
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

resource keyVaultSecretsOfficer 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, principalId, keyVaultSecretsOfficerRoleId)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsOfficerRoleId)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

resource keyVaultCryptoUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, principalId, keyVaultCryptoUserRoleId)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultCryptoUserRoleId)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

resource appConfigurationDataReader 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(store.id, principalId, appConfigurationDataReaderRoleId)
  scope: store
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', appConfigurationDataReaderRoleId)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

resource relayListener 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(relayAgentPrincipalId)) {
  name: guid(hybridConnection.id, relayAgentPrincipalId, relayListenerRoleId)
  scope: hybridConnection
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', relayListenerRoleId)
    principalId: relayAgentPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource relaySender 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(hybridConnection.id, principalId, relaySenderRoleId)
  scope: hybridConnection
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', relaySenderRoleId)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

resource storageBlobDataOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, principalId, storageBlobDataOwnerRoleId)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageBlobDataOwnerRoleId)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

resource monitoringMetricsPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(appInsights.id, principalId, monitoringMetricsPublisherRoleId)
  scope: appInsights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', monitoringMetricsPublisherRoleId)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

@description('The role definition GUIDs this module assigns (the deployer may assign exactly these; Docs/Deployment.md).')
output assignedRoleIds array = [
  keyVaultSecretsOfficerRoleId
  keyVaultCryptoUserRoleId
  appConfigurationDataReaderRoleId
  relayListenerRoleId
  relaySenderRoleId
  storageBlobDataOwnerRoleId
  monitoringMetricsPublisherRoleId
]
