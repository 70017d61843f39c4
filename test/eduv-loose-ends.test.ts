// `npm run explain` knows every development persona, BRP and Edu-V alike: the Edu-V clients come
// from the registry seed (in an in-memory store), the Edu-V rules get the request's layer checks,
// and nothing is asked of any upstream. What explain says of an Edu-V persona is what the facade
// answers that persona over HTTP.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExplainer, ExplainError, type Explainer, type Explanation } from '../src/dev/explain.ts';
import { findDevClient } from '../src/dev/idp/clients.ts';
import { PERSONAS, findPersona, type Persona } from '../src/dev/personas.ts';
import { sandboxPersonas } from '../src/dev/sandbox/personas.ts';
import { loadPolicy } from '../rules/policy.ts';
import { startEduvHarness, type EduvHarness } from './support/eduv-harness.ts';

const policy = loadPolicy('rules/policy.yaml');
const sandbox = sandboxPersonas(policy);
const purposesOf = (name: string) => sandbox.find((s) => s.name === name)!.purposes.map((p) => p.id);

const BRP_QUERY = `{ persoon(burgerservicenummer: "999993653") { burgerservicenummer naam { voornamen } } }`;
const RECEIVER_QUERY = `{ students(onderwijsaanbieder: "110A133", first: 2) { items { givenName dateOfBirth } } catalogueProducts(first: 2) { items { name } } }`;
const BEHEER_QUERY = `{ activations(onderwijsaanbieder: "110A133") { id status history { actor at } } }`;
const OVERSIGHT_QUERY = `{ misuseSignals(from: "2026-11-30", to: "2026-12-01") { kind employee } }`;

const decision = (e: Explanation, path: string) => {
  const field = e.fields.find((f) => f.path === path);
  if (!field) throw new Error(`${e.persona}: no decision for ${path} in ${e.fields.map((f) => f.path).join(', ')}`);
  return field.reason ?? field.decision;
};

/** The query that shows what a persona is for: Edu-V receiver, Edu-V beheerder, or BRP. */
function queryFor(persona: Persona): string {
  if (persona.name === 'privacy-officer') return OVERSIGHT_QUERY;
  if (persona.name.startsWith('eduv-')) return persona.kind === 'user' ? BEHEER_QUERY : RECEIVER_QUERY;
  return BRP_QUERY;
}

let explainer: Explainer;
beforeAll(async () => {
  explainer = await createExplainer({ env: {} });
});
afterAll(async () => explainer?.close());

describe('explain knows every persona', () => {
  it.each(PERSONAS.map((p) => [p.name, p] as const))('%s', async (name, persona) => {
    const purposes = purposesOf(name);
    // Several purposes held: the persona names one, as it would in x-doelbinding.
    const e = await explainer.explain({ persona: name, query: queryFor(persona), purpose: purposes.length > 1 ? purposes[0] : undefined });
    expect(e.fields.length).toBeGreaterThan(0);

    if (name === 'privacy-officer') {
      // The oversight purpose reads the protocol, never the BRP.
      expect(e.purpose).toBe('protocoltoezicht');
      expect(decision(e, 'misuseSignals')).toBe('allow');
      expect(decision(e, 'misuseSignals.employee')).toBe('allow');
      return;
    }
    if (!name.startsWith('eduv-')) {
      // BRP: a persona holding a purpose is served its persoon; one holding none is refused why.
      expect(e.client.registeredIn).toBe('policy');
      if (purposes.length > 0) {
        expect(e.purpose).toBe(purposes[0]);
        expect(decision(e, 'persoon')).toBe('allow');
        expect(decision(e, 'persoon.burgerservicenummer')).toBe('allow');
      } else {
        expect(decision(e, 'persoon')).toBe(e.noPurposeReason);
        expect(e.noPurposeReason).toMatch(/^(NO_PURPOSE|CLIENT_REQUIRES_USER)$/);
      }
      return;
    }

    if (persona.kind === 'user') {
      // The applicatiebeheerder through the beheer application: activations and their history.
      expect(decision(e, 'activations')).toBe('allow');
      expect(decision(e, 'activations.history.actor')).toBe('allow');
      return;
    }

    // Edu-V receivers: registered in the Edu-V registry, decided by the layers.
    expect(e.client).toEqual({ id: persona.kind === 'client' ? persona.clientId : '', registeredIn: 'eduv-registry' });
    if (persona.demonstrates) {
      expect(decision(e, 'students')).toBe(persona.demonstrates);
    } else {
      expect(decision(e, 'students')).toBe('allow');
      expect(decision(e, 'students.items.givenName')).toBe('allow');
      // Date of birth is not part of any demo receiver's registration.
      expect(decision(e, 'students.items.dateOfBirth')).toMatch(/^(SCOPE_MISSING|SCOPE_NOT_REGISTERED)$/);
    }
  });

  it('the named cases: lvs gets students and givenName, not an unregistered scope\'s field; catalogus-smal no students', async () => {
    const lvs = await explainer.explain({ persona: 'eduv-leverancier-lvs', query: `{ students(onderwijsaanbieder: "110A133") { items { givenName email dateOfBirth } } }` });
    expect(lvs.fields.map((f) => [f.path, f.reason ?? f.decision])).toEqual([
      ['students', 'allow'],
      ['students.items', 'allow'],
      ['students.items.givenName', 'allow'],
      ['students.items.email', 'SCOPE_MISSING'],
      ['students.items.dateOfBirth', 'SCOPE_MISSING'],
    ]);
    const smal = await explainer.explain({ persona: 'eduv-catalogus-smal', query: RECEIVER_QUERY });
    expect(decision(smal, 'students')).toBe('SCOPE_NOT_REGISTERED');
    expect(decision(smal, 'catalogueProducts')).toBe('allow');
  });

  it('a beheerder\'s user token through another application manages nothing (NOT_BEHEER_APPLICATION)', async () => {
    const beheerder = findPersona('eduv-applicatiebeheerder')!;
    const personas = [
      ...PERSONAS,
      { ...beheerder, name: 'beheerder-via-lvs', clientId: 'lvs-uitgever' },
      { ...beheerder, name: 'beheerder-via-procesapp', clientId: 'procesapp' },
    ] as Persona[];
    const other = await createExplainer({ env: {}, personas });
    try {
      for (const name of ['beheerder-via-lvs', 'beheerder-via-procesapp']) {
        expect(decision(await other.explain({ persona: name, query: BEHEER_QUERY }), 'activations')).toBe('NOT_BEHEER_APPLICATION');
      }
    } finally {
      await other.close();
    }
  });

  it('refuses what it cannot explain: an unknown persona, an invalid query', async () => {
    await expect(explainer.explain({ persona: 'niemand', query: BRP_QUERY })).rejects.toBeInstanceOf(ExplainError);
    await expect(explainer.explain({ persona: 'burgerzaken', query: '{ persoon { x } }' })).rejects.toThrow(/not valid/);
  });
});

describe('explain says what the facade answers over HTTP', () => {
  let h: EduvHarness;
  beforeAll(async () => {
    h = await startEduvHarness();
  });
  afterAll(async () => h?.close());

  /** The claims the development IdP puts in the persona's token. */
  function claimsOf(persona: Persona): Record<string, unknown> {
    if (persona.kind === 'client') return { sub: persona.clientId, client_id: persona.clientId, roles: [], scope: (persona.scopes ?? []).join(' '), ...findDevClient(persona.clientId)?.claims };
    if (persona.kind === 'user') return { sub: persona.subject, client_id: persona.clientId, roles: [...persona.roles], acr: persona.acr, ...persona.claims };
    throw new Error('no delegated Edu-V persona');
  }

  const withoutIndices = (path: ReadonlyArray<string | number>) => path.filter((p) => typeof p === 'string').join('.');

  it.each(PERSONAS.filter((p) => p.name.startsWith('eduv-')).map((p) => [p.name, p] as const))('%s', async (name, persona) => {
    const query = queryFor(persona);
    const explained = await explainer.explain({ persona: name, query });
    const res = await h.query(query, { token: await h.token(claimsOf(persona)) });
    const denied = explained.fields.filter((f) => f.decision === 'deny').map((f) => [f.path, f.reason]).sort();
    const refused = (res.body.errors ?? []).map((e) => [withoutIndices(e.path ?? []), e.extensions?.reason]).sort();
    expect(refused).toEqual(denied);
  });
});

describe('the CLI', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'facade-explain-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('explains an Edu-V persona as JSON, exit 0', () => {
    const file = join(scratch, 'students.graphql');
    writeFileSync(file, RECEIVER_QUERY);
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/dev/explain-cli.ts', '--json', '--persona', 'eduv-catalogus-smal', file], {
      encoding: 'utf8',
      timeout: 60_000,
      env: { PATH: process.env.PATH ?? '' },
    });
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
    const out = JSON.parse(run.stdout) as { client: unknown; fields: Array<{ path: string; reason: string | null }> };
    expect(out.client).toEqual({ id: 'catalogus-smal', registeredIn: 'eduv-registry' });
    expect(out.fields.find((f) => f.path === 'students')?.reason).toBe('SCOPE_NOT_REGISTERED');
  }, 90_000);

  it('an unknown persona: exit 2 with the reason', () => {
    const file = join(scratch, 'brp.graphql');
    writeFileSync(file, BRP_QUERY);
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/dev/explain-cli.ts', '--persona', 'niemand', file], { encoding: 'utf8', timeout: 60_000, env: { PATH: process.env.PATH ?? '' } });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/unknown persona "niemand"/);
  }, 90_000);
});
