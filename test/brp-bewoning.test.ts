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
    // The bewoners' names were never asked.
    expect(h.upstreamRequests()).toHaveLength(1);
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

describe('secret persons among the bewoners', () => {
  const SECRET_ADDRESS = '0599010000228162'; // one bewoner, 999993872, with geheimhouding
  const root = `{ bewoningen(adresseerbaarObjectIdentificatie: "${SECRET_ADDRESS}", peildatum: "${PEILDATUM}") { aantalBewoners bewoners { burgerservicenummer } } }`;

  it('are not counted for a purpose that may not see them, and are for one that may', async () => {
    clear();
    const parking = await h.query(`{ bewoningen(adresseerbaarObjectIdentificatie: "${SECRET_ADDRESS}", peildatum: "${PEILDATUM}") { aantalBewoners } }`, { token: await tokenFor(['parkeren']) });
    expect(parking.body.data).toEqual({ bewoningen: [{ aantalBewoners: 0 }] });
    expect(lastRecord().processing).toEqual([]);
    expect(lastRecord().access.addresses).toEqual([`${SECRET_ADDRESS} aantalBewoners ${PEILDATUM}/2026-01-02: 0`]);
    const burgerzaken = await h.query(root, { token: await tokenFor(['burgerzaken']) });
    expect(burgerzaken.body.data).toEqual({ bewoningen: [{ aantalBewoners: 1, bewoners: [{ burgerservicenummer: '999993872' }] }] });
  });

  it('are withheld, and recorded as withheld, when the purpose does not allow secret persons', async () => {
    const policy = parsePolicy(readFileSync('rules/policy.yaml', 'utf8').replace('    includeDeceased: true\n    secretPersons: true', '    includeDeceased: true\n    secretPersons: false'));
    const p = await startHarness({ facade: { policy } });
    try {
      const res = await p.query(root, { token: await p.token({ roles: ['burgerzaken'] }) });
      expect(res.body.data).toEqual({ bewoningen: [{ aantalBewoners: 0, bewoners: [] }] });
      const access = (p.protocol as RecordingProtocol).access.at(-1)!;
      expect((p.protocol as RecordingProtocol).processing.filter((r) => r.operationId === access.operationId)).toEqual([
        expect.objectContaining({ subjectId: '999993872', status: 'withheld', reason: 'SECRET_PERSON', fields: [] }),
      ]);
    } finally {
      await p.close();
    }
  });

  it('a non-nationwide purpose asks about addresses of its own municipality only', async () => {
    clear();
    const res = await h.query(`{ bewoningen(adresseerbaarObjectIdentificatie: "0518010000679502", peildatum: "${PEILDATUM}") { aantalBewoners } }`, { token: await tokenFor(['parkeren']) });
    expect(res.body.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'OUTSIDE_MUNICIPALITY' });
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
