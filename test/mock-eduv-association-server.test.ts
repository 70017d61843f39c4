// The mock's Employees, Association, Results and Norms endpoints over real HTTP: batch lookups by
// id (students → enrolments → groups → results, as a GraphQL facade batches per level), narrowing by
// subject offering, paging, scope groups of employees and of the students' accessibility, single
// objects by path id, and problem+json 4xx for bad input.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Assignment, Employee, Enrolment } from '../src/dev/mocks/eduv/association-types.ts';
import type { Norm, Result } from '../src/dev/mocks/eduv/result-types.ts';
import { startEduvMock, type EduvMock } from '../src/dev/mocks/eduv/server.ts';
import type { Group, Student } from '../src/dev/mocks/eduv/types.ts';

type Params = Record<string, string | string[]>;

interface Reply {
  status: number;
  contentType: string | null;
  body: unknown;
}

async function get(path: string, params: Params = {}, init: RequestInit = {}): Promise<Reply> {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) for (const value of Array.isArray(v) ? v : [v]) qs.append(k, value);
  const res = await fetch(`${mock.url}${path}?${qs.toString()}`, init);
  return { status: res.status, contentType: res.headers.get('content-type'), body: (await res.json()) as unknown };
}

interface PageBody<T> {
  items: T[];
  pageSize: number;
  hasNextPage: boolean;
  nextCursor?: string;
}

function page<T>(r: Reply): PageBody<T> {
  if (r.status !== 200) throw new Error(`expected 200, got ${r.status}: ${JSON.stringify(r.body)}`);
  return r.body as PageBody<T>;
}

/** Every item of a query, following nextCursor with the given page size. */
async function all<T>(path: string, params: Params, pageSize = 500): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const p = page<T>(await get(path, { ...params, pageSize: String(pageSize), ...(cursor ? { cursor } : {}) }));
    items.push(...p.items);
    cursor = p.nextCursor;
  } while (cursor);
  return items;
}

interface ProblemBody {
  status: number;
  code: string;
  instance: string;
  invalidParams?: { name: string; code: string }[];
}

const problem = (r: Reply): ProblemBody => r.body as ProblemBody;
const enc = encodeURIComponent;

let mock: EduvMock;
beforeAll(async () => {
  mock = await startEduvMock({ port: 0 });
});
afterAll(async () => mock?.close());

const staffOf = (org: string): Employee[] => mock.data.employees.filter((e) => e.aanbiederId === org).map((e) => e.employee);
const studentsOf = (org: string): Student[] => mock.data.students.filter((s) => s.aanbiederId === org).map((s) => s.student);

describe('GET /employees', () => {
  it('pages over every employee of the school exactly once, in a stable order', async () => {
    const items = await all<Employee>('/employees', { orgId: '110A133' }, 7);
    expect(items).toEqual(staffOf('110A133'));
    const first = page<Employee>(await get('/employees', { orgId: '110A133', pageSize: '7' }));
    expect(first.items).toHaveLength(7);
    expect(first.hasNextPage).toBe(true);
  });

  it('delivers a scope group only when asked: no email without eduv.employee.communication', async () => {
    const basic = page<Employee>(await get('/employees', { orgId: '110A133', scope: 'eduv.employee.basic', pageSize: '50' }));
    const basicKeys = ['userMasterIdentifier', 'userIds', 'givenName', 'preferredFirstName', 'familyName', 'familyNamePrefix'];
    for (const e of basic.items) for (const k of Object.keys(e)) expect(basicKeys).toContain(k);
    const roles = page<Employee>(await get('/employees', { orgId: '110A133', scope: 'eduv.employee.basic eduv.employee.roles', pageSize: '50' }));
    for (const e of roles.items) {
      expect(e.email).toBeUndefined();
      expect(e.roles?.length).toBeGreaterThan(0);
      expect(e.jobTitle).toBeDefined();
    }
    const mail = page<Employee>(await get('/employees', { orgId: '110A133', scope: 'eduv.employee.communication eduv.employee.basic', pageSize: '50' }));
    for (const e of mail.items) {
      expect(e.email).toMatch(/@zeeweidecollege\.example$/);
      expect(e.roles).toBeUndefined();
    }
  });

  it('refuses unknown scope groups, student groups, and a selection without eduv.employee.basic', async () => {
    for (const [scope, code] of [['eduv.employee.basic eduv.employee.salary', 'enum'], ['eduv.employee.basic eduv.student.basic', 'enum'], ['eduv.employee.communication', 'invalid']]) {
      const r = await get('/employees', { orgId: '110A133', scope });
      expect(r.status).toBe(400);
      expect(problem(r).invalidParams).toEqual([expect.objectContaining({ name: 'scope', code })]);
    }
  });

  it('looks up a batch by ECK iD; another school\'s employee is not found there', async () => {
    const staff = staffOf('110A133');
    const wanted = [staff[9], staff[2], staff[30]].map((e) => e?.userMasterIdentifier ?? '');
    const found = page<Employee>(await get('/employees', { orgId: '110A133', employeeId: wanted }));
    // Dataset order, not request order: the batch is a filter.
    expect(found.items.map((e) => e.userMasterIdentifier)).toEqual([staff[2], staff[9], staff[30]].map((e) => e?.userMasterIdentifier));
    const foreign = page<Employee>(await get('/employees', { orgId: '111B222', employeeId: wanted }));
    expect(foreign.items).toEqual([]);
  });
});

describe('GET /employees/{employeeId}', () => {
  const id = (): string => staffOf('112C410')[3]?.userMasterIdentifier ?? '';

  it('answers one employee by its percent-encoded ECK iD, with the asked scope groups', async () => {
    const one = await get(`/employees/${enc(id())}`, { orgId: '112C410' });
    expect(one.status).toBe(200);
    expect(one.body).toEqual(staffOf('112C410')[3]);
    const basic = await get(`/employees/${enc(id())}`, { orgId: '07CD', orgIdType: 'OIE_CODE', scope: 'eduv.employee.basic' });
    expect((basic.body as Employee).email).toBeUndefined();
    expect((basic.body as Employee).userMasterIdentifier).toBe(id());
  });

  it('404 at another school and for an unknown or unencoded id; 400 for a malformed one, with the query\'s problems', async () => {
    expect((await get(`/employees/${enc(id())}`, { orgId: '110A133' })).status).toBe(404);
    expect((await get(`/employees/${enc(`https://ketenid.nl/201703/${'f'.repeat(64)}`)}`, { orgId: '112C410' })).status).toBe(404);
    // Unencoded, the ECK iD's slashes make it several segments: no such path.
    expect((await get(`/employees/${id()}`, { orgId: '112C410' })).status).toBe(404);
    const bad = await get('/employees/12345', { pageSize: '5' });
    expect(bad.status).toBe(400);
    expect(problem(bad).invalidParams?.map((p) => `${p.name}:${p.code}`).sort()).toEqual(['employeeId:pattern', 'orgId:required', 'pageSize:unknownParam']);
    expect(problem(bad).instance).toBe('/eduv/employees/12345');
    expect((await get('/employees/%E0%A4%A', { orgId: '112C410' })).status).toBe(400);
  });
});

describe('batching per level: students → enrolments → groups → results', () => {
  it('a page of students, then their enrolments, groups, group members, results and assignments in one request each', async () => {
    const students = page<Student>(await get('/students/school', { orgId: '110A133', scope: 'eduv.student.basic', pageSize: '50', schoolPeriodId: '2026-2027' })).items;
    const ids = students.map((s) => s.userMasterIdentifier);
    const enrolments = await all<Enrolment>('/enrolments', { orgId: '110A133', studentId: ids, schoolPeriodId: '2026-2027' });
    expect(new Set(enrolments.map((e) => e.studentId))).toEqual(new Set(ids));
    expect(enrolments).toEqual(mock.data.enrolments.filter((e) => ids.includes(e.studentId) && e.schoolPeriodId === '2026-2027'));

    const groupIds = [...new Set(enrolments.map((e) => e.groupId))];
    expect(groupIds.length).toBeLessThanOrEqual(50);
    const groups = await all<Group>('/groups', { orgId: '110A133', groupId: groupIds });
    expect(groups.map((g) => g.id).sort()).toEqual([...groupIds].sort());

    const members = await all<Enrolment>('/enrolments', { orgId: '110A133', groupId: groupIds.slice(0, 3) });
    for (const g of groupIds.slice(0, 3)) {
      expect(members.filter((e) => e.groupId === g).map((e) => e.studentId)).toEqual(mock.data.students.filter((s) => s.student.groupIds.includes(g)).map((s) => s.student.userMasterIdentifier));
    }

    const results = await all<Result>('/results', { orgId: '110A133', studentId: ids }, 100);
    expect(results).toEqual(mock.data.results.filter((r) => ids.includes(r.studentId)));
    expect(results.length).toBeGreaterThan(ids.length);

    const assignments = await all<Assignment>('/assignments', { orgId: '110A133', groupId: groupIds });
    expect(new Set(assignments.map((a) => a.groupId))).toEqual(new Set(groupIds));
    const teachers = [...new Set(assignments.map((a) => a.employeeId))].slice(0, 50);
    const staff = await all<Employee>('/employees', { orgId: '110A133', employeeId: teachers, scope: 'eduv.employee.basic' });
    expect(staff.map((e) => e.userMasterIdentifier).sort()).toEqual([...teachers].sort());
  });

  it('the students of a group\'s enrolments, looked up by ECK iD', async () => {
    const members = await all<Enrolment>('/enrolments', { orgId: '110A133', groupId: '110A133-2026-2027-H4-WB-LG' });
    const students = await all<Student>('/students/school', { orgId: '110A133', studentId: members.map((e) => e.studentId) });
    expect(students.map((s) => s.userMasterIdentifier)).toEqual(members.map((e) => e.studentId));
    expect(students.length).toBe(10);
    // Another school's students are not found by ECK iD here.
    const foreign = page<Student>(await get('/students/school', { orgId: '111B222', studentId: members.map((e) => e.studentId).slice(0, 3) }));
    expect(foreign.items).toEqual([]);
  });
});

describe('narrowing by subject offering (an activation narrowed to subject offerings)', () => {
  const wb = '110A133-2026-2027-H4-WB';

  it('groups, enrolments, assignments and results of one subject offering', async () => {
    const groups = page<Group>(await get('/groups', { orgId: '110A133', subjectOfferingId: wb })).items;
    expect(groups.map((g) => g.id)).toEqual([`${wb}-LG`]);
    const enrolments = await all<Enrolment>('/enrolments', { orgId: '110A133', subjectOfferingId: wb });
    expect(enrolments.every((e) => e.groupId === `${wb}-LG`)).toBe(true);
    expect(enrolments).toHaveLength(10);
    const assignments = await all<Assignment>('/assignments', { orgId: '110A133', subjectOfferingId: wb });
    expect(assignments.map((a) => [a.role, a.subjectOfferingId])).toEqual([['teacher', wb]]);
    const results = await all<Result>('/results', { orgId: '110A133', subjectOfferingId: wb });
    expect(results.length).toBeGreaterThan(0);
    expect(results.every((r) => r.subjectOfferingId === wb)).toBe(true);
  });

  it('a class belongs to the core subjects it is taught', async () => {
    const ne = page<Group>(await get('/groups', { orgId: '110A133', subjectOfferingId: '110A133-2026-2027-H4-NE' })).items;
    expect(ne.map((g) => g.id)).toEqual(['110A133-2026-2027-H4-KLAS']);
  });
});

describe('school periods, groups, results and norms', () => {
  it('school periods of a school', async () => {
    const periods = page<{ id: string; name: string }>(await get('/school-periods', { orgId: '115F624' })).items;
    expect(periods.map((p) => [p.id, p.name])).toEqual([['2025-2026', 'Schooljaar 2025-2026'], ['2026-2027', 'Schooljaar 2026-2027']]);
  });

  it('one group by id; another school\'s group is not found there', async () => {
    const g = await get('/groups/110A133-2026-2027-H4-KLAS', { orgId: '110A133' });
    expect(g.body).toEqual(mock.data.groups.find((x) => x.id === '110A133-2026-2027-H4-KLAS'));
    expect((await get('/groups/110A133-2026-2027-H4-KLAS', { orgId: '111B222' })).status).toBe(404);
    expect((await get('/groups/no such group', { orgId: '110A133' })).status).toBe(400);
  });

  it('results filtered by product and school period', async () => {
    const productId = mock.data.results.find((r) => r.organisationMasterIdentifier === '111B222')?.productId ?? '';
    const results = await all<Result>('/results', { orgId: '111B222', productId, schoolPeriodId: '2025-2026' });
    expect(results).toEqual(mock.data.results.filter((r) => r.organisationMasterIdentifier === '111B222' && r.productId === productId && r.schoolPeriodId === '2025-2026'));
    expect(results.length).toBeGreaterThan(0);
  });

  it('norms of given products or of a subject; no orgId', async () => {
    const products = [...new Set(mock.data.norms.map((n) => n.productId))].slice(0, 2);
    const byProduct = page<Norm>(await get('/norms', { productId: products })).items;
    expect(byProduct).toEqual(mock.data.norms.filter((n) => products.includes(n.productId)));
    const wb = await all<Norm>('/norms', { subjectCode: 'WB' }, 3);
    expect(wb.length).toBeGreaterThan(0);
    expect(wb.every((n) => n.subject.code === 'WB')).toBe(true);
  });
});

describe('the students\' accessibility group', () => {
  it('only with eduv.student.accessibility', async () => {
    const basic = page<Student>(await get('/students/school', { orgId: '110A133', scope: 'eduv.student.basic', pageSize: '20' })).items;
    for (const s of basic) expect([s.preferredLanguage, s.extraTime, s.readingAids]).toEqual([undefined, undefined, undefined]);
    const access = page<Student>(await get('/students/school', { orgId: '110A133', scope: 'eduv.student.basic eduv.student.accessibility', pageSize: '20' })).items;
    for (const s of access) {
      expect(s.preferredLanguage).toMatch(/^[a-z]{2}$/);
      expect(typeof s.extraTime).toBe('boolean');
      expect(s.dateOfBirth).toBeUndefined();
    }
  });
});

describe('bad input', () => {
  const eck = (c: string): string => `https://ketenid.nl/201703/${c.repeat(64)}`;

  it.each([
    ['/enrolments', {}, 'orgId', 'required'],
    ['/enrolments', { orgId: '110A133', studentId: 'https://ketenid.nl/201703/ABC' }, 'studentId', 'pattern'],
    ['/enrolments', { orgId: '110A133', studentId: Array.from({ length: 51 }, (_, i) => eck((i % 16).toString(16))) }, 'studentId', 'maxItems'],
    ['/assignments', { orgId: '110A133', employeeId: 'someone' }, 'employeeId', 'pattern'],
    ['/assignments', { orgId: '110A133', role: 'mentor' }, 'role', 'unknownParam'],
    ['/groups', { orgId: '110A133', groupId: 'a b' }, 'groupId', 'pattern'],
    ['/groups', { orgId: '110A133', schoolPeriodId: '2026' }, 'schoolPeriodId', 'pattern'],
    ['/school-periods', { orgId: '110A133', schoolPeriodId: '2026-2027' }, 'schoolPeriodId', 'unknownParam'],
    ['/results', { orgId: '110A133', pageSize: '501' }, 'pageSize', 'maximum'],
    ['/results', { orgId: '110A133', productId: Array.from({ length: 51 }, (_, i) => `LM-${i}`) }, 'productId', 'maxItems'],
    ['/norms', { subjectCode: 'wiskunde' }, 'subjectCode', 'pattern'],
    ['/norms', { orgId: '110A133' }, 'orgId', 'unknownParam'],
    ['/employees', { orgId: '110A133', employeeId: eck('a'), scope: 'eduv.employee.basic  eduv.employee.roles' }, 'scope', 'pattern'],
  ])('400 paramsValidation on %s %j', async (path, params, name, code) => {
    const r = await get(path, params as Params);
    expect(r.status).toBe(400);
    expect(r.contentType).toBe('application/problem+json');
    expect(problem(r)).toMatchObject({ status: 400, code: 'paramsValidation', instance: `/eduv${path}` });
    expect(problem(r).invalidParams).toContainEqual(expect.objectContaining({ name, code }));
  });

  it('404 for an unknown onderwijsaanbieder on every new path; 405 for POST', async () => {
    for (const path of ['/employees', '/school-periods', '/groups', '/enrolments', '/assignments', '/results', '/groups/x', `/employees/${enc(eck('a'))}`]) {
      const r = await get(path, { orgId: '999Z999' });
      expect(r.status, path).toBe(404);
      expect(problem(r)).toMatchObject({ code: 'notFound', instance: `/eduv${path}` });
    }
    const post = await get('/enrolments', { orgId: '110A133' }, { method: 'POST' });
    expect(post.status).toBe(405);
  });

  it('a cursor is bound to its query: another filter or path refuses it', async () => {
    const first = page<Enrolment>(await get('/enrolments', { orgId: '110A133', pageSize: '5' }));
    const cursor = first.nextCursor ?? '';
    const next = page<Enrolment>(await get('/enrolments', { orgId: '06AB', orgIdType: 'OIE_CODE', pageSize: '5', cursor }));
    expect(next.items).toEqual(mock.data.enrolments.filter((e) => e.organisationMasterIdentifier === '110A133').slice(5, 10));
    for (const [path, params] of [['/enrolments', { orgId: '110A133', schoolPeriodId: '2026-2027' }], ['/enrolments', { orgId: '110A133', groupId: 'x' }], ['/assignments', { orgId: '110A133' }]] as const) {
      const r = await get(path, { ...params, cursor });
      expect(r.status).toBe(400);
      expect(problem(r).invalidParams).toEqual([expect.objectContaining({ name: 'cursor', code: 'invalid' })]);
    }
    // A cursor names no student: nothing in it decodes to an ECK iD.
    expect(Buffer.from(cursor, 'base64url').toString('latin1')).not.toMatch(/ketenid/);
  });
});
