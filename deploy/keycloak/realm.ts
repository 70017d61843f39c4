// The municipality's Keycloak realm for the facade, as code typed against Keycloak's own
// RealmRepresentation (@keycloak/keycloak-admin-client, development only). `npm run keycloak:realm`
// writes deploy/keycloak/gemeente-realm.json for `kc.sh import --file gemeente-realm.json`;
// test/keycloak-realm.test.ts checks that the file is current and that the realm issues the claims
// the facade's keycloak profile reads (README, "Keycloak and Microsoft Entra ID in production").
import type RealmRepresentation from '@keycloak/keycloak-admin-client/lib/defs/realmRepresentation.js';
import type ClientRepresentation from '@keycloak/keycloak-admin-client/lib/defs/clientRepresentation.js';

/** The facade's audience (AUTH_AUDIENCE): every calling client gets it through the `facade` client scope. */
export const FACADE_AUDIENCE = 'urn:nl:facade:api';
/** The realm roles of rules/policy.yaml (roles → purposes). */
export const REALM_ROLES = ['burgerzaken', 'wmo-consulent', 'wmo-woonhistorie', 'parkeren', 'wmo-en-parkeren', 'privacy-officer'];

const facadeScope = {
  name: 'facade',
  description: 'Calls of the BRP/Edu-V facade: its audience and the realm roles at `realm_access.roles`.',
  protocol: 'openid-connect',
  attributes: { 'include.in.token.scope': 'true' },
  protocolMappers: [
    {
      name: 'facade audience',
      protocol: 'openid-connect',
      protocolMapper: 'oidc-audience-mapper',
      config: { 'included.custom.audience': FACADE_AUDIENCE, 'access.token.claim': 'true', 'id.token.claim': 'false' },
    },
  ],
};

const client = (clientId: string, extra: ClientRepresentation): ClientRepresentation => ({
  clientId,
  protocol: 'openid-connect',
  enabled: true,
  publicClient: false,
  // No `act` mapper: a hard-coded `act` would sit on the client's own service-account tokens too.
  defaultClientScopes: ['facade', 'roles', 'acr', 'basic'],
  ...extra,
});

export const realm: RealmRepresentation = {
  realm: 'gemeente',
  enabled: true,
  sslRequired: 'external',
  accessTokenLifespan: 300,
  roles: { realm: REALM_ROLES.map((name) => ({ name, description: `Purposes of role ${name} in rules/policy.yaml` })) },
  groups: [
    { name: 'Burgerzaken', realmRoles: ['burgerzaken'] },
    { name: 'Wmo', realmRoles: ['wmo-consulent'] },
    { name: 'Wmo woonhistorie', realmRoles: ['wmo-woonhistorie'] },
    { name: 'Parkeren', realmRoles: ['parkeren'] },
    { name: 'Loket', realmRoles: ['wmo-en-parkeren'] },
    // The privacy officer reads the protocol (purpose protocoltoezicht); give the role to few.
    { name: 'Privacy', realmRoles: ['privacy-officer'] },
  ],
  clientScopes: [facadeScope],
  clients: [
    client('procesapp', { description: 'Municipal process application: employees sign in (authorisation code).', standardFlowEnabled: true, redirectUris: ['https://procesapp.gemeente.example/*'] }),
    client('saas-zaaksysteem', {
      description: 'SaaS case system: employees sign in to it, or it exchanges their token (standard token exchange); its service account gets no personal data.',
      standardFlowEnabled: true,
      serviceAccountsEnabled: true,
      redirectUris: ['https://zaken.leverancier.example/*'],
      attributes: { 'standard.token.exchange.enabled': 'true' },
    }),
    client('eduv-beheer', { description: 'Edu-V activation management (applicatiebeheerder at eIDAS substantial or high).', standardFlowEnabled: true, redirectUris: ['https://beheer.leverancier.example/*'] }),
  ],
  attributes: {
    // ACR to LoA: the levels the Edu-V applicatiebeheerder rule accepts.
    'acr.loa.map': JSON.stringify({ 'http://eidas.europa.eu/LoA/substantial': 2, 'http://eidas.europa.eu/LoA/high': 3 }),
  },
};
