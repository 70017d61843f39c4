// Property, for the Edu-V part of the schema: for random operations over students, groups, employees
// and results with their links — random fields, aliases, link depths — × the demo's Edu-V receivers,
// each processing record is exactly what the response delivered of that person, per kind: a student's
// and an employee's record names the scope groups of the non-null values delivered of them (their
// groups as eduv.association), a result is recorded for its student as eduv.result, each under its own
// gegevensdienst's processing activity. The expected records are computed here from the response and
// the contract's scope groups, not from the plan. `npm run fuzz` runs more (FUZZ_RUNS, FUZZ_SEED).
import fc from 'fast-check';
import { getNamedType, isObjectType, isScalarType, isEnumType, type GraphQLObjectType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fieldScopes } from '../src/domains/eduv/diensten.ts';
import { buildFacadeSchema } from '../src/pipeline/6-execute/schema.ts';
import { eduvClient, startEduvHarness, type EduvHarness } from './support/eduv-harness.ts';
import { chooser } from './support/chooser.ts';

const RUNS = Math.max(1, Math.floor(Number(process.env.FUZZ_RUNS ?? 150) / 3));
const SEED = Number(process.env.FUZZ_SEED ?? 20261204);
const SCHOOL = '110A133';
const schema = buildFacadeSchema();

const RECEIVERS = [
  eduvClient('lvs-uitgever', 'eduv.student.basic eduv.education eduv.catalogue eduv.order eduv.association'),
  eduvClient('dashboard-inzicht', 'eduv.student.basic eduv.result'),
  // Asks for more than it is registered for: every such field is refused, nothing else changes.
  eduvClient('lvs-uitgever', 'eduv.student.basic eduv.student.demographics eduv.association eduv.employee.basic eduv.result'),
];

/** The kinds of subject and the activity each is recorded under. */
const KIND: Record<string, { activity: string; id: string; scopes?: () => ReadonlyMap<string, string> }> = {
  Student: { activity: 'EDUV-Onderwijsdeelnemers', id: 'userMasterIdentifier', scopes: () => fieldScopes('Student') },
  Employee: { activity: 'EDUV-Onderwijsmedewerkers', id: 'userMasterIdentifier', scopes: () => fieldScopes('Employee') },
  Result: { activity: 'EDUV-Leerresultaten', id: 'studentId' },
};

// ---- random operations (deterministic from one seed)

const LINK_TYPES = new Set(['Group', 'Student', 'Employee', 'Result']);

function selection(type: GraphQLObjectType, depth: number, c: ReturnType<typeof chooser>): string {
  // A subject's id always: the expected record is keyed by it (the facade asks it anyway, for the record).
  const parts: string[] = KIND[type.name] ? [KIND[type.name].id] : [];
  for (const [name, field] of Object.entries(type.getFields())) {
    const named = getNamedType(field.type);
    if (isScalarType(named) || isEnumType(named)) {
      if (name !== KIND[type.name]?.id && c.chance(0.4)) parts.push(c.chance(0.15) ? `a_${name}: ${name}` : name);
    } else if (isObjectType(named)) {
      const isLink = LINK_TYPES.has(named.name);
      if (isLink && depth <= 0) continue;
      if (c.chance(isLink ? 0.35 : 0.3)) parts.push(`${name} { ${selection(named, isLink ? depth - 1 : depth, c)} }`);
    }
  }
  return parts.length ? parts.join(' ') : '__typename';
}

function buildOperation(seed: number): string {
  const c = chooser(seed);
  const root = c.pick(['students', 'groups', 'employees', 'results'] as const);
  const depth = c.pick([0, 1, 1, 2]);
  const t = (name: string) => schema.getType(name) as GraphQLObjectType;
  if (root === 'groups') return `{ groups(onderwijsaanbieder: "${SCHOOL}") { ${selection(t('Group'), depth, c)} } }`;
  const item = { students: 'Student', employees: 'Employee', results: 'Result' }[root];
  return `{ ${root}(onderwijsaanbieder: "${SCHOOL}", first: ${c.pick([1, 2, 3])}) { items { ${selection(t(item), depth, c)} } } }`;
}

// ---- the expected records, from the response

type Records = Map<string, Set<string>>;

function hasLeaf(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (Array.isArray(value)) return value.some(hasLeaf);
  if (typeof value === 'object') return Object.values(value).some(hasLeaf);
  return true;
}

/** Walks a response value of `type`; subjects found anywhere are recorded with what was delivered of them. */
function expect_(value: unknown, type: GraphQLObjectType, records: Records): void {
  if (value === null || value === undefined) return;
  if (Array.isArray(value)) return value.forEach((v) => expect_(v, type, records));
  const object = value as Record<string, unknown>;
  const kind = KIND[type.name];
  const fields = type.getFields();
  let own: Set<string> | undefined;
  if (kind) {
    const id = object[kind.id] ?? object[`a_${kind.id}`];
    const key = `${kind.activity}|${String(id)}`;
    own = records.get(key) ?? new Set();
    records.set(key, own);
  }
  for (const [responseKey, v] of Object.entries(object)) {
    const name = responseKey.startsWith('a_') ? responseKey.slice(2) : responseKey;
    const field = fields[name];
    if (!field) continue;
    const named = getNamedType(field.type);
    if (isObjectType(named) && KIND[named.name]) {
      expect_(v, named, records);
      continue;
    }
    if (isObjectType(named)) {
      if (own && hasLeaf(v)) own.add(recordName(type.name, name));
      else if (!own) expect_(v, named, records);
      // Below a group (no subject): its members are subjects of their own.
      if (own) walkNested(v, named, records);
      continue;
    }
    if (own && v !== null && v !== undefined) own.add(recordName(type.name, name));
  }
}

/** How a delivered field of a subject is named in its record: its scope group (a result: eduv.result; groups: eduv.association). */
function recordName(typeName: string, field: string): string {
  if (typeName === 'Result') return 'eduv.result';
  if (field === 'groups') return 'eduv.association';
  return KIND[typeName]?.scopes?.().get(field) ?? field;
}

/** Subjects below a non-subject object that hangs under a subject (a student's groups' students). */
function walkNested(value: unknown, type: GraphQLObjectType, records: Records): void {
  if (value === null || value === undefined) return;
  if (Array.isArray(value)) return value.forEach((v) => walkNested(v, type, records));
  const object = value as Record<string, unknown>;
  for (const [responseKey, v] of Object.entries(object)) {
    const field = type.getFields()[responseKey.startsWith('a_') ? responseKey.slice(2) : responseKey];
    const named = field ? getNamedType(field.type) : undefined;
    if (named && isObjectType(named)) (KIND[named.name] ? expect_ : walkNested)(v, named, records);
  }
}

let h: EduvHarness;
beforeAll(async () => {
  h = await startEduvHarness();
});
afterAll(async () => h?.close());

describe('property (Edu-V): each record is exactly what was delivered of its person, per kind', () => {
  it('holds for random operations × receivers', async () => {
    let recordsChecked = 0;
    const kindsSeen = new Set<string>();
    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.constantFrom(...RECEIVERS), async (seed, claims) => {
        const query = buildOperation(seed);
        const res = await h.query(query, { token: await h.token(claims) });
        const codes = new Set((res.body.errors ?? []).map((e) => String(e.extensions?.code)));
        for (const code of codes) expect(['FORBIDDEN', 'QUERY_TOO_COMPLEX'], `${code}: ${JSON.stringify(res.body.errors)}\n${query}`).toContain(code);
        const { rows: [access] } = await h.store.query<{ operation_id: string }>('SELECT operation_id FROM protocol_access ORDER BY occurred_at DESC, seq DESC LIMIT 1');
        const { rows } = await h.store.query<{ subject_id: string; processing_activity: string; fields: string[] }>(
          `SELECT subject_id, processing_activity, fields FROM protocol_processing WHERE operation_id = $1 AND status = 'disclosed'`,
          [access.operation_id],
        );
        const recorded = new Map(rows.map((r) => [`${r.processing_activity}|${r.subject_id}`, [...r.fields].sort()]));
        const expected: Records = new Map();
        const data = (res.body.data ?? {}) as Record<string, unknown>;
        const types = { students: 'Student', groups: 'Group', employees: 'Employee', results: 'Result' } as const;
        for (const [root, type] of Object.entries(types)) {
          const value = data[root] as { items?: unknown } | unknown[] | undefined | null;
          if (!value) continue;
          const items = Array.isArray(value) ? value : (value as { items?: unknown }).items;
          const t = schema.getType(type) as GraphQLObjectType;
          if (type === 'Group') walkNested(items, t, expected);
          else expect_(items, t, expected);
        }
        const wanted = new Map([...expected].map(([k, s]) => [k, [...s].sort()]));
        expect(recorded, query).toEqual(wanted);
        recordsChecked += wanted.size;
        for (const k of wanted.keys()) kindsSeen.add(k.split('|')[0]);
      }),
      { numRuns: RUNS, seed: SEED },
    );
    // The property must have met every kind of subject, and many records.
    expect([...kindsSeen].sort()).toEqual(['EDUV-Leerresultaten', 'EDUV-Onderwijsdeelnemers']);
    expect(recordsChecked).toBeGreaterThan(RUNS);
    // As the BRP property: room for the runs `npm run fuzz` asks, on a loaded machine.
  }, 30_000 + RUNS * 100);
});
