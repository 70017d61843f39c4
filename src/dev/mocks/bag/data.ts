import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hash32 } from '../eduv/seed-random.ts';

// Which addresses the BAG mock knows: every adresseerbaar object and nummeraanduiding that the
// project's BRP test data names (the persons' verblijfplaats), with the address the BRP gives it.
// Only the identificaties and the address fields come from there; everything else the mock serves is
// generated (generate.ts). Read from the project's own copies, never from the shared snapshot:
//
//   data/brp/test-data.json            required: persons, `verblijfplaats` + `gemeenteVanInschrijving`
//   data/brp-historie/test-data.json   optional: rows, `verblijfplaats` (no gemeente)
//   data/brp-bewoning/test-data.json   optional: rows, `verblijfplaats` (adresseerbaar object only)
//
// The test data is not one consistent registration: the same nummeraanduiding sometimes comes with
// two spellings or two houses, and some identificaties have 15 digits or a wrong object type. How
// the mock decides is in README.md ("Which address wins"); what it left out is in `skipped`, what it
// had to choose between in `conflicts`.

export type Bron = 'brp' | 'brp-historie' | 'brp-bewoning';
export type TypeAdresseerbaarObject = 'Verblijfsobject' | 'Ligplaats' | 'Standplaats';

/** The spec's patterns (components.schemas.*Identificatie). */
export const AO_PATTERN = /^[0-9]{4}(01|02|03)[0-9]{10}$/;
export const NA_PATTERN = /^[0-9]{4}20[0-9]{10}$/;
const POSTCODE = /^[1-9][0-9]{3}[A-Z]{2}$/;
const HUISLETTER = /^[a-zA-Z]$/;
const TOEVOEGING = /^[0-9a-zA-Z]{1,4}$/;

/** The repository root (where data/ is). */
export const PROJECT_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

export const SOURCE_FILES: readonly { bron: Bron; file: string; required: boolean }[] = [
  { bron: 'brp', file: 'data/brp/test-data.json', required: true },
  { bron: 'brp-historie', file: 'data/brp-historie/test-data.json', required: false },
  { bron: 'brp-bewoning', file: 'data/brp-bewoning/test-data.json', required: false },
];

export interface SourceRows {
  bron: Bron;
  rows: readonly unknown[];
}

/** One verblijfplaats of the test data, as far as the BAG cares. */
export interface Observation {
  bron: Bron;
  /** Position over all sources, in reading order: what "first" means in a tie. */
  order: number;
  bsn?: string;
  adresseerbaarObjectIdentificatie?: string;
  nummeraanduidingIdentificatie?: string;
  openbareRuimteNaam?: string;
  korteNaam?: string;
  huisnummer?: number;
  huisletter?: string;
  huisnummertoevoeging?: string;
  postcode?: string;
  woonplaatsNaam?: string;
  gemeenteCode?: string;
  gemeenteNaam?: string;
}

export interface AdresRecord {
  nummeraanduidingIdentificatie: string;
  openbareRuimteNaam: string;
  korteNaam: string;
  huisnummer: number;
  huisletter?: string;
  huisnummertoevoeging?: string;
  postcode?: string;
  woonplaatsNaam: string;
  gemeenteCode: string;
  openbareRuimteIdentificatie: string;
  woonplaatsIdentificatie: string;
  /** Absent when the test data names no valid adresseerbaar object for it. */
  adresseerbaarObjectIdentificatie?: string;
  /** The test-data rows that name this nummeraanduiding. */
  observations: number;
}

export interface ObjectRecord {
  identificatie: string;
  type: TypeAdresseerbaarObject;
  heeftAlsHoofdAdres: string;
  heeftAlsNevenAdres: readonly string[];
  /**
   * The hoofdadres belongs to another object (the test data gives one nummeraanduiding to two
   * objects); this one borrows it so that it can be served at all.
   */
  sharedHoofdadres: boolean;
}

export interface OpenbareRuimteRecord {
  identificatie: string;
  naam: string;
  korteNaam: string;
  woonplaatsIdentificatie: string;
}

export interface WoonplaatsRecord {
  identificatie: string;
  naam: string;
  gemeenteCode: string;
  gemeenteNaam?: string;
}

export interface Skipped {
  bron: Bron;
  bsn?: string;
  veld: 'adresseerbaarObjectIdentificatie' | 'nummeraanduidingIdentificatie';
  waarde: string;
  reden: string;
}

export interface Conflict {
  identificatie: string;
  veld: string;
  gekozen: string;
  varianten: readonly { waarde: string; aantal: number }[];
}

export interface SourceInfo {
  bron: Bron;
  file?: string;
  rows: number;
  /** Why an optional source was not read (absent, unreadable). */
  note?: string;
}

export interface BagData {
  readonly adressen: ReadonlyMap<string, AdresRecord>;
  readonly objecten: ReadonlyMap<string, ObjectRecord>;
  readonly openbareRuimten: ReadonlyMap<string, OpenbareRuimteRecord>;
  readonly woonplaatsen: ReadonlyMap<string, WoonplaatsRecord>;
  readonly sources: readonly SourceInfo[];
  readonly skipped: readonly Skipped[];
  readonly conflicts: readonly Conflict[];
}

// --- reading rows -----------------------------------------------------------------------------

type Row = Record<string, unknown>;
const isRow = (v: unknown): v is Row => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

function code(v: unknown): { code?: string; omschrijving?: string } {
  return isRow(v) ? { code: text(v.code), omschrijving: text(v.omschrijving) } : {};
}

function huisnummer(v: unknown): number | undefined {
  const raw = typeof v === 'number' ? String(v) : text(v);
  if (!raw || !/^[0-9]{1,5}$/.test(raw)) return undefined;
  const n = Number(raw);
  return n >= 1 && n <= 99999 ? n : undefined;
}

function matching(v: string | undefined, pattern: RegExp): string | undefined {
  return v !== undefined && pattern.test(v) ? v : undefined;
}

/** Reads one source's rows: BRP persons and historie/bewoning rows share `verblijfplaats`. */
function observe(source: SourceRows, start: number, skipped: Skipped[]): Observation[] {
  const out: Observation[] = [];
  let order = start;
  for (const row of source.rows) {
    if (!isRow(row) || !isRow(row.verblijfplaats)) continue;
    const v = row.verblijfplaats;
    const bsn = text(row.burgerservicenummer);
    const ids: Pick<Observation, 'adresseerbaarObjectIdentificatie' | 'nummeraanduidingIdentificatie'> = {};
    for (const [veld, pattern] of [['adresseerbaarObjectIdentificatie', AO_PATTERN], ['nummeraanduidingIdentificatie', NA_PATTERN]] as const) {
      if (v[veld] === undefined) continue;
      const raw = typeof v[veld] === 'string' ? v[veld] : JSON.stringify(v[veld]);
      const id = raw.trim();
      if (pattern.test(id)) ids[veld] = id;
      else {
        const reden = !/^[0-9]{16}$/.test(id)
          ? 'geen 16 cijfers'
          : /^0+$/.test(id)
            ? 'standaardwaarde (alleen nullen)'
            : `objecttypecode ${id.slice(4, 6)} past niet bij ${veld === 'adresseerbaarObjectIdentificatie' ? 'een adresseerbaar object (01, 02, 03)' : 'een nummeraanduiding (20)'}`;
        skipped.push({ bron: source.bron, bsn, veld, waarde: raw, reden });
      }
    }
    if (!ids.adresseerbaarObjectIdentificatie && !ids.nummeraanduidingIdentificatie) continue;
    const gemeente = code(row.gemeenteVanInschrijving ?? v.gemeenteVanInschrijving);
    const postcode = text(v.postcode)?.replace(/\s+/g, '').toUpperCase();
    out.push({
      bron: source.bron,
      order: order++,
      bsn,
      ...ids,
      openbareRuimteNaam: text(v.naamOpenbareRuimte) ?? text(v.straat),
      korteNaam: text(v.straat),
      huisnummer: huisnummer(v.huisnummer),
      huisletter: matching(text(v.huisletter), HUISLETTER),
      huisnummertoevoeging: matching(text(v.huisnummertoevoeging), TOEVOEGING),
      postcode: matching(postcode, POSTCODE),
      // A verblijfplaats without woonplaats lies in the gemeente van inschrijving (BRP rule).
      woonplaatsNaam: text(v.woonplaats) ?? gemeente.omschrijving,
      gemeenteCode: matching(gemeente.code, /^[0-9]{4}$/),
      gemeenteNaam: gemeente.omschrijving,
    });
  }
  return out;
}

// --- choosing ---------------------------------------------------------------------------------

interface Tally<T> {
  value: T;
  count: number;
  first: number;
}

/** Values by frequency, most frequent first; a tie goes to the value seen first. */
function tally<T>(items: readonly { value: T; order: number }[], key: (v: T) => string = String): Tally<T>[] {
  const byKey = new Map<string, Tally<T>>();
  for (const { value, order } of items) {
    const k = key(value);
    const t = byKey.get(k);
    if (t) t.count++;
    else byKey.set(k, { value, count: 1, first: order });
  }
  return [...byKey.values()].sort((a, b) => b.count - a.count || a.first - b.first);
}

type Variant = Pick<Observation, 'openbareRuimteNaam' | 'korteNaam' | 'huisnummer' | 'huisletter' | 'huisnummertoevoeging' | 'postcode' | 'woonplaatsNaam'>;

const variantOf = (o: Observation): Variant => ({
  openbareRuimteNaam: o.openbareRuimteNaam,
  korteNaam: o.korteNaam,
  huisnummer: o.huisnummer,
  huisletter: o.huisletter,
  huisnummertoevoeging: o.huisnummertoevoeging,
  postcode: o.postcode,
  woonplaatsNaam: o.woonplaatsNaam,
});
const variantKey = (v: Variant) => JSON.stringify(variantOf(v as Observation));
const describeVariant = (v: Variant) =>
  [v.openbareRuimteNaam, [v.huisnummer, v.huisletter, v.huisnummertoevoeging].filter((x) => x !== undefined).join(' '), v.postcode, v.woonplaatsNaam]
    .filter(Boolean)
    .join(', ');

function conflict<T>(conflicts: Conflict[], identificatie: string, veld: string, tallies: Tally<T>[], show: (v: T) => string): void {
  if (tallies.length < 2) return;
  conflicts.push({
    identificatie,
    veld,
    gekozen: show(tallies[0].value),
    varianten: tallies.map((t) => ({ waarde: show(t.value), aantal: t.count })),
  });
}

/** A free identificatie derived from a label: the hash, then the next free number. */
function allocate(taken: Set<string>, label: string, make: (n: number) => string, range: number): string {
  let n = hash32(label) % range;
  for (let i = 0; i < range; i++) {
    const id = make((n + i) % range);
    if (!taken.has(id)) {
      taken.add(id);
      return id;
    }
  }
  throw new Error(`no free identificatie for ${label}`);
}

export function objectType(identificatie: string): TypeAdresseerbaarObject | undefined {
  switch (identificatie.slice(4, 6)) {
    case '01':
      return 'Verblijfsobject';
    case '02':
      return 'Ligplaats';
    case '03':
      return 'Standplaats';
    default:
      return undefined;
  }
}

/** Builds the mock's data from rows in the test-data shapes; also how tests make data of their own. */
export function buildBagData(sources: readonly SourceRows[], info?: readonly SourceInfo[]): BagData {
  const skipped: Skipped[] = [];
  const conflicts: Conflict[] = [];
  const observations: Observation[] = [];
  for (const source of sources) observations.push(...observe(source, observations.length, skipped));

  // 1. Per nummeraanduiding: the address, its gemeente and its adresseerbaar object.
  const byNa = new Map<string, Observation[]>();
  for (const o of observations) {
    if (!o.nummeraanduidingIdentificatie) continue;
    const list = byNa.get(o.nummeraanduidingIdentificatie);
    if (list) list.push(o);
    else byNa.set(o.nummeraanduidingIdentificatie, [o]);
  }
  type Chosen = Omit<AdresRecord, 'openbareRuimteIdentificatie' | 'woonplaatsIdentificatie'> & { gemeenteNaam?: string; first: number };
  const chosen: Chosen[] = [];
  for (const [na, obs] of byNa) {
    const usable = obs.filter((o) => o.huisnummer !== undefined && o.openbareRuimteNaam && o.woonplaatsNaam);
    if (usable.length === 0) {
      const o = obs[0];
      skipped.push({ bron: o.bron, bsn: o.bsn, veld: 'nummeraanduidingIdentificatie', waarde: na, reden: 'geen huisnummer, straat of woonplaats in de testdata' });
      continue;
    }
    // The address the BRP Personen data gives most often, then one with a postcode, then the most
    // frequent over all sources, then the first seen.
    const inBrp = (v: Variant) => usable.filter((o) => o.bron === 'brp' && variantKey(o) === variantKey(v)).length;
    const variants = tally(usable.map((o) => ({ value: variantOf(o), order: o.order })), variantKey)
      .sort((a, b) =>
        inBrp(b.value) - inBrp(a.value) ||
        Number(b.value.postcode !== undefined) - Number(a.value.postcode !== undefined) ||
        b.count - a.count ||
        a.first - b.first);
    conflict(conflicts, na, 'adres', variants, describeVariant);
    const v = variants[0].value;
    const sameVariant = usable.filter((o) => variantKey(o) === variantKey(v));
    const withGemeente = (sameVariant.some((o) => o.gemeenteCode) ? sameVariant : obs).filter((o) => o.gemeenteCode);
    const gemeenten = tally(withGemeente.map((o) => ({ value: o.gemeenteCode as string, order: o.order })));
    conflict(conflicts, na, 'gemeenteCode', gemeenten, String);
    const gemeenteCode = gemeenten[0]?.value ?? na.slice(0, 4);
    const objecten = tally(obs.filter((o) => o.adresseerbaarObjectIdentificatie).map((o) => ({ value: o.adresseerbaarObjectIdentificatie as string, order: o.order })));
    conflict(conflicts, na, 'adresseerbaarObjectIdentificatie', objecten, String);
    chosen.push({
      nummeraanduidingIdentificatie: na,
      openbareRuimteNaam: v.openbareRuimteNaam as string,
      korteNaam: v.korteNaam ?? '',
      huisnummer: v.huisnummer as number,
      huisletter: v.huisletter,
      huisnummertoevoeging: v.huisnummertoevoeging,
      postcode: v.postcode,
      woonplaatsNaam: v.woonplaatsNaam as string,
      gemeenteCode,
      gemeenteNaam: withGemeente.find((o) => o.gemeenteCode === gemeenteCode)?.gemeenteNaam,
      adresseerbaarObjectIdentificatie: objecten[0]?.value,
      observations: obs.length,
      first: obs[0].order,
    });
  }

  // 2. Woonplaatsen by name: a 4-digit identificatie from the name, in name order.
  const woonplaatsNamen = [...new Set(chosen.map((c) => c.woonplaatsNaam))].sort();
  const woonplaatsen = new Map<string, WoonplaatsRecord>();
  const woonplaatsByNaam = new Map<string, WoonplaatsRecord>();
  const takenWpl = new Set<string>();
  for (const naam of woonplaatsNamen) {
    const hier = chosen.filter((c) => c.woonplaatsNaam === naam);
    const gemeente = tally(hier.map((c) => ({ value: c.gemeenteCode, order: c.first })))[0].value;
    const identificatie = allocate(takenWpl, `woonplaats:${naam}`, (n) => String(1000 + n), 9000);
    const record: WoonplaatsRecord = { identificatie, naam, gemeenteCode: gemeente, gemeenteNaam: hier.find((c) => c.gemeenteCode === gemeente && c.gemeenteNaam)?.gemeenteNaam };
    woonplaatsen.set(identificatie, record);
    woonplaatsByNaam.set(naam, record);
  }

  // 3. Openbare ruimten by (woonplaats, naam): gemeentecode + 30 + 10 digits from the name.
  const orKey = (c: Chosen) => `${woonplaatsByNaam.get(c.woonplaatsNaam)?.identificatie}|${c.openbareRuimteNaam}`;
  const orKeys = [...new Set(chosen.map(orKey))].sort();
  const openbareRuimten = new Map<string, OpenbareRuimteRecord>();
  const orByKey = new Map<string, OpenbareRuimteRecord>();
  const takenOr = new Set<string>();
  for (const key of orKeys) {
    const hier = chosen.filter((c) => orKey(c) === key);
    const { woonplaatsNaam, openbareRuimteNaam: naam } = hier[0];
    const woonplaats = woonplaatsByNaam.get(woonplaatsNaam) as WoonplaatsRecord;
    const korteNamen = tally(hier.filter((c) => c.korteNaam && c.korteNaam.length <= 24).map((c) => ({ value: c.korteNaam, order: c.first })));
    conflict(conflicts, key, 'korteNaam', korteNamen, String);
    const korteNaam = korteNamen[0]?.value ?? naam.slice(0, 24).trim();
    const identificatie = allocate(takenOr, `openbareRuimte:${key}`, (n) => `${woonplaats.gemeenteCode}30${String(n).padStart(10, '0')}`, 4_294_967_296);
    const record: OpenbareRuimteRecord = { identificatie, naam, korteNaam, woonplaatsIdentificatie: woonplaats.identificatie };
    openbareRuimten.set(identificatie, record);
    orByKey.set(key, record);
  }

  const adressen = new Map<string, AdresRecord>();
  for (const c of chosen) {
    const or = orByKey.get(orKey(c)) as OpenbareRuimteRecord;
    const { first: _first, gemeenteNaam: _gemeenteNaam, ...rest } = c;
    adressen.set(c.nummeraanduidingIdentificatie, {
      ...rest,
      openbareRuimteNaam: or.naam,
      korteNaam: or.korteNaam,
      openbareRuimteIdentificatie: or.identificatie,
      woonplaatsIdentificatie: or.woonplaatsIdentificatie,
    });
  }

  // 4. Adresseerbare objecten: every valid identificatie of the data with at least one address.
  const objecten = new Map<string, ObjectRecord>();
  const seenAo = new Map<string, Observation[]>();
  for (const o of observations) {
    if (!o.adresseerbaarObjectIdentificatie) continue;
    const list = seenAo.get(o.adresseerbaarObjectIdentificatie);
    if (list) list.push(o);
    else seenAo.set(o.adresseerbaarObjectIdentificatie, [o]);
  }
  const byCountThenFirst = (a: AdresRecord, b: AdresRecord) =>
    b.observations - a.observations || (byNa.get(a.nummeraanduidingIdentificatie)?.[0].order ?? 0) - (byNa.get(b.nummeraanduidingIdentificatie)?.[0].order ?? 0);
  for (const [ao, obs] of seenAo) {
    const type = objectType(ao) as TypeAdresseerbaarObject;
    const own = [...adressen.values()].filter((a) => a.adresseerbaarObjectIdentificatie === ao).sort(byCountThenFirst);
    if (own.length > 0) {
      objecten.set(ao, {
        identificatie: ao,
        type,
        heeftAlsHoofdAdres: own[0].nummeraanduidingIdentificatie,
        heeftAlsNevenAdres: own.slice(1).map((a) => a.nummeraanduidingIdentificatie),
        sharedHoofdadres: false,
      });
      continue;
    }
    const borrowed = tally(obs.filter((o) => o.nummeraanduidingIdentificatie && adressen.has(o.nummeraanduidingIdentificatie))
      .map((o) => ({ value: o.nummeraanduidingIdentificatie as string, order: o.order })));
    if (borrowed.length > 0) {
      objecten.set(ao, { identificatie: ao, type, heeftAlsHoofdAdres: borrowed[0].value, heeftAlsNevenAdres: [], sharedHoofdadres: true });
      continue;
    }
    skipped.push({ bron: obs[0].bron, bsn: obs[0].bsn, veld: 'adresseerbaarObjectIdentificatie', waarde: ao, reden: 'geen bruikbare nummeraanduiding in de testdata' });
  }

  return {
    adressen,
    objecten,
    openbareRuimten,
    woonplaatsen,
    sources: info ?? sources.map((s) => ({ bron: s.bron, rows: s.rows.length })),
    skipped,
    conflicts,
  };
}

/** Reads the source files that exist under `root`; the BRP test data must. */
export function readSources(root: string = PROJECT_ROOT): { sources: SourceRows[]; info: SourceInfo[] } {
  const sources: SourceRows[] = [];
  const info: SourceInfo[] = [];
  for (const { bron, file, required } of SOURCE_FILES) {
    const path = join(root, file);
    if (!existsSync(path)) {
      if (required) throw new Error(`${file}: missing; the BAG mock derives its addresses from it`);
      info.push({ bron, file, rows: 0, note: 'absent' });
      continue;
    }
    try {
      const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
      if (!Array.isArray(parsed)) throw new Error('expected an array of rows');
      sources.push({ bron, rows: parsed });
      info.push({ bron, file, rows: parsed.length });
    } catch (err) {
      if (required) throw new Error(`${file}: ${err instanceof Error ? err.message : String(err)}`);
      // Another engineer may be writing the file right now: an unreadable optional source is left out.
      info.push({ bron, file, rows: 0, note: `unreadable: ${err instanceof Error ? err.message : String(err)}` });
    }
  }
  return { sources, info };
}

let cached: BagData | undefined;

/** The data from the project's test data, built once per process. */
export function loadBagData(): BagData {
  if (cached) return cached;
  const { sources, info } = readSources();
  cached = buildBagData(sources, info);
  return cached;
}
