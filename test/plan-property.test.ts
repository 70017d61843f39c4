// Property: for random operations over the whole BRP schema — every field of
// Persoon and PersoonBeperkt including the …Binnenland variants, dates with
// langFormaat, inOnderzoek, union members by inline fragment, aliases, named
// fragments spread twice, @skip/@include with variables, links, searches with
// random criteria, the verblijfplaatshistorie (periods and peildata) and the reisdocumenten as fields
// of the person and as root queries — × every persona × persons from the official test data:
//   (a) every non-null leaf delivered is in its person's processing record, and
//       every recorded field was delivered (or revealed by a search criterion);
//   (b) the upstream `fields` lie within the purpose (Personen's and Reisdocumenten's);
//   (c) every search criterion sent upstream reveals only permitted fields.
// The expected record is computed here from the response itself, with the
// BRP's rules (whole dates and code tables, the domestic aliases' source
// groups, links) written out from the specification — not from the plan.
//
// `npm test` runs a fixed seed and a bounded number of runs; `npm run fuzz`
// runs many more (FUZZ_RUNS, FUZZ_SEED).
import fc from 'fast-check';
import { getNamedType, isAbstractType, isCompositeType, isInterfaceType, isObjectType, type GraphQLCompositeType, type GraphQLField } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFacadeSchema } from '../src/pipeline/6-execute/schema.ts';
import { FieldSet } from '../rules/field-set.ts';
import { PROPERTY_PERSONAS } from './support/personas.ts';
import { examplePolicy, startHarness, type Harness, type RecordingProtocol } from './support/harness.ts';
import { chooser } from './support/chooser.ts';

// Enough runs at the fixed seed that every API of the family delivers (asserted at the end).
const RUNS = Number(process.env.FUZZ_RUNS ?? 200);
const SEED = Number(process.env.FUZZ_SEED ?? 20261202);

const schema = buildFacadeSchema();

// ---- the BRP's rules, from the specification (fields-*.feature, the OpenAPI file)
/** Delivered whole: any part of it is the field (fields-datum.feature, code tables). */
const WHOLE_TYPES = new Set(['AbstractDatum', 'Datum', 'DatumOnbekend', 'JaarDatum', 'JaarMaandDatum', 'Waardetabel', 'AdellijkeTitelPredicaatType']);
/** Delivered without being asked, as a group. */
const AUTO_ROOT = new Set(['geheimhoudingPersoonsgegevens', 'opschortingBijhouding', 'rni', 'verificatie']);
/** The domestic aliases are answered under their source group. */
const SOURCE_OF: Record<string, string> = { verblijfplaatsBinnenland: 'verblijfplaats', adresseringBinnenland: 'adressering' };
const LINKS = new Set(['Partner.persoon', 'Ouder.persoon', 'Kind.persoon']);
/** Persons reached from an address (BRP Bewoning): each a data subject of their own. */
const PERSON_LISTS = new Set(['Bewoning.bewoners', 'Bewoning.mogelijkeBewoners']);
/** What a criterion of ZoekMetPostcodeEnHuisnummer reveals of a hit. */
const POSTCODE_SEARCH: Record<string, string> = {
  postcode: 'verblijfplaats.verblijfadres.postcode',
  huisnummer: 'verblijfplaats.verblijfadres.huisnummer',
  geboortedatum: 'geboorte.datum',
  geslachtsnaam: 'naam.geslachtsnaam',
};
const CRITERION_VALUES: Record<string, string | number> = { postcode: '3077AW', huisnummer: 31, geboortedatum: '1985-12-01', geslachtsnaam: 'Moulin' };

const PERSONAS = PROPERTY_PERSONAS;
const PERSONS = ['999993653', '999990378', '999991036', '000009957', '999970239', '999995078', '999992764', '999991267', '999991851'];
/** Holders of reisdocumenten in the test data: valid, ingehouden, vermist, expired. */
const HOLDERS = ['999995078', '999992764', '999992041', '999991553', '999993653'];

// ---- random operations

const fieldsOf = (type: GraphQLCompositeType): Array<[string, GraphQLField<unknown, unknown>]> =>
  isObjectType(type) || isInterfaceType(type) ? Object.entries(type.getFields()) : [];

interface Built {
  query: string;
  variables: Record<string, unknown>;
  search?: Record<string, string | number>;
  /** A root of another API: its response key and type. */
  root?: [string, string];
}

function buildOperation(seed: number): Built {
  const c = chooser(seed);
  const fragments: string[] = [];
  let aliasNo = 0;
  const directive = () => (c.chance(0.1) ? c.pick([' @include(if: $yes)', ' @skip(if: $no)', ' @include(if: $no)', ' @skip(if: $yes)']) : '');
  const key = (name: string) => (aliasNo < 40 && c.chance(0.15) ? `a${aliasNo++}_${name}: ${name}` : name);

  function select(type: GraphQLCompositeType, depth: number, links: boolean): string {
    const parts: string[] = [];
    const density = depth === 0 ? 0.35 : 0.5;
    for (const [name, field] of fieldsOf(type)) {
      if (field.deprecationReason || !c.chance(density)) continue;
      const named = getNamedType(field.type);
      const coordinate = `${type.name}.${name}`;
      if (LINKS.has(coordinate)) {
        if (links) parts.push(`${key(name)}${directive()} { burgerservicenummer ${select(named as GraphQLCompositeType, 0, false)} }`);
        continue;
      }
      if (!isCompositeType(named)) {
        parts.push(`${key(name)}${directive()}`);
        continue;
      }
      const inner = depth < 4 ? select(named, depth + 1, links) : '';
      if (!inner) continue;
      if (coordinate === 'Persoon.verblijfplaatshistorie' || coordinate === 'Adres.bewoning') {
        parts.push(`${key(name)}(${historieArguments()})${directive()} { ${inner} }`);
        continue;
      }
      if (PERSON_LISTS.has(coordinate) || coordinate === 'Bewoner.persoon') {
        parts.push(`${key(name)}${directive()} { burgerservicenummer ${inner} }`);
        continue;
      }
      if (c.chance(0.08)) {
        // A named fragment, spread twice at the same place.
        const fragment = `F${fragments.length}`;
        fragments.push(`fragment ${fragment} on ${named.name} { ${inner} }`);
        parts.push(`${key(name)}${directive()} { ...${fragment} ...${fragment} }`);
      } else parts.push(`${key(name)}${directive()} { ${inner} }`);
    }
    if (isAbstractType(type)) {
      if (c.chance(0.3)) parts.push('__typename');
      for (const concrete of schema.getPossibleTypes(type)) {
        if (!c.chance(0.5)) continue;
        const own = new Set(fieldsOf(type).map(([n]) => n));
        const extra = fieldsOf(concrete).filter(([n, f]) => !own.has(n) && !f.deprecationReason && c.chance(0.6));
        const inner = extra
          .map(([n, f]) => {
            const named = getNamedType(f.type);
            if (!isCompositeType(named)) return key(n);
            const sub = depth < 4 ? select(named, depth + 1, links) : '';
            if (sub && `${concrete.name}.${n}` === 'Adres.bewoning') return `${key(n)}(${historieArguments()}) { ${sub} }`;
            return sub ? `${key(n)} { ${sub} }` : '';
          })
          .filter(Boolean);
        if (inner.length) parts.push(`... on ${concrete.name} { ${inner.join(' ')} }`);
      }
    }
    return parts.join(' ');
  }

  /** A peildatum or a period, as the API asks them. */
  function historieArguments(): string {
    return c.chance(0.5) ? `peildatum: "${c.pick(['2000-01-01', '2014-06-01', '2020-02-29'])}"` : `datumVan: "${c.pick(['1950-01-01', '2010-01-01'])}", datumTot: "${c.pick(['2015-01-01', '2030-01-01'])}"`;
  }

  const bsn = c.pick(PERSONS);
  // Only the variables the operation uses may be declared.
  const operation = (selection: string) => {
    const used = [selection.includes('$yes') || fragments.some((f) => f.includes('$yes')) ? '$yes: Boolean = true' : '', selection.includes('$no') || fragments.some((f) => f.includes('$no')) ? '$no: Boolean = false' : ''].filter(Boolean);
    return `query Random${used.length ? `(${used.join(', ')})` : ''} { ${selection} }\n${fragments.join('\n')}`;
  };
  if (c.chance(0.2)) {
    const criteria = Object.keys(POSTCODE_SEARCH).filter((k, i) => i < 2 || c.chance(0.4));
    const search = Object.fromEntries(criteria.map((k) => [k, CRITERION_VALUES[k]]));
    const args = Object.entries(search).map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join(', ');
    const body = select(schema.getType('PersoonBeperkt') as GraphQLCompositeType, 0, false);
    return { query: operation(`zoekPersonen(postcodeEnHuisnummer: { ${args} }) { burgerservicenummer ${body} }`), variables: {}, search };
  }
  if (c.chance(0.2)) {
    const body = select(schema.getType('Verblijfplaatshistorie') as GraphQLCompositeType, 0, false);
    return { query: operation(`verblijfplaatshistorie(burgerservicenummer: "${bsn}", ${historieArguments()}) { burgerservicenummer ${body} }`), variables: {}, root: ['verblijfplaatshistorie', 'Verblijfplaatshistorie'] };
  }
  if (c.chance(0.25)) {
    const body = select(schema.getType('Reisdocumentenhouder') as GraphQLCompositeType, 0, false);
    return { query: operation(`reisdocumenten(burgerservicenummer: "${c.pick(HOLDERS)}") { burgerservicenummer ${body} }`), variables: {}, root: ['reisdocumenten', 'Reisdocumentenhouder'] };
  }
  const root = c.chance(0.5) ? `persoon(burgerservicenummer: "${bsn}")` : `personen(burgerservicenummers: ["${bsn}", "${c.pick(PERSONS)}"])`;
  const body = select(schema.getType('Persoon') as GraphQLCompositeType, 0, true);
  return { query: operation(`${root} { burgerservicenummer ${body} }`), variables: {} };
}

// ---- the expected record, from the response

const decode = (key: string) => key.match(/^a\d+_(.+)$/)?.[1] ?? key;
const fromSource = (path: string[]) => [SOURCE_OF[path[0]] ?? path[0], ...path.slice(1)].join('.');

/** Whether an object of the response can be of this type: every key a field of it, nested objects too. */
function fits(type: GraphQLCompositeType, object: Record<string, unknown>): boolean {
  if (isAbstractType(type)) return schema.getPossibleTypes(type).some((t) => fits(t, object));
  const fields = fieldsOf(type);
  return Object.entries(object).every(([key, value]) => {
    if (key === '__typename') return true;
    const field = fields.find(([n]) => n === decode(key))?.[1];
    if (!field) return false;
    const named = getNamedType(field.type);
    const items = (Array.isArray(value) ? value : [value]).filter((v): v is Record<string, unknown> => v !== null && typeof v === 'object');
    return !isCompositeType(named) || items.every((item) => fits(named, item));
  });
}

/** The concrete type of an object of an abstract type, told by the fields it holds. */
function concreteOf(type: GraphQLCompositeType, object: Record<string, unknown>): GraphQLCompositeType {
  if (!isAbstractType(type)) return type;
  return schema.getPossibleTypes(type).find((t) => fits(t, object)) ?? type;
}

function fieldOn(type: GraphQLCompositeType, name: string): GraphQLField<unknown, unknown> | undefined {
  return fieldsOf(type).find(([n]) => n === name)?.[1];
}

type Records = Map<string, Set<string>>;

function expectPerson(value: unknown, typeName: string, records: Records, revealed: readonly string[] = []): void {
  if (value === null || value === undefined) return;
  if (Array.isArray(value)) return value.forEach((v) => expectPerson(v, typeName, records, revealed));
  const person = value as Record<string, unknown>;
  const bsn = person.burgerservicenummer as string;
  const set = records.get(bsn) ?? new Set<string>();
  records.set(bsn, set);
  for (const r of revealed) set.add(r);
  expectFields(person, schema.getType(typeName) as GraphQLCompositeType, [], set, records, undefined);
}

/** Returns how many paths it recorded for this person itself (not for persons reached below), as the facade counts. */
function expectFields(object: Record<string, unknown>, declared: GraphQLCompositeType, path: string[], set: Set<string>, records: Records, whole: string | undefined): number {
  const type = concreteOf(declared, object);
  let added = 0;
  const add = (p: string) => {
    set.add(p);
    added++;
  };
  for (const [responseKey, v] of Object.entries(object)) {
    if (v === null || v === undefined) continue;
    if (responseKey === '__typename') {
      if (whole) add(whole);
      else if (isAbstractType(declared) && path.length) add(`${fromSource(path)}.type`);
      continue;
    }
    const name = decode(responseKey);
    const field = fieldOn(type, name);
    if (!field) throw new Error(`response key ${responseKey} is no field of ${type.name}`);
    const named = getNamedType(field.type);
    const at = [...path, name];
    if (LINKS.has(`${type.name}.${name}`)) {
      add(`${fromSource(path)}.burgerservicenummer`);
      expectPerson(v, 'Persoon', records);
      continue;
    }
    // A bewoner is a person: recorded under their own BSN; following them to Personen adds to that.
    if (PERSON_LISTS.has(`${type.name}.${name}`)) {
      expectPerson(v, 'Bewoner', records);
      continue;
    }
    if (`${type.name}.${name}` === 'Bewoner.persoon') {
      expectPerson(v, 'Persoon', records);
      continue;
    }
    const unit = whole ?? (WHOLE_TYPES.has(named.name) || name === 'inOnderzoek' || (path.length === 0 && AUTO_ROOT.has(name)) ? fromSource(at) : undefined);
    const items = Array.isArray(v) ? v : [v];
    if (isCompositeType(named)) {
      let below = 0;
      for (const item of items) if (item !== null && typeof item === 'object') below += expectFields(item as Record<string, unknown>, named, at, set, records, unit);
      added += below;
      // A non-empty list that delivered nothing recordable for this person still tells its length.
      if (!whole && below === 0 && Array.isArray(v) && v.some((i) => i !== null && i !== undefined)) add(fromSource(at));
    } else if (items.some((i) => i !== null && i !== undefined)) {
      add(unit ?? fromSource(at));
    }
  }
  return added;
}

// ---- the property

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

describe('property: the record is exactly what was delivered; nothing outside the purpose is asked or searched by', () => {
  it('holds for random operations × personas × persons', async () => {
    const rec = h.protocol as RecordingProtocol;
    let checkedLeaves = 0;
    /** Operations that asked a bewoning and delivered more than one person. */
    let bewonersDelivered = 0;
    /** Leaves delivered of the other APIs: the property must have been exercised on them too. */
    const otherApis = { verblijfplaatshistorie: 0, reisdocumenten: 0, 'verblijfplaats.bewoning': 0 };
    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.constantFrom(...PERSONAS), async (seed, persona) => {
        const op = buildOperation(seed);
        h.mock.clearRequests();
        h.historie.clearRequests();
        h.reisdocumenten.clearRequests();
        h.bewoning.clearRequests();
        h.bag.clearRequests();
        const res = await h.query(op.query, { variables: op.variables, token: await h.token(persona.claims), headers: persona.header ? { 'x-doelbinding': persona.header } : {} });
        // Only denials (and the BRP's own refusals): a generated operation is always a valid one.
        const codes = new Set((res.body.errors ?? []).map((e) => String(e.extensions?.code)));
        for (const code of codes) expect(['FORBIDDEN'], `${code}: ${JSON.stringify(res.body.errors)}\n${op.query}`).toContain(code);
        const access = rec.access.at(-1)!;
        const disclosed = rec.processing.filter((p) => p.operationId === access.operationId && p.status === 'disclosed');

        // (a) exactly what the response delivers, per person
        const expected: Records = new Map();
        const data = (res.body.data ?? {}) as Record<string, unknown>;
        if (data.zoekPersonen) expectPerson(data.zoekPersonen, 'PersoonBeperkt', expected, Object.keys(op.search ?? {}).map((k) => POSTCODE_SEARCH[k]));
        for (const root of ['persoon', 'personen']) if (data[root]) expectPerson(data[root], 'Persoon', expected);
        if (op.root && data[op.root[0]]) expectPerson(data[op.root[0]], op.root[1], expected);
        const recorded = new Map(disclosed.map((p) => [p.subjectId, [...p.fields].sort()]));
        if (h.bewoning.requests.length && recorded.size > 1) bewonersDelivered++;
        const wanted = new Map([...expected].map(([bsn, set]) => [bsn, [...set].sort()]));
        expect(recorded).toEqual(wanted);
        checkedLeaves += [...wanted.values()].reduce((n, f) => n + f.length, 0);
        for (const fields of wanted.values()) for (const f of fields) for (const api of ['verblijfplaatshistorie', 'reisdocumenten', 'verblijfplaats.bewoning'] as const) if (f.startsWith(`${api}.`)) otherApis[api]++;

        const purpose = persona.purpose ? examplePolicy.purposes.get(persona.purpose) : undefined;
        if (!purpose) {
          expect(h.mock.requests).toHaveLength(0);
          expect(h.historie.requests).toHaveLength(0);
          expect(h.reisdocumenten.requests).toHaveLength(0);
          expect(h.bewoning.requests).toHaveLength(0);
          expect(h.bag.requests).toHaveLength(0);
          return;
        }
        const fieldSet = new FieldSet(purpose.fields);
        // (b) Reisdocumenten: every field asked is permitted (the holder's BSN, by which documents are matched, aside).
        for (const { body } of h.reisdocumenten.requests) {
          const outside = ((body as { fields: string[] }).fields).filter((f) => f !== 'houder.burgerservicenummer' && !fieldSet.permits(`reisdocumenten.${f}`));
          expect(outside).toEqual([]);
        }
        // A purpose without the verblijfplaatshistorie, the bewoning or the BAG never reaches them.
        if (!fieldSet.hasAnyOf('verblijfplaatshistorie')) expect(h.historie.requests).toHaveLength(0);
        if (!fieldSet.hasAnyOf('verblijfplaats.bewoning')) expect(h.bewoning.requests).toHaveLength(0);
        if (!fieldSet.hasAnyOf('verblijfplaats.adresseerbaarObject')) expect(h.bag.requests).toHaveLength(0);
        for (const request of h.upstreamRequests()) {
          // (b) the push-down stays within the purpose
          const outside = (request.fields as string[]).filter((f) => !fieldSet.permits(f) && !(f.endsWith('.type') && fieldSet.mayEnter(f.slice(0, -5))));
          expect(outside).toEqual([]);
          // (c) every criterion sent reveals a permitted field
          if (request.type === 'ZoekMetPostcodeEnHuisnummer') {
            for (const criterion of Object.keys(POSTCODE_SEARCH)) if (criterion in request) expect(fieldSet.permits(POSTCODE_SEARCH[criterion]), criterion).toBe(true);
          }
        }
      }),
      { numRuns: RUNS, seed: SEED },
    );
    // The property was exercised on real deliveries, not only on empty answers.
    expect(checkedLeaves).toBeGreaterThan(RUNS);
    expect(otherApis.verblijfplaatshistorie).toBeGreaterThan(0);
    expect(otherApis.reisdocumenten).toBeGreaterThan(0);
    expect(otherApis['verblijfplaats.bewoning'] + bewonersDelivered).toBeGreaterThan(0);
    // npm run fuzz runs thousands of operations through HTTP: the time grows with the runs.
  }, 30_000 + RUNS * 100);
});
