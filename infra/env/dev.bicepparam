// Development environment. Deploy with:
//   az deployment group create -g <dev resource group> \
//     --template-file infra/main.bicep --parameters infra/env/dev.bicepparam
//
// PLACEHOLDERS: replace the sign-in tenant values (your Entra External ID tenant's issuer and
// the DaiBai API app registration's client id) and the publisher e-mail before the first deployment.
// This file holds no secret and must never hold one.
using '../main.bicep'

param environmentName = 'dev'
param namePrefix = 'daibai'

// PLACEHOLDER: Entra External ID issues tokens as https://<tenant-guid>.ciamlogin.com/<tenant-guid>/v2.0
param signInIssuer = 'https://00000000-0000-0000-0000-000000000000.ciamlogin.com/00000000-0000-0000-0000-000000000000/v2.0'
// PLACEHOLDER: its discovery document lives under the tenant subdomain (contoso here).
param signInMetadataUrl = 'https://contoso.ciamlogin.com/00000000-0000-0000-0000-000000000000/v2.0/.well-known/openid-configuration'
// PLACEHOLDER: the DaiBai API app registration's client (application) id, the aud of its tokens.
param signInAudience = '00000000-0000-0000-0000-000000000000'

param keyVaultLayout = 'per-tenant'
param functionMaximumInstanceCount = 40
param appConfigurationSku = 'Free'
param staticWebAppSku = 'Free'
param staticWebAppLocation = 'westeurope'

// PLACEHOLDER: the mailbox API Management sends notifications to.
param apimPublisherEmail = 'daibai-ops@contoso.com'
param apimPublisherName = 'DaiBai (dev)'
