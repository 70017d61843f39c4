// Edu-V beyond students, through HTTP: groups, employees, results and norms, each object behind the
// layers of its own gegevensdienst — also when reached through a link — with the activation's narrowing
// carried across links (a group outside it is invisible, and so are its members), per-level batching,
// and a processing record per person and kind. A property test follows random link paths and finds no
// member of a group outside the activation by any of them.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryBySubject } from '../src/engine/protocol/query.ts';
import { DisclosureCollector } from '../src/engine/record/disclosures.ts';
import { beheerder, eduvClient, NARROWED_OFFERING, SENDER, startEduvHarness, type EduvHarness } from './support/eduv-harness.ts';

const SCHOOL = '110A133';
const DASHBOARD_OIN = '00000003777788880000';
const publisher = eduvClient('lvs-uitgever', 'eduv.student.basic eduv.education eduv.catalogue eduv.order eduv.association');
const dashboard = eduvClient('dashboard-inzicht', 'eduv.student.basic eduv.result');

type Json = Record<string, unknown>;
type Response = { data?: Json | null; errors?: Array<{ path?: Array<string | number>; extensions?: Record<string, unknown> }> };

let h: EduvHarness;
beforeAll(async () => {
  h = await startEduvHarness();
});
afterAll(async () => {
  await h?.close();
});

const ask = async (query: string, claims: Record<string, unknown>): Promise<Response> => (await h.query(query, { token: await h.token(claims) })).body as Response;
const reasonsAt = (res: Response, last: string) => [...new Set((res.errors ?? []).filter((e) => e.path?.at(-1) === last).map((e) => e.extensions?.reason))];
const inSubset = (ids: unknown) => Array.isArray(ids) && ids.includes(NARROWED_OFFERING);
/** Students of the school in the narrowed subject offering: the only ones the publisher may see. */
const subsetStudents = () => new Set(h.eduvMock.data.students.filter((r) => r.aanbiederId === SCHOOL && r.student.subjectOfferingIds.includes(NARROWED_OFFERING)).map((r) => r.student.userMasterIdentifier));

/** Every object of a response with its GraphQL field name, depth first. */
function* objectsOf(value: unknown, field = ''): Generator<{ field: string; object: Json }> {
  if (Array.isArray(value)) for (const v of value) yield* objectsOf(v, field);
  else if (value && typeof value === 'object') {
    yield { field, object: value as Json };
    for (const [k, v] of Object.entries(value)) yield* objectsOf(v, k);
  }
}

describe('groups through the students they hold, within the activations', () => {
  it('shows a student\'s groups of the activated subject offering only, their students within the students activation, and no employees', async () => {
    const res = await ask(`{ students(onderwijsaanbieder: "${SCHOOL}", first: 5) { items { userMasterIdentifier groups { id subjectOfferingIds students { userMasterIdentifier } employees { givenName } } } } }`, publisher);
    const items = (res.data!.students as { items: Array<{ groups: Array<{ subjectOfferingIds: string[]; students: Array<{ userMasterIdentifier: string }> }> }> }).items;
    expect(items).toHaveLength(5);
    const groups = items.flatMap((s) => s.groups);
    expect(groups.length).toBeGreaterThan(0);
    expect(groups.every((g) => g.subjectOfferingIds.includes(NARROWED_OFFERING))).toBe(true);
    const members = groups.flatMap((g) => g.students.map((s) => s.userMasterIdentifier));
    expect(members.length).toBeGreaterThan(0);
    expect(members.every((m) => subsetStudents().has(m))).toBe(true);
    // The publisher has no employee scope: refused at the plan, nothing asked upstream.
    expect(reasonsAt(res, 'employees')).toEqual(['SCOPE_MISSING']);
    expect(h.eduvMock.requests.some((r) => r.path.endsWith('/employees'))).toBe(false);
  });

  it('batches per level: one call per kind of link, whatever the number of parents', async () => {
    h.eduvMock.clearRequests();
    await ask(`{ students(onderwijsaanbieder: "${SCHOOL}", first: 20) { items { groups { students { groups { id } } } } } }`, publisher);
    const calls = (suffix: string) => h.eduvMock.requests.filter((r) => r.path.endsWith(suffix)).length;
    // students page · enrolments of the page · their groups · enrolments of the groups · the members · their enrolments · their groups
    expect(calls('/students/school')).toBeLessThanOrEqual(2);
    expect(calls('/enrolments')).toBeLessThanOrEqual(4);
    expect(calls('/groups')).toBeLessThanOrEqual(4);
  });

  it('records each person once per kind, with the scope groups disclosed — membership as eduv.association', async () => {
    const res = await ask(`{ students(onderwijsaanbieder: "${SCHOOL}", first: 2) { items { userMasterIdentifier givenName groups { name } } } }`, publisher);
    const member = (res.data!.students as { items: Array<{ userMasterIdentifier: string }> }).items[0].userMasterIdentifier;
    const [record] = (await queryBySubject(h.store, { subjectType: 'ECK_ID', subjectId: member })).slice(-1);
    expect(record).toMatchObject({ status: 'disclosed', processingActivity: 'EDUV-Onderwijsdeelnemers', fields: ['eduv.association', 'eduv.student.basic'], who: { clientId: 'lvs-uitgever' } });
  });
});

describe('results for a dashboard', () => {
  it('delivers results under their own activity, and no staff', async () => {
    const res = await ask(`{ results(onderwijsaanbieder: "${SCHOOL}", first: 10) { items { studentId productId usage { minutesActive } scores { grade } } } }`, dashboard);
    expect(res.errors).toBeUndefined();
    const results = (res.data!.results as { items: Array<{ studentId: string }> }).items;
    expect(results).toHaveLength(10);
    const [record] = (await queryBySubject(h.store, { subjectType: 'ECK_ID', subjectId: results[0].studentId })).slice(-1);
    expect(record).toMatchObject({ processingActivity: 'EDUV-Leerresultaten', fields: ['eduv.result'], who: { clientId: 'dashboard-inzicht' } });
    // Students with their results: two records per student, one per kind, each under its own activity.
    const both = await ask(`{ students(onderwijsaanbieder: "${SCHOOL}", first: 1) { items { userMasterIdentifier results { productId } } } }`, dashboard);
    expect(both.errors).toBeUndefined();
    const eck = (both.data!.students as { items: Array<{ userMasterIdentifier: string }> }).items[0].userMasterIdentifier;
    const records = (await queryBySubject(h.store, { subjectType: 'ECK_ID', subjectId: eck })).slice(-2);
    expect(records.map((r) => [r.processingActivity, r.fields]).sort()).toEqual([
      ['EDUV-Leerresultaten', ['eduv.result']],
      ['EDUV-Onderwijsdeelnemers', ['eduv.student.basic']],
    ]);
    const employees = await ask(`{ employees(onderwijsaanbieder: "${SCHOOL}") { items { givenName } } }`, dashboard);
    expect(employees.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('narrows results when the applicatiebeheerder narrows the results activation', async () => {
    const token = await h.token(beheerder());
    const narrowed = await h.query(`mutation($i: ActivateExchangeInput!) { activateExchange(input: $i) { status subjectOfferingIds } }`, {
      token,
      variables: { i: { gegevensdienst: 'results', onderwijsaanbieder: SCHOOL, receiverOin: DASHBOARD_OIN, subjectOfferingIds: [NARROWED_OFFERING] } },
    });
    expect(narrowed.body.errors).toBeUndefined();
    const res = await ask(`{ results(onderwijsaanbieder: "${SCHOOL}", first: 50) { items { subjectOfferingId } } }`, dashboard);
    const items = (res.data!.results as { items: Array<{ subjectOfferingId: string }> }).items;
    expect(items.length).toBeGreaterThan(0);
    expect(new Set(items.map((r) => r.subjectOfferingId))).toEqual(new Set([NARROWED_OFFERING]));
    await h.query(`mutation($i: ActivateExchangeInput!) { activateExchange(input: $i) { status } }`, {
      token,
      variables: { i: { gegevensdienst: 'results', onderwijsaanbieder: SCHOOL, receiverOin: DASHBOARD_OIN } },
    });
  });
});

describe('employees, school periods and norms, each behind its own layers', () => {
  const NOORDKAAP = '00000003876543210000';
  const staff = eduvClient('staff-portal', 'eduv.employee.basic eduv.employee.communication eduv.association eduv.norm');
  beforeAll(async () => {
    // A second application of the publisher, registered for staff data and norms; employees activated.
    await h.registry.upsertClient({ clientId: 'staff-portal', participantOin: NOORDKAAP, application: 'Noordkaap Docentportaal', scopes: ['eduv.employee.basic', 'eduv.employee.communication', 'eduv.employee.roles', 'eduv.association', 'eduv.norm', 'eduv.student.basic'] });
    await h.registry.activate({ gegevensdienst: 'employees', onderwijsaanbieder: SCHOOL, senderOin: SENDER, receiverOin: NOORDKAAP }, { actor: { subject: 'test' } });
  });

  it('delivers employees with the scope groups of the token only, recorded under their own activity', async () => {
    const res = await ask(`{ employees(onderwijsaanbieder: "${SCHOOL}", first: 3) { items { userMasterIdentifier givenName email jobTitle groups { subjectOfferingIds } } } }`, staff);
    const items = (res.data!.employees as { items: Array<{ userMasterIdentifier: string; email: string; jobTitle: string | null; groups: Array<{ subjectOfferingIds: string[] }> }> }).items;
    expect(items).toHaveLength(3);
    expect(items.every((e) => typeof e.email === 'string' && e.jobTitle === null)).toBe(true);
    // eduv.employee.roles is registered, but the token does not carry it.
    expect(reasonsAt(res, 'jobTitle')).toEqual(['SCOPE_MISSING']);
    // The publisher's association activation is narrowed: an employee's other groups are not shown.
    expect(items.flatMap((e) => e.groups).every((g) => g.subjectOfferingIds.includes(NARROWED_OFFERING))).toBe(true);
    const [record] = (await queryBySubject(h.store, { subjectType: 'ECK_ID', subjectId: items[0].userMasterIdentifier })).slice(-1);
    expect(record).toMatchObject({ processingActivity: 'EDUV-Onderwijsmedewerkers', who: { clientId: 'staff-portal' } });
    expect(record.fields).toEqual(expect.arrayContaining(['eduv.employee.basic', 'eduv.employee.communication']));
    expect(record.fields).not.toContain('eduv.employee.roles');
  });

  it('reaches a group\'s employees only with employees activated', async () => {
    const viaStaff = await ask(`{ groups(onderwijsaanbieder: "${SCHOOL}") { id employees { givenName } } }`, staff);
    expect(viaStaff.errors).toBeUndefined();
    expect((viaStaff.data!.groups as Array<{ employees: unknown[] }>).some((g) => g.employees.length > 0)).toBe(true);
    // The dashboard has neither the association nor employees: the group root is refused before any call.
    const viaDashboard = await ask(`{ groups(onderwijsaanbieder: "${SCHOOL}") { id employees { givenName } } }`, dashboard);
    expect(viaDashboard.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('serves school periods only once activated (class II), and norms without an activation (class III, no personal data)', async () => {
    const periods = () => ask(`{ schoolPeriods(onderwijsaanbieder: "${SCHOOL}") { id name startDate } }`, { ...staff, scope: `${staff.scope} eduv.association` });
    expect((await periods()).errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'ACTIVATION_REQUIRED' });
    await h.registry.activate({ gegevensdienst: 'schoolperiods', onderwijsaanbieder: SCHOOL, senderOin: SENDER, receiverOin: NOORDKAAP }, { actor: { subject: 'test' } });
    const after = await periods();
    expect(after.errors).toBeUndefined();
    expect((after.data!.schoolPeriods as unknown[]).length).toBeGreaterThan(0);
    const norms = await ask(`{ norms(productIds: ["LM-0002"]) { id productId maximumPoints nTerm } }`, staff);
    expect(norms.errors).toBeUndefined();
    const list = norms.data!.norms as Array<{ productId: string }>;
    expect(list.length).toBeGreaterThan(0);
    expect(list.every((n) => n.productId === 'LM-0002')).toBe(true);
    // Norms name nobody: no processing record for them.
    const { rows } = await h.store.query<{ n: number }>(`SELECT count(*)::int AS n FROM protocol_processing p JOIN protocol_access a USING (operation_id) WHERE a.operation_id = (SELECT operation_id FROM protocol_access ORDER BY occurred_at DESC, seq DESC LIMIT 1)`);
    expect(rows[0].n).toBe(0);
  });
});

describe('no member of a group outside the activation, by any path', () => {
  // Random link paths from the roots the publisher may use; depth up to four links.
  const LINKS: Record<string, Array<[string, string]>> = {
    Student: [['groups', 'Group']],
    Group: [['students', 'Student']],
  };
  const leaf: Record<string, string> = { Student: 'userMasterIdentifier subjectOfferingIds', Group: 'id subjectOfferingIds' };
  const pathOf = (type: string, depth: number): fc.Arbitrary<string> =>
    depth === 0
      ? fc.constant(leaf[type])
      : fc.oneof(
          fc.constant(leaf[type]),
          ...LINKS[type].map(([field, target]) => pathOf(target, depth - 1).map((inner) => `${leaf[type]} ${field} { ${inner} }`)),
        );
  const operation = fc.oneof(
    pathOf('Student', 4).map((p) => `{ students(onderwijsaanbieder: "${SCHOOL}", first: 3) { items { ${p} } } }`),
    pathOf('Group', 2).map((p) => `{ groups(onderwijsaanbieder: "${SCHOOL}") { ${p} } }`),
  );

  it('holds for random link paths', async () => {
    const subset = subsetStudents();
    let answered = 0;
    await fc.assert(
      fc.asyncProperty(operation, async (query) => {
        const res = await ask(query, publisher);
        // A path that may reach too many students is refused before anything is fetched: nothing to check.
        if (res.errors?.some((e) => e.extensions?.reason === 'TOO_MANY_PERSONS')) {
          expect(res.data ?? null).toBeNull();
          return;
        }
        expect(res.errors ?? []).toEqual([]);
        answered++;
        for (const { field, object } of objectsOf(res.data)) {
          if (field === 'groups') expect(inSubset(object.subjectOfferingIds), query).toBe(true);
          if (typeof object.userMasterIdentifier === 'string') expect(subset.has(object.userMasterIdentifier), query).toBe(true);
        }
      }),
      { numRuns: 30, seed: 19 },
    );
    // Most paths are answered: the property is about data, not about refusals.
    expect(answered).toBeGreaterThan(15);
  });
});

describe('the run-time limit behind the cost estimate', () => {
  it('refuses more subjects than the limit, counting each subject once', () => {
    const collector = new DisclosureCollector({ ECK_ID: 2 });
    collector.noteFetched('ECK_ID', 'a');
    collector.noteFetched('ECK_ID', 'a');
    collector.noteFetched('ECK_ID', 'b');
    collector.noteFetched('BSN', '999993653');
    expect(() => collector.noteFetched('ECK_ID', 'c')).toThrow(/more than 2 students and employees/);
    expect(collector.renewed().maxFetched).toEqual({ ECK_ID: 2 });
  });
});
