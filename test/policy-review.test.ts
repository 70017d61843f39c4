// The policy for people: a matrix a privacy officer reviews, the diff of a change
// they sign off on, and myPermissions — what a caller may request, asked of the
// facade itself, in production too.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePolicy } from '../rules/policy.ts';
import { diffText, policyDiff } from '../rules/review/diff.ts';
import { matrixHtml, matrixMarkdown } from '../rules/review/matrix.ts';
import { examplePolicy, startHarness, type Harness, type RecordingProtocol } from './support/harness.ts';

const demo = readFileSync('rules/policy.yaml', 'utf8');

describe('policy matrix', () => {
  it('shows per purpose the whole groups, the single fields, roles, clients, query types and switches', () => {
    const md = matrixMarkdown(examplePolicy);
    expect(md).toContain('| `wmo-aanvraag` | VA-WMO-003 | wmo-consulent, wmo-en-parkeren | procesapp, saas-zaaksysteem |');
    expect(md).toMatch(/\| geboorte \| ● \| ◐ datum \|  \|/);
    expect(md).toMatch(/\| nationaliteiten \| ● \|  \|  \|/);
    expect(matrixHtml(examplePolicy)).toContain('<th>parkeervergunning</th>');
  });

  it('the committed docs/policy-matrix.md is the shipped policy\'s', () => {
    expect(readFileSync('docs/policy-matrix.md', 'utf8')).toBe(matrixMarkdown(examplePolicy));
  });
});

describe('policy diff', () => {
  it('lists what each purpose gains and loses', () => {
    const changed = parsePolicy(
      demo
        .replace('      - partners.naam\n', '      - nationaliteiten\n')
        .replace('  parkeren: [parkeervergunning]', '  parkeren: [parkeervergunning, wmo-aanvraag]')
        .replace("    queries:\n      - RaadpleegMetBurgerservicenummer\n      - ZoekMetPostcodeEnHuisnummer\n      - BewoningMetPeildatum\n    nationwide: false", "    queries:\n      - RaadpleegMetBurgerservicenummer\n      - BewoningMetPeildatum\n    nationwide: true"),
      'changed.yaml',
    );
    const changes = policyDiff(examplePolicy, changed);
    expect(changes).toEqual([
      { purpose: 'parkeervergunning', status: 'changed', lines: ['- query type ZoekMetPostcodeEnHuisnummer', '+ switch nationwide'] },
      { purpose: 'wmo-aanvraag', status: 'changed', lines: ['+ field nationaliteiten', '- field partners.naam', '+ role parkeren'] },
    ]);
    expect(diffText(changes)).toContain('wmo-aanvraag (changed)\n  + field nationaliteiten');
    expect(policyDiff(examplePolicy, examplePolicy)).toEqual([]);
  });
});

describe('myPermissions, with introspection and explain off as in production', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ facade: { introspection: false, explain: false } });
  });
  afterAll(async () => h?.close());

  it('answers the caller\'s own purposes and what each permits, and nothing of anyone else', async () => {
    const res = await h.query('{ myPermissions { current purposes { id processingActivity fields queries nationwide } } }', {
      token: await h.token({ sub: 'medewerker-loket', roles: ['wmo-en-parkeren'] }),
      headers: { 'x-doelbinding': 'parkeervergunning' },
    });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data).toEqual({
      myPermissions: {
        current: 'parkeervergunning',
        purposes: [
          expect.objectContaining({ id: 'wmo-aanvraag', processingActivity: 'VA-WMO-003', nationwide: false }),
          {
            id: 'parkeervergunning',
            processingActivity: 'VA-PRK-002',
            fields: ['burgerservicenummer', 'naam.volledigeNaam', 'verblijfplaats.verblijfadres', 'verblijfplaats.adresseerbaarObjectIdentificatie', 'verblijfplaats.bewoning.aantalBewoners'],
            queries: ['RaadpleegMetBurgerservicenummer', 'ZoekMetPostcodeEnHuisnummer', 'BewoningMetPeildatum'],
            nationwide: false,
          },
        ],
      },
    });
    expect(h.mock.requests).toHaveLength(0);
  });
});

describe('myPermissions for a caller with several purposes that names none', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ facade: { introspection: false, explain: false } });
  });
  afterAll(async () => h?.close());
  const loket = () => h.token({ sub: 'medewerker-loket', roles: ['wmo-en-parkeren'] });

  it('is answered without x-doelbinding, with no current purpose', async () => {
    const res = await h.query('{ myPermissions { current purposes { id } } }', { token: await loket() });
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ myPermissions: { current: null, purposes: [{ id: 'wmo-aanvraag' }, { id: 'parkeervergunning' }] } });
  });

  it('any other field in the same operation still needs the purpose named: PURPOSE_REQUIRED, nothing fetched', async () => {
    for (const query of [
      '{ myPermissions { current } persoon(burgerservicenummer: "999993653") { burgerservicenummer } }',
      '{ ... on Query { persoon(burgerservicenummer: "999993653") { burgerservicenummer } } }',
      '{ __typename persoon(burgerservicenummer: "999993653") { burgerservicenummer } }',
    ]) {
      const res = await h.query(query, { token: await loket() });
      expect(res.status, query).toBe(400);
      expect(res.body.data ?? null).toBeNull();
      expect(res.body.errors?.[0].extensions).toMatchObject({ code: 'PURPOSE_REQUIRED', permitted: ['wmo-aanvraag', 'parkeervergunning'] });
    }
    expect(h.mock.requests).toHaveLength(0);
    // Each refusal is recorded, with its reason.
    const recorded = (h.protocol as RecordingProtocol).access.slice(-3).map((a) => [a.outcome, a.reason ?? a.errorCode]);
    expect(recorded).toEqual(Array(3).fill(['denied', 'PURPOSE_REQUIRED']));
  });
});
