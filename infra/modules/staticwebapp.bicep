// The Static Web App that serves web/ (the front end). It is deployed from GitHub Actions
// with a deployment token read at run time (`az staticwebapp secrets list` after OIDC
// login); the template connects no repository and stores no token.

@description('The Static Web App name.')
param name string

@description('A region Static Web Apps is offered in (its content is served from a global edge network).')
@allowed(['centralus', 'eastus2', 'eastasia', 'westeurope', 'westus2'])
param location string

@description('The tags of every resource.')
param tags object

@description('Free, or Standard (custom authentication, SLA, bring-your-own Functions).')
@allowed(['Free', 'Standard'])
param sku string = 'Free'

resource staticSite 'Microsoft.Web/staticSites@2024-04-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: sku
    tier: sku
  }
  properties: {
    allowConfigFileUpdates: true
  }
}

@description('The Static Web App name.')
output name string = staticSite.name

@description('The default host name, for example <words>.azurestaticapps.net.')
output defaultHostname string = staticSite.properties.defaultHostname
