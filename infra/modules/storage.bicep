// The storage account of the Functions host (AzureWebJobsStorage: timer leases, host keys)
// and of the Flex Consumption deployment package. Shared-key access is off, so only
// Microsoft Entra identities with a data role (Storage Blob Data Owner, roles.bicep) reach it.

@description('The storage account name (3-24 lowercase letters and digits).')
@minLength(3)
@maxLength(24)
param name string

@description('The region.')
param location string

@description('The tags of every resource.')
param tags object

@description('The blob container that holds the Functions deployment package.')
param deploymentContainerName string = 'app-package'

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: deploymentContainerName
  properties: {
    publicAccess: 'None'
  }
}

@description('The storage account name.')
output name string = storage.name

@description('The blob endpoint, for example https://<name>.blob.core.windows.net/.')
output blobEndpoint string = storage.properties.primaryEndpoints.blob

@description('The deployment package container name.')
output deploymentContainerName string = deploymentContainer.name
