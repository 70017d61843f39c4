// The mock Edu-V upstream over real HTTP: paging, filters, organisation identifiers, scope groups,
// errors, the request log, failure injection, and the standalone entry point.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { studentsAt, studentsIn } from '../src/dev/mocks/eduv/generate.ts';
import { startEduvMock, type EduvMock } from '../src/dev/mocks/eduv/server.ts';
import type { Student } from '../src/dev/mocks/eduv/types.ts';

interface Reply {
  status: number;
  contentType: string | null;
  headers: Headers;
  body: unknown;
}

async function get(base: string, path: string, params: Record<string, string | string[]> = {}, headers: Record<string, string> = {}): Promise<Reply> {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) for (const value of Array.isArray(v) ? v : [v]) qs.append(k, value);
  const query = qs.toString();
  const res = await fetch(`${base}${path}${query ? `?${query}` : ''}`, { headers });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, contentType: res.headers.get('content-type'), headers: res.headers, body };
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

interface ProblemBody {
  status: number;
  code: string;
  instance: string;
  invalidParams?: { name: string; code: string; reason: string }[];
}

const problem = (r: Reply): ProblemBody => r.body as ProblemBody;

/** Follows nextCursor to the end; pageSizes cycle, to show a page size may change between pages. */
async function readAll<T>(base: string, path: string, params: Record<string, string | string[]>, pageSizes: number[]): Promise<{ items: T[]; pages: PageBody<T>[] }> {
  const items: T[] = [];
  const pages: PageBody<T>[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 1000; i++) {
    const p = page<T>(await get(base, path, { ...params, pageSize: String(pageSizes[i % pageSizes.length]), ...(cursor ? { cursor } : {}) }));
    pages.push(p);
    items.push(...p.items);
    if (!p.hasNextPage) return { items, pages };
    cursor = p.nextCursor;
  }
  throw new Error('paging does not end');
}

const eck = (s: Partial<Student>): string => s.userMasterIdentifier ?? '';

let mock: EduvMock;
beforeAll(async () => {
  mock = await startEduvMock({ port: 0 });
});
afterAll(async () => mock?.close());
beforeEach(() => mock.clearRequests());

describe('startEduvMock', () => {
  it('listens on the real port behind port 0 and reports the base URL and its data', () => {
    expect(mock.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/eduv$/);
    expect(mock.url).not.toContain(':0/');
    expect(mock.data.students.length).toBeGreaterThan(300);
  });

  it('the same seed serves the same students, another seed other ones', async () => {
    const same = await startEduvMock({ port: 0 });
    const other = await startEduvMock({ port: 0, seed: 7 });
    try {
      const q = { orgId: '110A133', pageSize: '25' };
      const a = await get(mock.url, '/students/school', q);
      const b = await get(same.url, '/students/school', q);
      expect(b.body).toEqual(a.body);
      const c = page<Student>(await get(other.url, '/students/school', q));
      const ours = new Set(page<Student>(a).items.map(eck));
      expect(c.items.filter((s) => ours.has(eck(s)))).toEqual([]);
      expect(mock.data.students[0]).toEqual(same.data.students[0]);
    } finally {
      await Promise.all([same.close(), other.close()]);
    }
  });
});

describe('GET /students/school', () => {
  it('paging covers every student of the aanbieder exactly once, in a stable order', async () => {
    const expected = studentsAt(mock.data, '110A133').map((s) => s.student.userMasterIdentifier);
    const { items, pages } = await readAll<Student>(mock.url, '/students/school', { orgId: '110A133' }, [37, 50, 11]);
    expect(items.map(eck)).toEqual(expected);
    expect(new Set(items.map(eck)).size).toBe(expected.length);
    expect(pages.slice(0, -1).every((p) => p.items.length === p.pageSize && typeof p.nextCursor === 'string')).toBe(true);
    const last = pages[pages.length - 1];
    expect(last?.hasNextPage).toBe(false);
    expect(last && 'nextCursor' in last).toBe(false);
  });

  it('a page that ends exactly at the last student says there is no next page', async () => {
    const total = studentsAt(mock.data, '111B222').length;
    const p = page<Student>(await get(mock.url, '/students/school', { orgId: '111B222', pageSize: String(total) }));
    expect(p.items).toHaveLength(total);
    expect(p.hasNextPage).toBe(false);
    expect(p.nextCursor).toBeUndefined();
  });

  it('defaults to 100 per page and delivers every scope group', async () => {
    const p = page<Student>(await get(mock.url, '/students/school', { orgId: '110A133' }));
    expect(p.pageSize).toBe(100);
    expect(p.items).toHaveLength(100);
    expect(p.items[0]).toEqual(studentsAt(mock.data, '110A133')[0]?.student);
  });

  it('filters by subject offering: exactly its students', async () => {
    const id = '110A133-2026-2027-H4-WB';
    const { items } = await readAll<Student>(mock.url, '/students/school', { orgId: '110A133', subjectOfferingId: id }, [4]);
    expect(items.map(eck)).toEqual(studentsIn(mock.data, id).map((s) => s.student.userMasterIdentifier));
    expect(items.length).toBeGreaterThan(3);
    for (const s of items) expect(s.subjectOfferingIds).toContain(id);
  });

  it('a repeated subjectOfferingId selects students in any of them, each once', async () => {
    const ids = ['110A133-2026-2027-H4-WA', '110A133-2026-2027-H4-WB', '110A133-2026-2027-H4-NE'];
    const { items } = await readAll<Student>(mock.url, '/students/school', { orgId: '110A133', subjectOfferingId: ids }, [500]);
    const expected = studentsAt(mock.data, '110A133').filter((s) => ids.some((id) => s.student.subjectOfferingIds.includes(id)));
    expect(items.map(eck)).toEqual(expected.map((s) => s.student.userMasterIdentifier));
    // Everybody in havo 4 takes Nederlands, so the union is the whole year.
    expect(items).toHaveLength(studentsIn(mock.data, '110A133-2026-2027-H4-NE').length);
    expect(mock.requests[0]?.query.subjectOfferingId).toBe(ids.join(','));
  });

  it('filters by school period: leavers only in the first, newcomers only in the second', async () => {
    const all = studentsAt(mock.data, '110A133');
    for (const period of ['2025-2026', '2026-2027']) {
      const { items } = await readAll<Student>(mock.url, '/students/school', { orgId: '110A133', schoolPeriodId: period }, [500]);
      expect(items.map(eck)).toEqual(all.filter((s) => s.schoolPeriodIds.includes(period)).map((s) => s.student.userMasterIdentifier));
      expect(items.length).toBeLessThan(all.length);
    }
  });

  it('combines filters (both apply to the student); a filter that matches nothing gives an empty page', async () => {
    // Last year's exam class has left; this year's first years were not there last year.
    const leavers = page<Student>(await get(mock.url, '/students/school', { orgId: '110A133', subjectOfferingId: '110A133-2025-2026-H5-NE', schoolPeriodId: '2026-2027', pageSize: '500' }));
    expect(leavers.items).toEqual([]);
    expect(leavers.hasNextPage).toBe(false);
    const newcomers = page<Student>(await get(mock.url, '/students/school', { orgId: '110A133', subjectOfferingId: '110A133-2026-2027-H1-NE', schoolPeriodId: '2025-2026' }));
    expect(newcomers.items).toEqual([]);
    const stayers = page<Student>(await get(mock.url, '/students/school', { orgId: '110A133', subjectOfferingId: '110A133-2025-2026-H3-NE', schoolPeriodId: '2026-2027', pageSize: '500' }));
    expect(stayers.items.map(eck)).toEqual(studentsIn(mock.data, '110A133-2025-2026-H3-NE').map((s) => s.student.userMasterIdentifier));
    expect(stayers.items.length).toBeGreaterThan(0);
    const unknown = page<Student>(await get(mock.url, '/students/school', { orgId: '110A133', subjectOfferingId: 'does-not-exist' }));
    expect(unknown.items).toEqual([]);
    // Another school's subject offering selects nobody here.
    const foreign = page<Student>(await get(mock.url, '/students/school', { orgId: '111B222', subjectOfferingId: '110A133-2026-2027-H4-WB' }));
    expect(foreign.items).toEqual([]);
    const future = page<Student>(await get(mock.url, '/students/school', { orgId: '110A133', schoolPeriodId: '2030-2031' }));
    expect(future.items).toEqual([]);
  });

  it('resolves secondary organisation identifiers with orgIdType', async () => {
    const primary = await get(mock.url, '/students/school', { orgId: '110A133', pageSize: '5' });
    const a = mock.data.aanbieders.find((x) => x.id === '110A133');
    for (const id of a?.organisation.organisationIds ?? []) {
      const r = await get(mock.url, '/students/school', { orgId: id.organisationId, orgIdType: id.organisationIdType, pageSize: '5' });
      expect(page<Student>(r).items).toEqual(page<Student>(primary).items);
    }
    expect(page<Student>(await get(mock.url, '/students/school', { orgId: '06AB', orgIdType: 'OIE_CODE', pageSize: '1' })).items).toHaveLength(1);
    // A secondary id is not a primary one, nor an id of another type.
    expect((await get(mock.url, '/students/school', { orgId: '06AB' })).status).toBe(404);
    expect((await get(mock.url, '/students/school', { orgId: '06AB', orgIdType: 'V_ID' })).status).toBe(404);
    expect((await get(mock.url, '/students/school', { orgId: '110A133', orgIdType: 'OIE_CODE' })).status).toBe(404);
  });

  it('a cursor stays valid with another orgIdType for the same school', async () => {
    const first = page<Student>(await get(mock.url, '/students/school', { orgId: '110A133', pageSize: '10' }));
    const second = page<Student>(await get(mock.url, '/students/school', { orgId: '06AB', orgIdType: 'OIE_CODE', pageSize: '10', cursor: first.nextCursor ?? '' }));
    expect(second.items.map(eck)).toEqual(studentsAt(mock.data, '110A133').slice(10, 20).map((s) => s.student.userMasterIdentifier));
  });

  describe('scope', () => {
    it('delivers only the properties of the listed scope groups', async () => {
      const basic = page<Student>(await get(mock.url, '/students/school', { orgId: '110A133', scope: 'eduv.student.basic', pageSize: '50' }));
      const basicKeys = ['userMasterIdentifier', 'userIds', 'givenName', 'preferredFirstName', 'familyName', 'familyNamePrefix', 'subjectOfferingIds', 'groupIds'];
      for (const s of basic.items) for (const k of Object.keys(s)) expect(basicKeys).toContain(k);
      const demo = page<Student>(await get(mock.url, '/students/school', { orgId: '110A133', scope: 'eduv.student.basic eduv.student.demographics', pageSize: '50' }));
      for (const s of demo.items) {
        expect(s.dateOfBirth).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(s.gender).toBeDefined();
        expect(s.email).toBeUndefined();
        expect(s.homeAddress).toBeUndefined();
      }
      const address = page<Student>(await get(mock.url, '/students/school', { orgId: '110A133', scope: 'eduv.student.deliveryaddress eduv.student.basic', pageSize: '1' }));
      expect(Object.keys(address.items[0] ?? {})).toEqual(expect.arrayContaining(['homeAddress', 'emailsParents']));
      expect(address.items[0]?.dateOfBirth).toBeUndefined();
    });

    it('refuses unknown scope groups and a selection without eduv.student.basic', async () => {
      const unknown = await get(mock.url, '/students/school', { orgId: '110A133', scope: 'eduv.student.basic eduv.student.secret' });
      expect(unknown.status).toBe(400);
      expect(problem(unknown).invalidParams).toEqual([expect.objectContaining({ name: 'scope', code: 'enum' })]);
      const withoutBasic = await get(mock.url, '/students/school', { orgId: '110A133', scope: 'eduv.student.demographics' });
      expect(problem(withoutBasic).invalidParams).toEqual([expect.objectContaining({ name: 'scope', code: 'invalid' })]);
    });
  });
});

describe('errors', () => {
  it.each([
    ['missing orgId', {}, 'orgId', 'required'],
    ['empty orgId', { orgId: '' }, 'orgId', 'pattern'],
    ['unknown orgIdType', { orgId: '06AB', orgIdType: 'BRIN' }, 'orgIdType', 'enum'],
    ['pageSize 0', { orgId: '110A133', pageSize: '0' }, 'pageSize', 'minimum'],
    ['pageSize 501', { orgId: '110A133', pageSize: '501' }, 'pageSize', 'maximum'],
    ['pageSize not a number', { orgId: '110A133', pageSize: 'ten' }, 'pageSize', 'integer'],
    ['pageSize 2.5', { orgId: '110A133', pageSize: '2.5' }, 'pageSize', 'integer'],
    ['malformed school period', { orgId: '110A133', schoolPeriodId: '2026-2028' }, 'schoolPeriodId', 'pattern'],
    ['unknown parameter', { orgId: '110A133', fields: 'givenName' }, 'fields', 'unknownParam'],
    ['repeated orgId', { orgId: ['110A133', '111B222'] }, 'orgId', 'repeated'],
    ['malformed cursor', { orgId: '110A133', cursor: 'abc' }, 'cursor', 'invalid'],
    ['cursor with a character outside base64url', { orgId: '110A133', cursor: 'a+b' }, 'cursor', 'pattern'],
  ])('400 paramsValidation for %s', async (_name, params, name, code) => {
    const r = await get(mock.url, '/students/school', params);
    expect(r.status).toBe(400);
    expect(r.contentType).toBe('application/problem+json');
    expect(problem(r)).toMatchObject({ status: 400, code: 'paramsValidation', instance: '/eduv/students/school' });
    expect(problem(r).invalidParams).toContainEqual(expect.objectContaining({ name, code }));
  });

  it('lists every invalid parameter in one problem', async () => {
    const r = await get(mock.url, '/students/school', { orgIdType: 'X', pageSize: '0', foo: '1' });
    expect(problem(r).invalidParams?.map((p) => p.name).sort()).toEqual(['foo', 'orgId', 'orgIdType', 'pageSize']);
  });

  it('refuses a cursor from another query, and an altered one', async () => {
    const first = page<Student>(await get(mock.url, '/students/school', { orgId: '110A133', pageSize: '5' }));
    const cursor = first.nextCursor ?? '';
    const otherQuery = await get(mock.url, '/students/school', { orgId: '110A133', schoolPeriodId: '2026-2027', cursor });
    expect(otherQuery.status).toBe(400);
    expect(problem(otherQuery).invalidParams).toEqual([expect.objectContaining({ name: 'cursor', code: 'invalid' })]);
    expect((await get(mock.url, '/students/school', { orgId: '111B222', cursor })).status).toBe(400);
    expect((await get(mock.url, '/subject-offerings', { orgId: '110A133', cursor })).status).toBe(400);
    const altered = `${cursor.slice(0, 6)}${cursor[6] === 'A' ? 'B' : 'A'}${cursor.slice(7)}`;
    expect((await get(mock.url, '/students/school', { orgId: '110A133', cursor: altered })).status).toBe(400);
    // A cursor names no student: nothing in it decodes to an ECK iD.
    expect(Buffer.from(cursor, 'base64url').toString('latin1')).not.toMatch(/ketenid|[0-9a-f]{16}/);
  });

  it('404 for an unknown onderwijsaanbieder and for an unknown path', async () => {
    for (const path of ['/students/school', '/subject-offerings', '/study-offerings', '/groups', '/orders', '/organisations']) {
      const r = await get(mock.url, path, { orgId: '999Z999' });
      expect(r.status).toBe(404);
      expect(problem(r)).toMatchObject({ code: 'notFound', instance: `/eduv${path}` });
    }
    expect((await get(mock.url, '/students')).status).toBe(404);
    const outside = await fetch(mock.url.replace(/\/eduv$/, '/students/school?orgId=110A133'));
    expect(outside.status).toBe(404);
  });

  it('405 with Allow: GET for other methods', async () => {
    const res = await fetch(`${mock.url}/students/school?orgId=110A133`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET');
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(((await res.json()) as ProblemBody).code).toBe('methodNotAllowed');
  });
});

describe('Education, Catalogue and Orders', () => {
  it('subject offerings of a school, by school period and study offering', async () => {
    const { items } = await readAll<{ id: string; schoolPeriodId: string }>(mock.url, '/subject-offerings', { orgId: '110A133', schoolPeriodId: '2026-2027' }, [100]);
    const expected = mock.data.subjectOfferings.filter((o) => o.organisationMasterIdentifier === '110A133' && o.schoolPeriodId === '2026-2027');
    expect(items).toEqual(expected);
    const h4 = page<{ id: string }>(await get(mock.url, '/subject-offerings', { orgId: '110A133', studyOfferingId: '110A133-2026-2027-H4' }));
    expect(h4.items.map((o) => o.id)).toContain('110A133-2026-2027-H4-WB');
    expect(h4.items.every((o) => o.id.startsWith('110A133-2026-2027-H4-'))).toBe(true);
  });

  it('study offerings and groups of a school', async () => {
    const study = page<{ id: string }>(await get(mock.url, '/study-offerings', { orgId: '111B222', schoolPeriodId: '2026-2027' }));
    expect(study.items.map((s) => s.id)).toEqual(Array.from({ length: 8 }, (_, i) => `111B222-2026-2027-G${i + 1}`));
    const groups = await readAll<{ id: string; groupType: string }>(mock.url, '/groups', { orgId: '110A133' }, [200]);
    expect(groups.items).toEqual(mock.data.groups.filter((g) => g.organisationMasterIdentifier === '110A133'));
    expect(groups.items.some((g) => g.groupType === 'teachingGroup')).toBe(true);
  });

  it('organisations: all, one by identifier, or those of one onderwijsbestuur', async () => {
    const all = page<{ organisationMasterIdentifier: string }>(await get(mock.url, '/organisations'));
    expect(all.items.map((o) => o.organisationMasterIdentifier)).toEqual(mock.data.aanbieders.map((a) => a.id));
    const one = page<{ organisationMasterIdentifier: string }>(await get(mock.url, '/organisations', { orgId: '12PQ', orgIdType: 'OIE_CODE' }));
    expect(one.items.map((o) => o.organisationMasterIdentifier)).toEqual(['111B222']);
    const board = page<{ organisationMasterIdentifier: string }>(await get(mock.url, '/organisations', { bestuurNumber: '41821' }));
    expect(board.items.map((o) => o.organisationMasterIdentifier)).toEqual(['110A133', '112C410']);
    const typeWithoutId = await get(mock.url, '/organisations', { orgIdType: 'OIE_CODE' });
    expect(problem(typeWithoutId).invalidParams).toEqual([expect.objectContaining({ name: 'orgId', code: 'required' })]);
  });

  it('catalogue products, all and filtered', async () => {
    const { items } = await readAll<{ id: string }>(mock.url, '/catalogue/products', {}, [20]);
    expect(items).toEqual(mock.data.products);
    const wb = page<{ subject: { code: string }; levels: string[]; productType: string }>(await get(mock.url, '/catalogue/products', { subjectCode: 'WB', level: 'havo', productType: 'digital' }));
    expect(wb.items.length).toBeGreaterThan(0);
    for (const p of wb.items) expect(p).toMatchObject({ subject: { code: 'WB' }, productType: 'digital', levels: expect.arrayContaining(['havo']) });
    expect((await get(mock.url, '/catalogue/products', { level: 'mbo' })).status).toBe(400);
    expect((await get(mock.url, '/catalogue/products', { orgId: '110A133' })).status).toBe(400);
  });

  it('orders of a school, by school period and status', async () => {
    const all = page<{ id: string }>(await get(mock.url, '/orders', { orgId: '110A133' }));
    expect(all.items).toEqual(mock.data.orders.filter((o) => o.organisationMasterIdentifier === '110A133'));
    const delivered = page<{ status: string; schoolPeriodId: string }>(await get(mock.url, '/orders', { orgId: '110A133', schoolPeriodId: '2025-2026', status: 'delivered' }));
    for (const o of delivered.items) expect(o).toMatchObject({ status: 'delivered', schoolPeriodId: '2025-2026' });
    expect((await get(mock.url, '/orders', { orgId: '110A133', status: 'lost' })).status).toBe(400);
  });
});

describe('request log and failure injection', () => {
  it('records method, path, query and headers, traceparent included', async () => {
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    await get(mock.url, '/students/school', { orgId: '110A133', pageSize: '1' }, { traceparent });
    await get(mock.url, '/orders', { orgId: 'nope' });
    expect(mock.requests).toHaveLength(2);
    expect(mock.requests[0]).toMatchObject({ method: 'GET', path: '/eduv/students/school', query: { orgId: '110A133', pageSize: '1' } });
    expect(mock.requests[0]?.headers.traceparent).toBe(traceparent);
    expect(mock.requests[0]?.receivedAt).toBeInstanceOf(Date);
    expect(mock.requests[1]?.path).toBe('/eduv/orders');
    mock.clearRequests();
    expect(mock.requests).toHaveLength(0);
  });

  it('failNext answers with the status and a problem body, once, in queue order', async () => {
    mock.failNext({ status: 503 });
    mock.failNext({ status: 429 });
    const a = await get(mock.url, '/students/school', { orgId: '110A133' });
    const b = await get(mock.url, '/students/school', { orgId: '110A133' });
    const c = await get(mock.url, '/students/school', { orgId: '110A133', pageSize: '1' });
    expect([a.status, b.status, c.status]).toEqual([503, 429, 200]);
    expect(a.contentType).toBe('application/problem+json');
    expect(problem(a)).toMatchObject({ status: 503, code: 'notAvailable' });
    expect(problem(b).code).toBe('tooManyRequests');
    expect(mock.requests).toHaveLength(3);
  });

  it('failNext with delayMs only delays, then answers normally', async () => {
    mock.failNext({ delayMs: 150 });
    const started = Date.now();
    const r = await get(mock.url, '/students/school', { orgId: '110A133', pageSize: '1' });
    expect(r.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('failNext can drop the connection or send a given body', async () => {
    mock.failNext({ destroySocket: true });
    await expect(fetch(`${mock.url}/students/school?orgId=110A133`)).rejects.toThrow();
    mock.failNext({ status: 502, body: { oops: true } });
    const r = await get(mock.url, '/orders', { orgId: '110A133' });
    expect(r).toMatchObject({ status: 502, body: { oops: true } });
  });
});

describe('npm run mock:eduv', () => {
  it('listens on PORT, logs one JSON line with its URL, and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/dev/mocks/eduv/standalone.ts'], {
      env: { ...process.env, PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const lines = createInterface({ input: child.stdout });
      const [line] = (await once(lines, 'line')) as [string];
      const logged = JSON.parse(line) as { level: string; service: string; url: string };
      expect(logged).toMatchObject({ level: 'info', service: 'mock-eduv' });
      expect(logged.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/eduv$/);
      // Only counts are logged, never a person.
      expect(line).not.toMatch(/ketenid|givenName|familyName/);
      const r = await get(logged.url, '/students/school', { orgId: '110A133', pageSize: '1' });
      expect(page<Student>(r).items).toHaveLength(1);
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const [code] = (await exited) as [number | null];
      expect(code).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
