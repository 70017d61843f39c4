// Batching and de-duplication: one DataLoader per request, upstream calls of at
// most 20 BSNs per level, every BSN fetched once per request.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isValidBsn } from '../src/domains/brp/input.ts';
import { startHarness, type Harness } from './support/harness.ts';

interface StoredPerson {
  burgerservicenummer: string;
  partners?: Array<{ burgerservicenummer?: string }>;
}
const testData = JSON.parse(readFileSync(new URL('../data/brp/test-data.json', import.meta.url), 'utf8')) as StoredPerson[];
const known = new Set(testData.map((p) => p.burgerservicenummer));

let h: Harness;
beforeAll(async () => {
  // 52 look-ups with two links each reach more persons than the default limit of 100: this file is about batching.
  h = await startHarness({ facade: { maxSubjects: { BSN: 1000 } } });
});
afterAll(async () => h?.close());
beforeEach(() => h.mock.clearRequests());

const raadpleegCalls = () => h.upstreamRequests().filter((r) => r.type === 'RaadpleegMetBurgerservicenummer');

describe('batching', () => {
  it('takes ceil(n/20) upstream calls per level for 45 distinct BSNs, repeats and partners included', async () => {
    // 25 persons whose partner is a known person, and 20 without a partner of their own.
    const withPartner = testData
      .filter((p) => isValidBsn(p.burgerservicenummer) && p.partners?.some((q) => q.burgerservicenummer && known.has(q.burgerservicenummer)))
      .slice(0, 25);
    const top = new Set(withPartner.map((p) => p.burgerservicenummer));
    for (const p of testData) {
      if (top.size === 45) break;
      if (isValidBsn(p.burgerservicenummer) && !p.partners?.length) top.add(p.burgerservicenummer);
    }
    expect(top.size).toBe(45);
    const asked = [...top, ...[...top].slice(0, 7)]; // seven BSNs asked twice
    const partnerBsns = new Set(withPartner.flatMap((p) => (p.partners ?? []).map((q) => q.burgerservicenummer!).filter((b) => b && known.has(b))));
    const partnersNotOnTop = [...partnerBsns].filter((b) => !top.has(b));

    const res = await h.query(
      `query($b: [String!]!) { personen(burgerservicenummers: $b) {
         burgerservicenummer naam { volledigeNaam }
         partners { persoon { burgerservicenummer naam { volledigeNaam } } }
         again: partners { persoon { naam { volledigeNaam } } }
      } }`,
      { variables: { b: asked } },
    );
    expect(res.body.errors).toBeUndefined();
    expect((res.body.data?.personen as unknown[]).length).toBe(45);

    const calls = raadpleegCalls();
    const level1 = calls.filter((c) => (c.fields as string[]).includes('partners.burgerservicenummer'));
    const level2 = calls.filter((c) => !(c.fields as string[]).includes('partners.burgerservicenummer'));
    expect(level1).toHaveLength(Math.ceil(45 / 20));
    // Partners already fetched on the top level (with a superset of the fields) are not fetched again.
    expect(level2).toHaveLength(Math.ceil(partnersNotOnTop.length / 20));
    for (const call of calls) expect((call.burgerservicenummer as string[]).length).toBeLessThanOrEqual(20);
    const everyBsn = calls.flatMap((c) => c.burgerservicenummer as string[]);
    expect(new Set(everyBsn).size).toBe(everyBsn.length); // no BSN twice
    console.log(
      `batching: 45 distinct BSNs (+7 repeats) → ${level1.length} calls; ${partnerBsns.size} partners of which ${partnersNotOnTop.length} not on the top level → ${level2.length} calls`,
    );
  });

  it('fetches the same person once even when reached on several paths of one level', async () => {
    const res = await h.query(`{
      a: persoon(burgerservicenummer: "999993653") { naam { voornamen } }
      b: persoon(burgerservicenummer: "999993653") { naam { voornamen } }
      c: personen(burgerservicenummers: ["999993653", "999990378"]) { naam { voornamen } }
    }`);
    expect(res.body.errors).toBeUndefined();
    expect(raadpleegCalls()).toHaveLength(1);
    expect(raadpleegCalls()[0].burgerservicenummer).toEqual(['999993653', '999990378']);
  });
});
