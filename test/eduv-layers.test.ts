// Edu-V through HTTP with signed tokens: every layer and every classification,
// the activated subset, the fields of the scopes, and the protocol records.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { queryBySubject } from '../src/engine/protocol/query.ts';
import { studentsIn } from '../src/dev/mocks/eduv/generate.ts';
import { eduvClient, NARROWED_OFFERING, receiverA, startEduvHarness, type EduvHarness } from './support/eduv-harness.ts';

let h: EduvHarness;
beforeAll(async () => {
  h = await startEduvHarness();
});
afterAll(async () => h?.close());
beforeEach(() => h.eduvMock.clearRequests());

const STUDENTS = `query($a: String!, $o: String, $first: Int, $after: String) {
  students(onderwijsaanbieder: $a, subjectOfferingId: $o, first: $first, after: $after) {
    items { userMasterIdentifier givenName familyName subjectOfferingIds }
    pageInfo { hasNextPage endCursor }
  }
}`;
const reason = (res: Awaited<ReturnType<EduvHarness['query']>>) => res.body.errors?.[0]?.extensions?.reason;

describe('class IV — students: all five layers, the activated subset, the fields of the scopes', () => {
  it('counts each page of students against the students one operation may reach, before any upstream call', async () => {
    const pages = Array.from({ length: 6 }, (_, i) => `p${i}: students(onderwijsaanbieder: "110A133", first: 200) { items { userMasterIdentifier } }`).join(' ');
    const res = await h.query(`{ ${pages} }`, { token: await h.token(receiverA) });
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', reason: 'TOO_MANY_PERSONS' });
    expect(h.eduvMock.requests).toHaveLength(0);
  });

  it('gives receiver A exactly the students of its activated subject offering, with basic fields only', async () => {
    const res = await h.query(STUDENTS, { token: await h.token(receiverA), variables: { a: '110A133', first: 200 } });
    expect(res.body.errors).toBeUndefined();
    const page = (res.body.data as { students: { items: Array<{ userMasterIdentifier: string; subjectOfferingIds: string[] }> } }).students;
    const expected = studentsIn(h.eduvMock.data, NARROWED_OFFERING).map((r) => r.student.userMasterIdentifier).sort();
    expect(expected.length).toBe(10);
    expect(page.items.map((s) => s.userMasterIdentifier).sort()).toEqual(expected);
    // Rows outside the subset are not disclosed, not even as the student's other offerings.
    expect(page.items.every((s) => s.subjectOfferingIds.every((id) => id === NARROWED_OFFERING))).toBe(true);
    const call = h.eduvMock.requests.find((r) => r.path.endsWith('/students/school'))!;
    expect(call.query).toMatchObject({ orgId: '110A133', subjectOfferingId: NARROWED_OFFERING, scope: 'eduv.student.basic' });
  });

  it('a subject offering outside the activation returns nothing and asks the upstream nothing', async () => {
    const res = await h.query(STUDENTS, { token: await h.token(receiverA), variables: { a: '110A133', o: '110A133-2026-2027-H4-NE' } });
    expect(res.body.data).toEqual({ students: { items: [], pageInfo: { hasNextPage: false, endCursor: null } } });
    expect(h.eduvMock.requests).toHaveLength(0);
  });

  it('a scope group the client does not hold (registered or not) is FORBIDDEN per field and not asked upstream', async () => {
    // demographics in the token but not in A's registration: grants nothing, and the reason says the registration lacks it.
    const token = await h.token({ ...receiverA, scope: `${receiverA.scope} eduv.student.demographics` });
    const res = await h.query(`{ students(onderwijsaanbieder: "110A133", first: 3) { items { givenName dateOfBirth } } }`, { token });
    const items = (res.body.data as { students: { items: Array<{ givenName: string; dateOfBirth: null }> } }).students.items;
    expect(items).toHaveLength(3);
    expect(items.every((s) => s.givenName && s.dateOfBirth === null)).toBe(true);
    // One error for the field path, counting the three students it applies to.
    expect(res.body.errors).toEqual([expect.objectContaining({ extensions: { code: 'FORBIDDEN', reason: 'SCOPE_NOT_REGISTERED', rows: 3 } })]);
    expect(h.eduvMock.requests[0].query.scope).toBe('eduv.student.basic');
    // Not in the token at all: the token is what lacks it.
    const without = await h.query(`{ students(onderwijsaanbieder: "110A133", first: 2) { items { givenName email } } }`, { token: await h.token(receiverA) });
    expect(without.body.errors).toEqual([expect.objectContaining({ extensions: { code: 'FORBIDDEN', reason: 'SCOPE_MISSING', rows: 2 } })]);
  });

  it('pages with sealed cursors through the subset exactly once; a forged cursor is refused', async () => {
    const token = await h.token(receiverA);
    const seen: string[] = [];
    let after: string | undefined;
    for (let i = 0; i < 10; i++) {
      const res = await h.query(STUDENTS, { token, variables: { a: '110A133', first: 4, after } });
      const page = (res.body.data as { students: { items: Array<{ userMasterIdentifier: string }>; pageInfo: { hasNextPage: boolean; endCursor: string | null } } }).students;
      seen.push(...page.items.map((s) => s.userMasterIdentifier));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor!;
    }
    expect(seen).toHaveLength(10);
    expect(new Set(seen).size).toBe(10);
    const forged = await h.query(STUDENTS, { token, variables: { a: '110A133', first: 4, after: 'bm90LWEtY3Vyc29y' } });
    expect(forged.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'after' });
  });

  it.each([
    ['toets-pending', 'eduv.student.basic eduv.education', 'ACTIVATION_PENDING'],
    ['oefen-zonder-vo', 'eduv.student.basic', 'PROCESSING_AGREEMENT_REQUIRED'],
    ['catalogus-smal', 'eduv.catalogue eduv.student.basic', 'SCOPE_NOT_REGISTERED'],
  ])('%s: %s → %s, before any upstream call', async (client, scope, expected) => {
    const res = await h.query(STUDENTS, { token: await h.token(eduvClient(client, scope)), variables: { a: '110A133' } });
    expect(res.body.data).toBeNull();
    expect(res.body.errors?.[0].extensions).toEqual({ code: 'FORBIDDEN', reason: expected, rows: 1 });
    expect(h.eduvMock.requests).toHaveLength(0);
  });

  it('no activation for another onderwijsaanbieder: ACTIVATION_REQUIRED', async () => {
    const res = await h.query(STUDENTS, { token: await h.token(receiverA), variables: { a: '114E377' } });
    expect(reason(res)).toBe('ACTIVATION_REQUIRED');
  });

  it('an unknown participant (token naming another organisation) gets nothing: PARTICIPANT_UNKNOWN', async () => {
    const res = await h.query(STUDENTS, { token: await h.token({ ...receiverA, oin: '00000003999999990000' }), variables: { a: '110A133' } });
    expect(reason(res)).toBe('PARTICIPANT_UNKNOWN');
    expect(h.eduvMock.requests).toHaveLength(0);
  });

  it('an unregistered client is refused in the purpose phase (CLIENT_NOT_REGISTERED, 403)', async () => {
    const res = await h.query(STUDENTS, { token: await h.token(eduvClient('onbekend-platform', 'eduv.student.basic')), variables: { a: '110A133' } });
    expect(res.status).toBe(403);
    expect(res.body.errors?.[0].extensions?.code).toBe('CLIENT_NOT_REGISTERED');
  });

  it('a token older than the maximum age is refused for class IV (layer 3 extra)', async () => {
    const now = Math.floor(Date.now() / 1000);
    const res = await h.query(STUDENTS, { token: await h.token({ ...receiverA, iat: now - 600, exp: now + 600 }), variables: { a: '110A133' } });
    expect(reason(res)).toBe('TOKEN_TOO_OLD');
  });

  it('records one processing record per student, with the ECK iD and the scope groups disclosed', async () => {
    const res = await h.query(STUDENTS, { token: await h.token(receiverA), variables: { a: '110A133', first: 2 } });
    const first = (res.body.data as { students: { items: Array<{ userMasterIdentifier: string }> } }).students.items[0];
    const records = await queryBySubject(h.store, { subjectId: first.userMasterIdentifier });
    expect(records.at(-1)).toMatchObject({
      subjectType: 'ECK_ID',
      status: 'disclosed',
      fields: ['eduv.student.basic'],
      processingActivity: 'EDUV-Onderwijsdeelnemers',
      who: { kind: 'client', clientId: 'lvs-uitgever' },
    });
  });
});

describe('class II — schoolvak: activation needed, no agreement, no extras', () => {
  const Q = `query($a: String!) { subjectOfferings(onderwijsaanbieder: $a) { id name } }`;
  it('an activated receiver gets the subject offerings', async () => {
    const res = await h.query(Q, { token: await h.token(receiverA), variables: { a: '110A133' } });
    expect(res.body.errors).toBeUndefined();
    expect((res.body.data as { subjectOfferings: unknown[] }).subjectOfferings.length).toBeGreaterThan(5);
  });
  it('without an activation: ACTIVATION_REQUIRED', async () => {
    const res = await h.query(Q, { token: await h.token(receiverA), variables: { a: '112C410' } });
    expect(reason(res)).toBe('ACTIVATION_REQUIRED');
    // Old tokens are fine for class II: the extras are only for confidential information.
    const now = Math.floor(Date.now() / 1000);
    const old = await h.query(Q, { token: await h.token({ ...receiverA, iat: now - 3000, exp: now + 600 }), variables: { a: '110A133' } });
    expect(old.body.errors).toBeUndefined();
  });
});

describe('class I — catalogue: layers 1–3 only', () => {
  const Q = `{ catalogueProducts(first: 5) { items { id name price { amountInCents } } pageInfo { hasNextPage } } }`;
  it('any registered participant with the catalogue scope gets it, no activation or agreement needed', async () => {
    for (const token of [await h.token(receiverA), await h.token(eduvClient('catalogus-smal', 'eduv.catalogue'))]) {
      const res = await h.query(Q, { token });
      expect(res.body.errors).toBeUndefined();
      expect((res.body.data as { catalogueProducts: { items: unknown[] } }).catalogueProducts.items).toHaveLength(5);
    }
  });
  it('without the scope: SCOPE_MISSING', async () => {
    const res = await h.query(Q, { token: await h.token(eduvClient('oefen-zonder-vo', 'eduv.student.basic')) });
    expect(reason(res)).toBe('SCOPE_MISSING');
  });
});

describe('class III — orders: the extras (token age; certificate binding where the facade terminates mTLS)', () => {
  const Q = `query($a: String!) { orders(onderwijsaanbieder: $a) { id status total { amountInCents } } }`;
  it('a fresh token of a registered participant gets the orders, no activation needed', async () => {
    const res = await h.query(Q, { token: await h.token(receiverA), variables: { a: '112C410' } });
    expect(res.body.errors).toBeUndefined();
    expect(Array.isArray((res.body.data as { orders: unknown[] }).orders)).toBe(true);
  });
  it('an old token is refused: TOKEN_TOO_OLD', async () => {
    const now = Math.floor(Date.now() / 1000);
    const res = await h.query(Q, { token: await h.token({ ...receiverA, iat: now - 900, exp: now + 600 }), variables: { a: '112C410' } });
    expect(reason(res)).toBe('TOKEN_TOO_OLD');
  });
});

describe('what Edu-V callers see and what is recorded', () => {
  it('introspection follows each client own registration (no schema shared between different rights)', async () => {
    const fields = async (claims: Record<string, unknown>) => {
      const res = await h.query(`{ __type(name: "Query") { fields { name } } }`, { token: await h.token(claims) });
      return (res.body.data as { __type: { fields: Array<{ name: string }> } }).__type.fields.map((f) => f.name).sort();
    };
    expect(await fields(receiverA)).toEqual(expect.arrayContaining(['students', 'subjectOfferings', 'catalogueProducts', 'orders']));
    expect(await fields(eduvClient('catalogus-smal', 'eduv.catalogue eduv.student.basic'))).toEqual(['catalogueProducts', 'facadeVersion', 'myPermissions']);
  });

  it('a page asked for its pageInfo only discloses no student and records none', async () => {
    const before = (await h.store.query<{ n: number }>(`SELECT count(*)::int AS n FROM protocol_processing WHERE subject_type = 'ECK_ID'`)).rows[0].n;
    const res = await h.query(`{ students(onderwijsaanbieder: "110A133", first: 5) { pageInfo { hasNextPage } } }`, { token: await h.token(receiverA) });
    expect(res.body.errors).toBeUndefined();
    const after = (await h.store.query<{ n: number }>(`SELECT count(*)::int AS n FROM protocol_processing WHERE subject_type = 'ECK_ID'`)).rows[0].n;
    expect(after).toBe(before);
  });
});
