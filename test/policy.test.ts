// The policy file: validated with errors that name file, line and key; the
// shipped policy covers every field of the schema with a rule of its own.
import { FieldSet } from '../rules/field-set.ts';
import { describe, expect, it } from 'vitest';
import { buildFacadeSchema } from '../src/pipeline/6-execute/schema.ts';
import { buildRuleTree, uncoveredCoordinates, assertCovered, UncoveredSchemaError } from '../rules/index.ts';
import { loadPolicy, parsePolicy, PolicyError } from '../rules/policy.ts';

function problemsOf(yaml: string): string[] {
  try {
    parsePolicy(yaml, 'policy.yaml');
  } catch (err) {
    if (err instanceof PolicyError) return err.problems;
    throw err;
  }
  return [];
}

const VALID = `
purposes:
  p:
    description: d
    processingActivity: VA-1
    fields: [naam]
    queries: [RaadpleegMetBurgerservicenummer]
roles:
  r: [p]
clients:
  c:
    description: d
    purposes: [p]
`;

describe('policy validation', () => {
  it('accepts the shipped example policy with the required personas', () => {
    const policy = loadPolicy('rules/policy.yaml');
    expect([...policy.roles.get('burgerzaken')!]).toEqual(['brp-volledig']);
    expect([...policy.roles.get('wmo-consulent')!]).toEqual(['wmo-aanvraag']);
    expect([...policy.roles.get('parkeren')!]).toEqual(['parkeervergunning']);
    expect([...policy.roles.values()].some((purposes) => purposes.has('wmo-aanvraag') && purposes.has('parkeervergunning'))).toBe(true);
    expect(policy.clients.get('saas-zaaksysteem')).toMatchObject({ requiresUser: true });
    expect([...policy.clients.get('procesapp')!.purposes].sort()).toEqual(['brp-volledig', 'parkeervergunning', 'protocoltoezicht', 'wmo-aanvraag', 'wmo-woonhistorie']);
    expect(policy.purposes.get('protocoltoezicht')).toMatchObject({ oversight: true, fields: [], processingActivity: 'VA-FG-001' });
    expect([...policy.roles.get('privacy-officer')!]).toEqual(['protocoltoezicht']);
    expect(policy.purposes.get('wmo-aanvraag')).toMatchObject({ nationwide: false, includeDeceased: false, secretPersons: false });
    expect(policy.purposes.get('brp-volledig')).toMatchObject({ nationwide: true, includeDeceased: true, secretPersons: true });
  });

  it('accepts a minimal valid policy', () => {
    expect(problemsOf(VALID)).toEqual([]);
  });

  it.each([
    [VALID.replace('fields: [naam]', 'fields: [naam, geboorte.dat]'), /policy\.yaml:6:\d+ purposes\.p\.fields\[1\]: unknown BRP field path "geboorte\.dat"/],
    [VALID.replace('[RaadpleegMetBurgerservicenummer]', '[ZoekMetAlles]'), /policy\.yaml:7:\d+ purposes\.p\.queries\[0\]: unknown BRP query type "ZoekMetAlles"/],
    [VALID.replace('r: [p]', 'r: [q]'), /policy\.yaml:9:\d+ roles\.r\[0\]: unknown purpose "q"/],
    [VALID.replace('    purposes: [p]', '    purposes: [p]\n    requiresUsr: true'), /policy\.yaml:14:\d+ clients\.c\.requiresUsr: unknown key/],
    [VALID.replace('    processingActivity: VA-1\n', ''), /purposes\.p\.processingActivity: is required/],
    [VALID.replace('fields: [naam]', 'fields: naam'), /purposes\.p\.fields: must be a list/],
    ['purposes: [unclosed', /YAML:/],
    // Reading the protocol is not looking people up: an oversight purpose holds no BRP fields or queries.
    [VALID.replace('    processingActivity: VA-1\n', '    processingActivity: VA-1\n    oversight: true\n'), /purposes\.p\.oversight: an oversight purpose reads the protocol only/],
    // A search whose required criteria reveal fields outside the purpose could never be used.
    [
      VALID.replace('[RaadpleegMetBurgerservicenummer]', '[RaadpleegMetBurgerservicenummer, ZoekMetGeslachtsnaamEnGeboortedatum]'),
      /policy\.yaml:7:\d+ purposes\.p\.queries\[1\]: ZoekMetGeslachtsnaamEnGeboortedatum needs geslachtsnaamEnGeboortedatum\.geboortedatum \(reveals geboorte\.datum\)/,
    ],
    // The other APIs: their paths come from their specs; query types and fields go together.
    [VALID.replace('fields: [naam]', 'fields: [naam, verblijfplaatshistorie.verblijfadres.straat]').replace('[RaadpleegMetBurgerservicenummer]', '[RaadpleegMetBurgerservicenummer, RaadpleegMetPeriode]'), /policy\.yaml:6:\d+ purposes\.p\.fields\[1\]: unknown BRP field path "verblijfplaatshistorie\.verblijfadres\.straat"/],
    [VALID.replace('[RaadpleegMetBurgerservicenummer]', '[RaadpleegMetBurgerservicenummer, ZoekMetBurgerservicenummer]'), /policy\.yaml:7:\d+ purposes\.p\.queries\[1\]: ZoekMetBurgerservicenummer is a Reisdocumenten query, but the purpose's fields name nothing under "reisdocumenten\."/],
    [VALID.replace('fields: [naam]', 'fields: [naam, verblijfplaatshistorie.datumVan]'), /policy\.yaml:6:\d+ purposes\.p\.fields\[1\]: "verblijfplaatshistorie\.datumVan" is a BRP Verblijfplaatshistorie field, but the purpose's queries name none of RaadpleegMetPeildatum, RaadpleegMetPeriode/],
  ])('names the line and key of a problem (%#)', (yaml, expected) => {
    const problems = problemsOf(yaml);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.join('\n')).toMatch(expected);
  });

  it('accepts the other APIs\' paths with their query types; `*` is Personen only', () => {
    const policy = parsePolicy(VALID.replace('fields: [naam]', "fields: ['*', verblijfplaatshistorie.verblijfadres.woonplaats, 'reisdocumenten.*']").replace('[RaadpleegMetBurgerservicenummer]', '[RaadpleegMetBurgerservicenummer, RaadpleegMetPeildatum, ZoekMetBurgerservicenummer]'));
    const fields = new FieldSet(policy.purposes.get('p')!.fields);
    expect(fields.permits('verblijfplaatshistorie.verblijfadres.woonplaats')).toBe(true);
    expect(fields.permits('verblijfplaatshistorie.verblijfadres.postcode')).toBe(false);
    expect(fields.permits('reisdocumenten.soort.code')).toBe(true);
    expect(new FieldSet(['*']).permits('reisdocumenten.soort')).toBe(false);
    expect(new FieldSet(['*']).mayEnter('verblijfplaatshistorie')).toBe(false);
    expect(new FieldSet(['*']).permits('naam.voornamen')).toBe(true);
  });

  it('accepts a subtree by group name, `.*` and the automatically delivered groups', () => {
    expect(problemsOf(VALID.replace('fields: [naam]', "fields: ['verblijfplaats.*', naam.inOnderzoek, geheimhoudingPersoonsgegevens, '*']"))).toEqual([]);
  });
});

describe('coverage of the schema', () => {
  const schema = buildFacadeSchema();

  it('the shipped rules give every field coordinate of the schema a rule of its own', () => {
    const tree = buildRuleTree(schema);
    expect(uncoveredCoordinates(schema, tree)).toEqual([]);
    expect(() => assertCovered(schema, tree)).not.toThrow();
  });

  it('a start-up check lists the uncovered coordinates', () => {
    const tree = buildRuleTree(schema);
    delete tree.Persoon.aNummer;
    delete tree.Query.facadeVersion;
    expect(() => assertCovered(schema, tree)).toThrow(UncoveredSchemaError);
    expect(uncoveredCoordinates(schema, tree)).toEqual(['Persoon.aNummer', 'Query.facadeVersion']);
  });
});

describe('clients bound to issuers', () => {
  it('reads `issuers` and the purpose phase refuses a token of another trusted issuer for that client', async () => {
    const { authorizeRequest, PurposeError } = await import('../src/pipeline/3-purpose/purpose.ts');
    const policy = parsePolicy(VALID.replace('    purposes: [p]\n', "    purposes: [p]\n    issuers: ['https://idp.gemeente.example']\n"), 'policy.yaml');
    const client = policy.clients.get('c')!;
    expect([...client.issuers!]).toEqual(['https://idp.gemeente.example']);
    const principal = { kind: 'user' as const, subject: 'm', clientId: 'c', roles: ['r'], scopes: [], tokenId: 'j', issuedAt: 0, expiresAt: 0 };
    expect(authorizeRequest({ ...principal, issuer: 'https://idp.gemeente.example' }, client, undefined, policy, '0599').purpose?.id).toBe('p');
    expect(() => authorizeRequest({ ...principal, issuer: 'https://idp.leverancier.example' }, client, undefined, policy, '0599')).toThrow(PurposeError);
  });
});
