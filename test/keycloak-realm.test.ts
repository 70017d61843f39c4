// The Keycloak realm export (deploy/keycloak/) is current, typed against Keycloak's own
// RealmRepresentation (npm test's typecheck), and issues what the facade's keycloak profile reads.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FACADE_AUDIENCE, realm } from '../deploy/keycloak/realm.ts';
import { realmJson } from '../deploy/keycloak/write-realm.ts';
import { examplePolicy } from './support/harness.ts';

describe('Keycloak realm export', () => {
  it('gemeente-realm.json is what realm.ts says', () => {
    expect(readFileSync('deploy/keycloak/gemeente-realm.json', 'utf8')).toBe(realmJson());
  });

  it('registers every client and role of the policy, gives every client the facade audience, and no act mapper', () => {
    const clients = new Map((realm.clients ?? []).map((c) => [c.clientId, c]));
    for (const id of examplePolicy.clients.keys()) expect(clients.has(id), id).toBe(true);
    const roles = new Set((realm.roles?.realm ?? []).map((r) => r.name));
    for (const role of examplePolicy.roles.keys()) expect(roles.has(role), role).toBe(true);
    const scope = (realm.clientScopes ?? []).find((s) => s.name === 'facade');
    expect(scope?.protocolMappers?.[0].config?.['included.custom.audience']).toBe(FACADE_AUDIENCE);
    for (const c of clients.values()) {
      expect(c.defaultClientScopes).toContain('facade');
      expect(JSON.stringify(c)).not.toMatch(/"act"/);
    }
    expect(clients.get('saas-zaaksysteem')?.attributes?.['standard.token.exchange.enabled']).toBe('true');
  });
});
