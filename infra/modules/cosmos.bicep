// Cosmos DB for NoSQL, serverless, Microsoft Entra only (disableLocalAuth: no account keys).
// The database and its four containers are created here because the app identity holds
// only Cosmos DB Built-in Data Contributor, which reads and writes items but cannot create
// databases or containers. Every container is partitioned by /tenantId and indexed as
// DaiBaiAzure's Cosmos stores provision their own (CosmosStoreContainer.indexingPolicy,
// CosmosAuditLog.indexingPolicy, CosmosWrappedKeyStore.indexingPolicy): large texts and
// ciphertext are not indexed, and conversations are listed by updatedAtMs DESC,
// conversationId ASC, which needs the composite index.

@description('The account name (3-44 lowercase letters, digits and hyphens).')
@minLength(3)
@maxLength(44)
param accountName string

@description('The region.')
param location string

@description('The tags of every resource.')
param tags object

@description('The SQL database (COSMOS_DATABASE).')
param databaseName string = 'daibai'

@description('The principal (the app managed identity) that gets Cosmos DB Built-in Data Contributor on the account.')
param dataContributorPrincipalId string

// Cosmos DB data-plane built-in role "Cosmos DB Built-in Data Contributor" (a Cosmos DB SQL
// role definition under the account, not an Azure RBAC role).
var cosmosDataContributorRoleId = '00000000-0000-0000-0000-000000000002'

resource account 'Microsoft.DocumentDB/databaseAccounts@2024-11-15' = {
  name: accountName
  location: location
  tags: tags
  kind: 'GlobalDocumentDB'
  properties: {
    databaseAccountOfferType: 'Standard'
    locations: [
      {
        locationName: location
        failoverPriority: 0
        isZoneRedundant: false
      }
    ]
    consistencyPolicy: {
      defaultConsistencyLevel: 'Session'
    }
    capabilities: [
      {
        name: 'EnableServerless'
      }
    ]
    disableLocalAuth: true
    disableKeyBasedMetadataWriteAccess: true
    publicNetworkAccess: 'Enabled'
  }
}

resource database 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases@2024-11-15' = {
  parent: account
  name: databaseName
  tags: tags
  properties: {
    resource: {
      id: databaseName
    }
  }
}

resource chatsContainer 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-11-15' = {
  parent: database
  name: 'chats'
  tags: tags
  properties: {
    resource: {
      id: 'chats'
      partitionKey: {
        paths: ['/tenantId']
        kind: 'Hash'
      }
      indexingPolicy: {
        indexingMode: 'consistent'
        automatic: true
        includedPaths: [
          {
            path: '/*'
          }
        ]
        excludedPaths: [
          {
            path: '/content/?'
          }
          {
            path: '/sql/?'
          }
          {
            path: '/result/*'
          }
          {
            path: '/title/?'
          }
          {
            path: '/summary/?'
          }
          {
            path: '/"_etag"/?'
          }
        ]
        compositeIndexes: [
          [
            {
              path: '/updatedAtMs'
              order: 'descending'
            }
            {
              path: '/conversationId'
              order: 'ascending'
            }
          ]
        ]
      }
    }
  }
}

resource inventoryContainer 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-11-15' = {
  parent: database
  name: 'inventory'
  tags: tags
  properties: {
    resource: {
      id: 'inventory'
      partitionKey: {
        paths: ['/tenantId']
        kind: 'Hash'
      }
      indexingPolicy: {
        indexingMode: 'consistent'
        automatic: true
        includedPaths: [
          {
            path: '/*'
          }
        ]
        excludedPaths: [
          {
            path: '/content/?'
          }
          {
            path: '/sql/?'
          }
          {
            path: '/result/*'
          }
          {
            path: '/title/?'
          }
          {
            path: '/summary/?'
          }
          {
            path: '/"_etag"/?'
          }
        ]
        compositeIndexes: [
          [
            {
              path: '/updatedAtMs'
              order: 'descending'
            }
            {
              path: '/conversationId'
              order: 'ascending'
            }
          ]
        ]
      }
    }
  }
}

resource auditContainer 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-11-15' = {
  parent: database
  name: 'audit'
  tags: tags
  properties: {
    resource: {
      id: 'audit'
      partitionKey: {
        paths: ['/tenantId']
        kind: 'Hash'
      }
      indexingPolicy: {
        indexingMode: 'consistent'
        automatic: true
        includedPaths: [
          {
            path: '/*'
          }
        ]
        excludedPaths: [
          {
            path: '/content/?'
          }
          {
            path: '/sql/?'
          }
          {
            path: '/result/*'
          }
          {
            path: '/title/?'
          }
          {
            path: '/summary/?'
          }
          {
            path: '/question/?'
          }
          {
            path: '/failure/?'
          }
          {
            path: '/"_etag"/?'
          }
        ]
        compositeIndexes: [
          [
            {
              path: '/updatedAtMs'
              order: 'descending'
            }
            {
              path: '/conversationId'
              order: 'ascending'
            }
          ]
        ]
      }
    }
  }
}

resource userKeysContainer 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-11-15' = {
  parent: database
  name: 'userkeys'
  tags: tags
  properties: {
    resource: {
      id: 'userkeys'
      partitionKey: {
        paths: ['/tenantId']
        kind: 'Hash'
      }
      indexingPolicy: {
        indexingMode: 'consistent'
        automatic: true
        includedPaths: [
          {
            path: '/*'
          }
        ]
        excludedPaths: [
          {
            path: '/content/?'
          }
          {
            path: '/sql/?'
          }
          {
            path: '/result/*'
          }
          {
            path: '/title/?'
          }
          {
            path: '/summary/?'
          }
          {
            path: '/sealedKey/?'
          }
          {
            path: '/wrappedDataKey/*'
          }
          {
            path: '/lastFour/?'
          }
          {
            path: '/"_etag"/?'
          }
        ]
        compositeIndexes: [
          [
            {
              path: '/updatedAtMs'
              order: 'descending'
            }
            {
              path: '/conversationId'
              order: 'ascending'
            }
          ]
        ]
      }
    }
  }
}

// The app identity reads and writes items in every container of the account.
resource dataContributorAssignment 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2024-11-15' = {
  parent: account
  name: guid(account.id, dataContributorPrincipalId, cosmosDataContributorRoleId)
  properties: {
    roleDefinitionId: '${account.id}/sqlRoleDefinitions/${cosmosDataContributorRoleId}'
    principalId: dataContributorPrincipalId
    scope: account.id
  }
}

@description('The account name.')
output accountName string = account.name

@description('The document endpoint, for example https://<name>.documents.azure.com:443/ (COSMOS_ENDPOINT).')
output endpoint string = account.properties.documentEndpoint

@description('The SQL database name (COSMOS_DATABASE).')
output databaseName string = database.name

@description('The chat container (COSMOS_CHAT_CONTAINER).')
output chatContainerName string = chatsContainer.name

@description('The inventory container (COSMOS_INVENTORY_CONTAINER).')
output inventoryContainerName string = inventoryContainer.name

@description('The audit log container (CosmosAuditLog).')
output auditContainerName string = auditContainer.name

@description('The wrapped user-key container (COSMOS_USERKEYS_CONTAINER, CosmosWrappedKeyStore).')
output userKeysContainerName string = userKeysContainer.name
