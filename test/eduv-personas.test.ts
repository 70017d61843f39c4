// The Edu-V demo personas keep their promises: each persona's client is registered in the demo
// registry seed, its token asks no more than that registration (unless the persona declares that
// it exists to show SCOPE_NOT_REGISTERED), its client exists at the development IdP with what the
// persona's token needs, what its description says is in place is in the seed — and, over HTTP,
// each persona gets the refusal it declares, or none.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEduvSeed } from '../src/domains/eduv/registry/seed.ts';
import { dienstProfile, type Gegevensdienst } from '../src/domains/eduv/diensten.ts';
import { DEV_CLIENTS, findDevClient } from '../src/dev/idp/clients.ts';
import { GRANT_TYPE_PERSONA, GRANT_TYPE_TOKEN_EXCHANGE } from '../src/dev/idp/grant-types.ts';
import { PERSONAS, personaSummary, type ClientPersona, type Persona, type UserPersona } from '../src/dev/personas.ts';
import { sandboxPersonas } from '../src/dev/sandbox/personas.ts';
import { loadPolicy } from '../rules/policy.ts';
import { SUBSTANTIAL_OR_HIGH } from '../rules/eduv-rules.ts';
import { startEduvHarness, type EduvHarness } from './support/eduv-harness.ts';

const seed = loadEduvSeed('data/eduv/registry-seed.yaml');
const policy = loadPolicy('rules/policy.yaml');
/** The demo's school: the personas' descriptions and demonstrations are about its exchanges. */
const SCHOOL = '110A133';
const school = seed.aanbieders.find((a) => a.id === SCHOOL)!;

const seedClient = (clientId: string) => seed.clients.find((c) => c.clientId === clientId);
const beheerApplication = (clientId: string) => seed.beheerApplications.find((b) => b.clientId === clientId);

/** An Edu-V persona by any sign of it: its name, a scope, a beheerder role, or a client of the Edu-V registry. */
function isEduv(persona: Persona): boolean {
  const { clientId, scopes, roles } = personaSummary(persona);
  return (
    persona.name.startsWith('eduv-') ||
    scopes.some((s) => s.startsWith('eduv.')) ||
    roles.some((r) => r.startsWith('applicatiebeheerder:')) ||
    seedClient(clientId) !== undefined ||
    beheerApplication(clientId) !== undefined
  );
}

const eduvPersonas = PERSONAS.filter(isEduv);
const receivers = eduvPersonas.filter((p): p is ClientPersona => p.kind === 'client');
const beheerders = eduvPersonas.filter((p): p is UserPersona => p.kind === 'user');

const activationOf = (dienst: Gegevensdienst, receiverOin: string) =>
  seed.activations.find((a) => a.gegevensdienst === dienst && a.onderwijsaanbieder === SCHOOL && a.senderOin === seed.self && a.receiverOin === receiverOin);
const agreed = (participantOin: string) => seed.agreements.some((a) => a.participantOin === participantOin && a.bestuurId === school.bestuurId);

/** The gegevensdiensten a description names ("students …, schoolvak, catalogue, orders"). */
const DIENST_WORDS: Record<Gegevensdienst, RegExp> = {
  students: /\bstudents\b/,
  schoolvak: /\bschoolvak\b/,
  catalogue: /\bcatalogue\b/,
  orders: /\borders\b/,
  employees: /\bemployees\b/,
  association: /\b(groups|association)\b/,
  schoolperiods: /\bschool periods\b/,
  results: /\bresults\b/,
  norms: /\bnorms\b/,
};
const namedDiensten = (description: string) => (Object.keys(DIENST_WORDS) as Gegevensdienst[]).filter((d) => DIENST_WORDS[d].test(description));

describe('the Edu-V personas and the registry seed agree', () => {
  it('there are Edu-V receivers and an applicatiebeheerder to agree about', () => {
    expect(receivers.length).toBeGreaterThanOrEqual(4);
    expect(beheerders.length).toBeGreaterThanOrEqual(1);
    // Every Edu-V persona is a receiver (client credentials) or a beheerder (user): no delegated ones to judge.
    expect(eduvPersonas.every((p) => p.kind !== 'delegated')).toBe(true);
  });

  describe.each(receivers.map((p) => [p.name, p] as const))('receiver %s', (_name, persona) => {
    const client = seedClient(persona.clientId);

    it('its client is registered in the seed, to a participant of the seed', () => {
      expect(client, `${persona.clientId} in seed clients`).toBeDefined();
      expect(seed.participants.map((p) => p.oin)).toContain(client!.participantOin);
    });

    it('its token asks only for registered scopes, unless it declares it shows SCOPE_NOT_REGISTERED', () => {
      const beyond = (persona.scopes ?? []).filter((s) => !client!.scopes.includes(s));
      if (persona.demonstrates === 'SCOPE_NOT_REGISTERED') {
        // A persona declaring it must really ask beyond its registration — for the students exchange it is shown on.
        expect(beyond).toContain(dienstProfile('students').scope);
      } else {
        expect(beyond, `${persona.name} asks for scopes its registration lacks`).toEqual([]);
      }
    });

    it('its client exists at the development IdP, may receive the persona\'s scopes and carries the participant\'s OIN', () => {
      const dev = findDevClient(persona.clientId);
      expect(dev, `${persona.clientId} in src/dev/idp/clients.ts`).toBeDefined();
      expect(dev!.grants).toContain('client_credentials');
      // The IdP drops scopes outside its list: a persona scope missing there would be a silent promise broken.
      expect(dev!.scopes).toEqual(expect.arrayContaining([...(persona.scopes ?? [])]));
      expect(dev!.claims?.oin).toBe(client!.participantOin);
      // The IdP's list is the registration too, but for the declared demonstration.
      if (persona.demonstrates !== 'SCOPE_NOT_REGISTERED') expect([...dev!.scopes].sort()).toEqual([...client!.scopes].sort());
    });

    it('what its description says is checkable in the seed', () => {
      const oin = client!.participantOin;
      const receiver = seed.participants.find((p) => p.oin === oin)!;
      if (persona.demonstrates) expect(persona.description).toContain(persona.demonstrates);
      switch (persona.demonstrates) {
        case 'ACTIVATION_PENDING':
          // Pending and left pending (no auto-confirm), with the agreements in place: the activation is the layer that fails.
          expect(activationOf('students', oin)?.status).toBe('pending');
          expect(receiver.autoConfirmActivations).toBe(false);
          expect(client!.scopes).toContain(dienstProfile('students').scope);
          expect(agreed(oin) && agreed(seed.self)).toBe(true);
          break;
        case 'PROCESSING_AGREEMENT_REQUIRED':
          expect(activationOf('students', oin)?.status).toBe('active');
          expect(client!.scopes).toContain(dienstProfile('students').scope);
          expect(agreed(oin)).toBe(false);
          break;
        case 'SCOPE_NOT_REGISTERED':
          expect(client!.scopes).not.toContain(dienstProfile('students').scope);
          break;
        case undefined: {
          // Everything it names is in place: the scope registered and asked, activated where the school directs, agreed where needed.
          const named = namedDiensten(persona.description);
          expect(named.length, 'a receiver persona names what it exchanges').toBeGreaterThan(0);
          for (const dienst of named) {
            const profile = dienstProfile(dienst);
            expect(client!.scopes, dienst).toContain(profile.scope);
            expect(persona.scopes, dienst).toContain(profile.scope);
            if (profile.activation) expect(activationOf(dienst, oin)?.status, dienst).toBe('active');
            if (profile.agreement) expect(agreed(oin) && agreed(seed.self), dienst).toBe(true);
          }
          if (/one subject offering/.test(persona.description)) expect(activationOf('students', oin)?.subjectOfferingIds).toHaveLength(1);
        }
      }
    });
  });

  describe.each(beheerders.map((p) => [p.name, p] as const))('applicatiebeheerder %s', (_name, persona) => {
    it('signs in to a registered beheer application, which is no participant\'s client', () => {
      expect(beheerApplication(persona.clientId), `${persona.clientId} in seed beheerApplications`).toBeDefined();
      expect(seedClient(persona.clientId)).toBeUndefined();
    });

    it('its client exists at the development IdP for user tokens', () => {
      expect(findDevClient(persona.clientId)?.grants).toContain(GRANT_TYPE_PERSONA);
    });

    it('manages a school of the seed, at eIDAS substantial or high', () => {
      const schools = persona.roles.filter((r) => r.startsWith('applicatiebeheerder:')).map((r) => r.slice('applicatiebeheerder:'.length));
      expect(schools.length).toBeGreaterThan(0);
      for (const id of schools) expect(seed.aanbieders.map((a) => a.id)).toContain(id);
      expect(SUBSTANTIAL_OR_HIGH.has(persona.acr ?? '')).toBe(true);
      if (persona.claims?.organisation) expect(schools).toContain(persona.claims.organisation);
      for (const id of schools) expect(persona.description).toContain(id);
    });
  });
});

describe('the development IdP and the sandbox list the same personas', () => {
  const sandbox = sandboxPersonas(policy);

  it('every persona\'s client is at the IdP with the grant its token needs', () => {
    for (const persona of PERSONAS) {
      const { clientId } = personaSummary(persona);
      const grant = persona.kind === 'client' ? 'client_credentials' : persona.kind === 'user' ? GRANT_TYPE_PERSONA : GRANT_TYPE_TOKEN_EXCHANGE;
      expect(findDevClient(clientId)?.grants, `${persona.name}: ${clientId}`).toContain(grant);
    }
    // And no IdP client for Edu-V that no persona or registration knows of.
    for (const dev of DEV_CLIENTS.filter((c) => c.scopes.some((s) => s.startsWith('eduv.')))) expect(seedClient(dev.clientId), dev.clientId).toBeDefined();
  });

  it('the sandbox shows each persona with its client and scopes; Edu-V clients as such, none as unregistered', () => {
    expect(sandbox.map((s) => s.name)).toEqual(PERSONAS.map((p) => p.name));
    for (const persona of PERSONAS) {
      const entry = sandbox.find((s) => s.name === persona.name)!;
      const summary = personaSummary(persona);
      expect({ clientId: entry.clientId, scopes: entry.scopes }).toEqual({ clientId: summary.clientId, scopes: [...summary.scopes] });
      // Every persona's client is registered somewhere: the policy file or the Edu-V registry.
      expect(entry.note ?? '', persona.name).not.toMatch(/not in the facade's client registry/);
      if (seedClient(summary.clientId)) expect(entry.note, persona.name).toMatch(/^Edu-V client/);
    }
  });
});

describe('over HTTP each Edu-V persona gets what it declares', () => {
  let h: EduvHarness;
  beforeAll(async () => {
    h = await startEduvHarness();
  });
  afterAll(async () => h?.close());

  /** The claims the development IdP puts in the persona's token. */
  function claimsOf(persona: ClientPersona | UserPersona): Record<string, unknown> {
    const dev = findDevClient(persona.clientId);
    if (persona.kind === 'client') return { sub: persona.clientId, client_id: persona.clientId, roles: [], scope: (persona.scopes ?? []).join(' '), ...dev?.claims };
    return { sub: persona.subject, client_id: persona.clientId, roles: [...persona.roles], acr: persona.acr, ...persona.claims };
  }

  it.each(receivers.map((p) => [p.name, p] as const))('%s on the students of the demo\'s school', async (_name, persona) => {
    const res = await h.query(`{ students(onderwijsaanbieder: "${SCHOOL}", first: 2) { items { givenName } } }`, { token: await h.token(claimsOf(persona)) });
    if (persona.demonstrates) {
      expect(res.body.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: persona.demonstrates });
    } else {
      expect(res.body.errors).toBeUndefined();
      expect((res.body.data as { students: { items: unknown[] } }).students.items.length).toBeGreaterThan(0);
    }
  });

  it.each(beheerders.map((p) => [p.name, p] as const))('%s lists the activations of its school', async (_name, persona) => {
    const res = await h.query(`{ activations(onderwijsaanbieder: "${SCHOOL}") { id } }`, { token: await h.token(claimsOf(persona)) });
    expect(res.body.errors).toBeUndefined();
    expect((res.body.data as { activations: unknown[] }).activations.length).toBeGreaterThan(0);
  });
});
