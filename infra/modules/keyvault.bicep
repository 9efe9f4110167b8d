// The Key Vault of the deployment's secrets: LLM provider keys, user-key-kek (the
// bring-your-own-key vault's key-encryption key) and tenants' db-<name>-connection strings.
// Access is Azure RBAC only (no access policies); the app identity holds Key Vault Secrets
// User and Key Vault Crypto User (roles.bicep). No secret is created here: operators put them
// in with `az keyvault secret set` (Docs/Deployment.md).

@description('The vault name (3-24 letters, digits and hyphens, globally unique).')
@minLength(3)
@maxLength(24)
param name string

@description('The region.')
param location string

@description('The tags of every resource.')
param tags object

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
    publicNetworkAccess: 'Enabled'
  }
}

@description('The vault name.')
output name string = vault.name

@description('The vault URI, for example https://<name>.vault.azure.net/ (KEY_VAULT_URL).')
output vaultUri string = vault.properties.vaultUri
