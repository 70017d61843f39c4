// The OAuth clients registered at the development IdP. Plain data, like the personas.
//
// Client authentication:
// - `private_key_jwt` for every persona client, as the NL GOV Assurance profile for OAuth 2.0
//   requires: the client signs a short JWT (client assertion) with its private key. The dev
//   keys are derived from a seed (see client-keys.ts), so `npm run token` in another process
//   can authenticate to a running dev IdP.
// - `client_secret_post` only for `dev-local`, for quick local tries with curl. It issues
//   bare client-credentials tokens without roles; no persona uses it.
import { GRANT_TYPE_PERSONA, GRANT_TYPE_TOKEN_EXCHANGE } from './grant-types.ts';

export type DevGrant = 'client_credentials' | typeof GRANT_TYPE_PERSONA | typeof GRANT_TYPE_TOKEN_EXCHANGE;

export interface DevClient {
  clientId: string;
  description: string;
  authMethod: 'private_key_jwt' | 'client_secret_post';
  /** Only for `client_secret_post`. A published development value, never a secret. */
  secret?: string;
  grants: readonly DevGrant[];
  /** Scopes this client may receive; requested scopes outside this list are dropped. */
  scopes: readonly string[];
  /** Claims added to this client's own client-credentials tokens, e.g. its OIN. */
  claims?: Readonly<Record<string, string>>;
}

export const DEV_CLIENTS: readonly DevClient[] = [
  {
    clientId: 'procesapp',
    description: 'Process application of the municipality (WMO, parking, burgerzaken)',
    authMethod: 'private_key_jwt',
    grants: ['client_credentials', GRANT_TYPE_PERSONA],
    scopes: [],
  },
  {
    clientId: 'saas-zaaksysteem',
    description: 'SaaS case system; acts for employees through token exchange',
    authMethod: 'private_key_jwt',
    grants: ['client_credentials', GRANT_TYPE_TOKEN_EXCHANGE],
    scopes: [],
  },
  {
    clientId: 'eduv-beheer',
    description: 'Edu-V administration application (activations)',
    authMethod: 'private_key_jwt',
    grants: [GRANT_TYPE_PERSONA],
    scopes: [],
  },
  // Edu-V receivers of the demo registry (data/eduv/registry-seed.yaml), one per layer case.
  {
    clientId: 'lvs-uitgever',
    description: 'Edu-V receiver Uitgeverij Noordkaap: learning platform (everything activated and agreed)',
    authMethod: 'private_key_jwt',
    grants: ['client_credentials'],
    // As registered in the Edu-V registry; a scope refused there is catalogus-smal's to demonstrate.
    scopes: ['eduv.student.basic', 'eduv.education', 'eduv.catalogue', 'eduv.order', 'eduv.association'],
    claims: { oin: '00000003876543210000' },
  },
  {
    clientId: 'dashboard-inzicht',
    description: 'Edu-V receiver Dashboarddienst Inzicht: students and their results (scores, usage)',
    authMethod: 'private_key_jwt',
    grants: ['client_credentials'],
    scopes: ['eduv.student.basic', 'eduv.result'],
    claims: { oin: '00000003777788880000' },
  },
  {
    clientId: 'toets-pending',
    description: 'Edu-V receiver Toetsbureau Pending (activation waits for confirmation)',
    authMethod: 'private_key_jwt',
    grants: ['client_credentials'],
    scopes: ['eduv.student.basic', 'eduv.education'],
    claims: { oin: '00000003111122220000' },
  },
  {
    clientId: 'oefen-zonder-vo',
    description: 'Edu-V receiver Oefenplatform Zonder Overeenkomst (no processing agreement)',
    authMethod: 'private_key_jwt',
    grants: ['client_credentials'],
    scopes: ['eduv.student.basic'],
    claims: { oin: '00000003333344440000' },
  },
  {
    clientId: 'catalogus-smal',
    description: 'Edu-V receiver Catalogusdienst Smal (registered for the catalogue only)',
    authMethod: 'private_key_jwt',
    grants: ['client_credentials'],
    scopes: ['eduv.catalogue', 'eduv.student.basic'],
    claims: { oin: '00000003555566660000' },
  },
  {
    clientId: 'dev-local',
    description: 'Quick local tries with curl (client_secret_post); no roles, no persona',
    authMethod: 'client_secret_post',
    secret: 'dev-local-secret',
    grants: ['client_credentials'],
    scopes: [],
  },
];

export function findDevClient(clientId: string, clients: readonly DevClient[] = DEV_CLIENTS): DevClient | undefined {
  return clients.find((c) => c.clientId === clientId);
}
