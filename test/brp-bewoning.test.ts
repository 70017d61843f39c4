// BRP Bewoning and the BAG through HTTP: `persoon → verblijfplaats → bewoning → bewoners → persoon`
// returns exactly what each demo purpose permits, asks nothing for a denied branch, batches the
// bewoners' Personen look-ups (one call per level) and leaves one record per person delivered; the
// parking purpose gets a count and no names, recorded in the access record with its address; a
// secret bewoner is withheld and recorded as such; the BAG object of an address is recorded there too.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePolicy, PolicyError } from '../rules/policy.ts';
import { startHarness, type Harness, type RecordingProtocol } from './support/harness.ts';

const APPLICANT = '999991267'; // Rotterdam (0599), lives at 0599010056000401 with others
const ADDRESS = '0599010056000401';
const PEILDATUM = '2026-01-01';

let h: Harness;
const rec = () => h.protocol as RecordingProtocol;
const lastRecord = () => {
  const access = rec().access.at(-1)!;
  return { access, processing: rec().processing.filter((p) => p.operationId === access.operationId) };
};
const clear = () => {
  for (const mock of [h.mock, h.historie, h.reisdocumenten, h.bewoning, h.bag]) mock.clearRequests();
};
const tokenFor = (roles: string[]) => h.token({ roles });

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

const LINK_QUERY = `{ persoon(burgerservicenummer: "${APPLICANT}") {
  naam { volledigeNaam }
  verblijfplaats { ... on Adres {
    adresseerbaarObjectIdentificatie
    bewoning(peildatum: "${PEILDATUM}") {
      periode { datumVan datumTot }
      aantalBewoners
      bewoners { burgerservicenummer persoon { naam { volledigeNaam } } }
    } } } } }`;

interface LinkAnswer {
  persoon: { verblijfplaats: { bewoning: Array<{ aantalBewoners: number | null; bewoners: Array<{ burgerservicenummer: string; persoon: { naam: { volledigeNaam: string } } }> | null }> } };
}

describe('persoon → verblijfplaats → bewoning → bewoners → persoon', () => {
  it('burgerzaken: every bewoner with their name; one Personen call per level; one record per person', async () => {
    clear();
    const res = await h.query(LINK_QUERY, { token: await tokenFor(['burgerzaken']) });
    expect(res.body.errors).toBeUndefined();
    const [bewoning] = (res.body.data as unknown as LinkAnswer).persoon.verblijfplaats.bewoning;
    const bewoners = bewoning.bewoners!;
    expect(bewoners.length).toBeGreaterThan(1);
    expect(bewoners.map((b) => b.burgerservicenummer)).toContain(APPLICANT);
    expect(bewoners.every((b) => typeof b.persoon.naam.volledigeNaam === 'string')).toBe(true);
    expect(bewoning.aantalBewoners).toBe(bewoners.length);
    // Upstream calls per level: the applicant, then all bewoners in one batched call; one bewoning call.
    const personen = h.upstreamRequests();
    expect(personen).toHaveLength(2);
    expect(personen[0]).toMatchObject({ burgerservicenummer: [APPLICANT] });
    expect((personen[0].fields as string[])).toContain('verblijfplaats.adresseerbaarObjectIdentificatie');
    // The applicant, a bewoner too, is not asked again: their first answer holds what the second would.
    expect([...(personen[1].burgerservicenummer as string[])].sort()).toEqual(bewoners.map((b) => b.burgerservicenummer).filter((b) => b !== APPLICANT).sort());
    expect(h.bewoning.requests.map((r) => r.body)).toEqual([{ type: 'BewoningMetPeildatum', peildatum: PEILDATUM, adresseerbaarObjectIdentificatie: ADDRESS }]);
    const { access, processing } = lastRecord();
    // One record per person delivered; the applicant's lists the bewoning they saw.
    expect(processing.map((p) => p.subjectId).sort()).toEqual([...new Set([APPLICANT, ...bewoners.map((b) => b.burgerservicenummer)])].sort());
    const applicant = processing.find((p) => p.subjectId === APPLICANT)!;
    expect(applicant.fields).toEqual(expect.arrayContaining(['naam.volledigeNaam', 'verblijfplaats.adresseerbaarObjectIdentificatie', 'verblijfplaats.bewoning.aantalBewoners', 'verblijfplaats.bewoning.periode.datumVan']));
    const other = processing.find((p) => p.subjectId !== APPLICANT)!;
    expect(other.fields).toEqual(['burgerservicenummer', 'naam.volledigeNaam']);
    expect(access.addresses).toEqual([expect.stringMatching(new RegExp(`^${ADDRESS} aantalBewoners ${PEILDATUM}/`))]);
  });

  it('parkeervergunning: a count and no names; only the applicant is recorded, the count in the access record', async () => {
    clear();
    const res = await h.query(LINK_QUERY, { token: await tokenFor(['parkeren']) });
    const [bewoning] = (res.body.data as unknown as LinkAnswer).persoon.verblijfplaats.bewoning;
    expect(bewoning.aantalBewoners).toBeGreaterThan(1);
    expect(bewoning.bewoners).toBeNull();
    expect(res.body.errors?.map((e) => [e.path?.join('.'), e.extensions?.reason])).toEqual(
      expect.arrayContaining([['persoon.verblijfplaats.bewoning.0.bewoners', 'FIELD_NOT_IN_PURPOSE']]),
    );
    // The bewoners were looked up in Personen for the object rules — their BSN only, in one batch — and their
    // names were never asked.
    const personen = h.upstreamRequests();
    expect(personen).toHaveLength(2);
    expect(personen[1]).toMatchObject({ fields: ['burgerservicenummer'], gemeenteVanInschrijving: '0599' });
    const { access, processing } = lastRecord();
    expect(processing.map((p) => p.subjectId)).toEqual([APPLICANT]);
    expect(processing[0].fields).toEqual(expect.arrayContaining(['verblijfplaats.bewoning.aantalBewoners']));
    expect(access.addresses).toEqual([expect.stringMatching(new RegExp(`^${ADDRESS} aantalBewoners .*: ${bewoning.aantalBewoners}$`))]);
  });

  it('wmo-aanvraag: no bewoning in the purpose, so FORBIDDEN and no bewoning call', async () => {
    clear();
    const res = await h.query(LINK_QUERY, { token: await tokenFor(['wmo-consulent']) });
    expect(res.body.errors?.map((e) => e.extensions?.reason)).toContain('FIELD_NOT_IN_PURPOSE');
    expect(h.bewoning.requests).toEqual([]);
    expect(lastRecord().processing.map((p) => p.subjectId)).toEqual([APPLICANT]);
  });

  it('a bewoning needs its key: a policy that follows the link without the address identificatie is refused at start-up', () => {
    const text = `purposes:
  p:
    description: d
    processingActivity: VA-1
    fields: [naam, verblijfplaats.bewoning.aantalBewoners]
    queries: [RaadpleegMetBurgerservicenummer, BewoningMetPeildatum]
roles: { r: [p] }
clients: { c: { description: d, purposes: [p] } }
`;
    expect(() => parsePolicy(text)).toThrow(PolicyError);
    expect(() => parsePolicy(text)).toThrow(/reached through verblijfplaats\.adresseerbaarObjectIdentificatie, which the purpose's fields do not hold/);
    expect(() => parsePolicy(text.replace('[naam, ', '[naam, verblijfplaats.adresseerbaarObjectIdentificatie, '))).not.toThrow();
  });
});

describe('the object rules decide on every bewoner, and the periods tell nothing of the hidden', () => {
  const SECRET_ADDRESS = '0599010000228162'; // one bewoner, 999993872, with geheimhouding
  const root = (id: string, peildatum = PEILDATUM) => `{ bewoningen(adresseerbaarObjectIdentificatie: "${id}", peildatum: "${peildatum}") { periode { datumVan datumTot } aantalBewoners bewoners { burgerservicenummer } } }`;
  /** The demo policy with brp-volledig restricted: own municipality, no deceased, no secret persons. */
  const restricted = () =>
    parsePolicy(readFileSync('rules/policy.yaml', 'utf8').replace('    nationwide: true\n    includeDeceased: true\n    secretPersons: true', '    nationwide: false\n    includeDeceased: false\n    secretPersons: false'));

  it('a purpose that may see secret persons sees and counts them', async () => {
    const res = await h.query(root(SECRET_ADDRESS), { token: await tokenFor(['burgerzaken']) });
    expect(res.body.data).toEqual({ bewoningen: [{ periode: { datumVan: PEILDATUM, datumTot: '2026-01-02' }, aantalBewoners: 1, bewoners: [{ burgerservicenummer: '999993872' }] }] });
  });

  it('one that may not: the secret bewoner is withheld and recorded so, not counted, and the period is not shown', async () => {
    const p = await startHarness({ facade: { policy: restricted() } });
    try {
      const res = await p.query(root(SECRET_ADDRESS), { token: await p.token({ roles: ['burgerzaken'] }) });
      expect(res.body.data).toEqual({ bewoningen: [] });
      const access = (p.protocol as RecordingProtocol).access.at(-1)!;
      expect((p.protocol as RecordingProtocol).processing.filter((r) => r.operationId === access.operationId)).toEqual([
        expect.objectContaining({ subjectId: '999993872', status: 'withheld', reason: 'SECRET_PERSON', fields: [] }),
      ]);
    } finally {
      await p.close();
    }
  });

  it('deceased bewoners and those now registered elsewhere are looked up in Personen first, and neither counted nor shown', async () => {
    const ADDRESS_2010 = '0599010051001501'; // on 2010-01-01 also 999990147 (died 2018) and 999990226 (now in 0518)
    const everyone = await h.query(root(ADDRESS_2010, '2010-01-01'), { token: await tokenFor(['burgerzaken']) });
    const all = (everyone.body.data as { bewoningen: Array<{ bewoners: Array<{ burgerservicenummer: string }> }> }).bewoningen.flatMap((b) => b.bewoners.map((x) => x.burgerservicenummer));
    expect(all).toEqual(expect.arrayContaining(['999990147', '999990226']));
    const p = await startHarness({ facade: { policy: restricted() } });
    try {
      const res = await p.query(root(ADDRESS_2010, '2010-01-01'), { token: await p.token({ roles: ['burgerzaken'] }) });
      const seen = (res.body.data as { bewoningen: Array<{ aantalBewoners: number; bewoners: Array<{ burgerservicenummer: string }> }> }).bewoningen;
      const shown = seen.flatMap((b) => b.bewoners.map((x) => x.burgerservicenummer));
      expect(shown).not.toContain('999990147');
      expect(shown).not.toContain('999990226');
      expect(seen.reduce((n, b) => n + b.aantalBewoners, 0)).toBe(shown.length);
      const access = (p.protocol as RecordingProtocol).access.at(-1)!;
      const records = (p.protocol as RecordingProtocol).processing.filter((r) => r.operationId === access.operationId);
      expect(records.find((r) => r.subjectId === '999990147')).toMatchObject({ status: 'withheld', reason: 'DECEASED' });
      expect(records.find((r) => r.subjectId === '999990226')).toBeUndefined();
      expect(records.filter((r) => r.status === 'disclosed').map((r) => r.subjectId).sort()).toEqual([...new Set(shown)].sort());
    } finally {
      await p.close();
    }
  });

  it('the root query is for purposes that may see bewoners (a count-only purpose counts through a person), in their own municipality', async () => {
    clear();
    const count = await h.query(`{ bewoningen(adresseerbaarObjectIdentificatie: "${ADDRESS}", peildatum: "${PEILDATUM}") { aantalBewoners } }`, { token: await tokenFor(['parkeren']) });
    expect(count.body.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'FIELD_NOT_IN_PURPOSE' });
    const p = await startHarness({ facade: { policy: restricted() } });
    try {
      const elsewhere = await p.query(root('0518010000679502'), { token: await p.token({ roles: ['burgerzaken'] }) });
      expect(elsewhere.body.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'OUTSIDE_MUNICIPALITY' });
      expect(p.bewoning.requests).toEqual([]);
    } finally {
      await p.close();
    }
    expect(h.bewoning.requests).toEqual([]);
  });

  it('an applicant who is a bewoner too keeps, in their record, that they were shown a bewoning', async () => {
    const res = await h.query(`{ persoon(burgerservicenummer: "${APPLICANT}") { verblijfplaats { ... on Adres { bewoning(peildatum: "${PEILDATUM}") { bewoners { burgerservicenummer } } } } } }`, { token: await tokenFor(['burgerzaken']) });
    expect(res.body.errors).toBeUndefined();
    const applicant = lastRecord().processing.find((p) => p.subjectId === APPLICANT)!;
    expect(applicant.fields).toEqual(['burgerservicenummer', 'verblijfplaats.bewoning']);
  });

  it('a bewoning whose every field is denied is not asked', async () => {
    clear();
    const res = await h.query(`{ persoon(burgerservicenummer: "${APPLICANT}") { verblijfplaats { ... on Adres { bewoning(peildatum: "${PEILDATUM}") { bewoners { burgerservicenummer } } } } } }`, { token: await tokenFor(['parkeren']) });
    expect((res.body.data as { persoon: { verblijfplaats: { bewoning: unknown } } }).persoon.verblijfplaats.bewoning).toBeNull();
    expect(h.bewoning.requests).toEqual([]);
  });
});

describe('the BAG object of an address', () => {
  it('burgerzaken sees it; the access record names the address; parkeervergunning asks nothing of the BAG', async () => {
    clear();
    const query = `{ persoon(burgerservicenummer: "${APPLICANT}") { verblijfplaats { ... on Adres { adresseerbaarObject { identificatie type oppervlakte gebruiksdoelen } } } } }`;
    const res = await h.query(query, { token: await tokenFor(['burgerzaken']) });
    expect(res.body.errors).toBeUndefined();
    const object = (res.body.data as { persoon: { verblijfplaats: { adresseerbaarObject: Record<string, unknown> } } }).persoon.verblijfplaats.adresseerbaarObject;
    expect(object).toMatchObject({ identificatie: ADDRESS, type: 'Verblijfsobject', oppervlakte: expect.any(Number) });
    expect(h.bag.requests).toHaveLength(1);
    expect(lastRecord().access.addresses).toEqual([`${ADDRESS} adresseerbaarObject`]);
    clear();
    const parking = await h.query(query, { token: await tokenFor(['parkeren']) });
    expect(parking.body.errors?.map((e) => e.extensions?.reason)).toContain('FIELD_NOT_IN_PURPOSE');
    expect(h.bag.requests).toEqual([]);
  });
});
