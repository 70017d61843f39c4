// data/eduv/openapi.yaml and the mock agree: every response the mock gives, over real HTTP, is
// valid against the contract's schemas (with objects closed, so an undeclared property fails), and
// the contract's x-eduv extensions say what the Edu-V classification table and scope groups say (data/eduv/SOURCES.md).
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEduvContract } from '../src/domains/eduv/contract.ts';
import { startEduvMock, type EduvMock } from '../src/dev/mocks/eduv/server.ts';

// ajv-formats is CommonJS: its default import is the plugin function itself, which its typings
// (written for CommonJS interop) do not say.
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

type Schema = Record<string, unknown>;
const isSchema = (v: unknown): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v);
const REF = '#/components/schemas/';

/** Drops x- extensions (no JSON Schema keywords) and points $refs at $defs. */
function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (!isSchema(node)) return node;
  const out: Schema = {};
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith('x-')) continue;
    if (key === '$ref' && typeof value === 'string' && value.startsWith(REF)) out[key] = `#/$defs/${value.slice(REF.length)}`;
    // Property names are data, not keywords: a property could start with x- without being an extension.
    else if (key === 'properties' && isSchema(value)) out[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJsonSchema(v)]));
    else out[key] = toJsonSchema(value);
  }
  return out;
}

/**
 * Validators for the contract's component schemas. The contract leaves objects open (a real
 * upstream may add fields); here every object schema that is not an allOf part is closed with
 * unevaluatedProperties:false, so the mock cannot drift from the contract unnoticed.
 */
function contractValidators(): (name: string, data: unknown) => ErrorObject[] {
  const { document } = loadEduvContract();
  const components = document.components;
  const schemas = isSchema(components) && isSchema(components.schemas) ? components.schemas : {};
  const allOfParts = new Set<string>();
  for (const schema of Object.values(schemas)) {
    if (isSchema(schema) && Array.isArray(schema.allOf)) {
      for (const part of schema.allOf) if (isSchema(part) && typeof part.$ref === 'string') allOfParts.add(part.$ref.slice(REF.length));
    }
  }
  const defs: Schema = {};
  for (const [name, schema] of Object.entries(schemas)) {
    const converted = toJsonSchema(schema);
    if (!isSchema(converted)) continue;
    if ((converted.properties !== undefined || converted.allOf !== undefined) && !allOfParts.has(name)) converted.unevaluatedProperties = false;
    defs[name] = converted;
  }
  // Strict about keywords (a typo in the contract fails), not about style (if/then without type).
  const ajv = new Ajv2020({ allErrors: true, strictSchema: true, strictTypes: false, strictTuples: false, strictRequired: false });
  addFormats(ajv);
  ajv.addSchema({ $id: 'eduv', $defs: defs });
  const cache = new Map<string, ValidateFunction>();
  return (name, data) => {
    let validate = cache.get(name);
    if (!validate) {
      validate = ajv.getSchema(`eduv#/$defs/${name}`);
      if (!validate) throw new Error(`no schema ${name}`);
      cache.set(name, validate);
    }
    return validate(data) ? [] : [...(validate.errors ?? [])];
  };
}

const validate = contractValidators();
const errorsOf = (name: string, data: unknown): string[] =>
  validate(name, data).map((e) => `${e.instancePath} ${e.keyword} ${e.message ?? ''} ${JSON.stringify(e.params)}`);

/** The response schema the contract names for an operation (its path template) and status. */
function responseSchema(path: string, status: string): string {
  const paths = loadEduvContract().document.paths as Record<string, { get: { responses: Record<string, Schema> } }>;
  const response = paths[path]?.get.responses[status];
  const content = response?.content as Record<string, { schema: { $ref: string } }> | undefined;
  const ref = content?.['application/json']?.schema.$ref;
  if (!ref) throw new Error(`no ${status} schema for ${path}`);
  return ref.slice(REF.length);
}

let mock: EduvMock;
beforeAll(async () => {
  mock = await startEduvMock({ port: 0 });
});
afterAll(async () => mock?.close());

async function getJson(path: string, params: Record<string, string | string[]> = {}, init: RequestInit = {}): Promise<{ status: number; contentType: string | null; body: unknown }> {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) for (const value of Array.isArray(v) ? v : [v]) qs.append(k, value);
  const res = await fetch(`${mock.url}${path}?${qs.toString()}`, init);
  return { status: res.status, contentType: res.headers.get('content-type'), body: (await res.json()) as unknown };
}

/** Reads every page and validates each against the contract; returns the number of items. */
async function validateAllPages(path: string, params: Record<string, string | string[]>, pageSize = 200): Promise<{ count: number; problems: string[] }> {
  const schemaName = responseSchema(path, '200');
  const problems: string[] = [];
  let count = 0;
  let cursor: string | undefined;
  do {
    const res = await getJson(path, { ...params, pageSize: String(pageSize), ...(cursor ? { cursor } : {}) });
    expect(res.status).toBe(200);
    expect(res.contentType).toMatch(/^application\/json/);
    problems.push(...errorsOf(schemaName, res.body).map((e) => `${path} ${JSON.stringify(params)}: ${e}`));
    const body = res.body as { items: unknown[]; nextCursor?: string };
    count += body.items.length;
    cursor = body.nextCursor;
  } while (cursor);
  return { count, problems };
}

describe('responses match the contract', () => {
  it('every student of every aanbieder, with all scope groups and with basic only', async () => {
    const problems: string[] = [];
    let count = 0;
    for (const a of mock.data.aanbieders) {
      const all = await validateAllPages('/students/school', { orgId: a.id }, 500);
      const basic = await validateAllPages('/students/school', { orgId: a.id, scope: 'eduv.student.basic', subjectOfferingId: mock.data.subjectOfferings.filter((o) => o.organisationMasterIdentifier === a.id).slice(0, 3).map((o) => o.id) }, 17);
      problems.push(...all.problems, ...basic.problems);
      count += all.count;
    }
    expect(problems).toEqual([]);
    expect(count).toBe(mock.data.students.length);
  });

  it('organisations, study and subject offerings and orders of every aanbieder; the whole catalogue', async () => {
    const problems: string[] = [];
    problems.push(...(await validateAllPages('/organisations', {}, 2)).problems);
    for (const a of mock.data.aanbieders) {
      for (const path of ['/study-offerings', '/subject-offerings', '/orders']) {
        problems.push(...(await validateAllPages(path, { orgId: a.id }, 100)).problems);
      }
    }
    const catalogue = await validateAllPages('/catalogue/products', {}, 25);
    problems.push(...catalogue.problems);
    expect(problems).toEqual([]);
    expect(catalogue.count).toBe(mock.data.products.length);
  });

  it('employees of every aanbieder, with all scope groups, basic only, and looked up by ECK iD', async () => {
    const problems: string[] = [];
    let count = 0;
    for (const a of mock.data.aanbieders) {
      const all = await validateAllPages('/employees', { orgId: a.id }, 7);
      const basic = await validateAllPages('/employees', { orgId: a.id, scope: 'eduv.employee.basic' }, 500);
      const staff = mock.data.employees.filter((e) => e.aanbiederId === a.id).map((e) => e.employee.userMasterIdentifier);
      const batch = await validateAllPages('/employees', { orgId: a.id, employeeId: staff.slice(0, 5), scope: 'eduv.employee.basic eduv.employee.roles' }, 2);
      problems.push(...all.problems, ...basic.problems, ...batch.problems);
      count += all.count;
      expect(batch.count).toBe(Math.min(5, staff.length));
      for (const id of staff.slice(0, 3)) {
        const one = await getJson(`/employees/${encodeURIComponent(id)}`, { orgId: a.id });
        expect(one.status).toBe(200);
        problems.push(...errorsOf(responseSchema('/employees/{employeeId}', '200'), one.body).map((e) => `employee ${id}: ${e}`));
      }
    }
    expect(problems).toEqual([]);
    expect(count).toBe(mock.data.employees.length);
  });

  it('school periods, groups, enrolments and assignments of every aanbieder, whole and filtered', async () => {
    const problems: string[] = [];
    const counts = { groups: 0, enrolments: 0, assignments: 0 };
    for (const a of mock.data.aanbieders) {
      problems.push(...(await validateAllPages('/school-periods', { orgId: a.id }, 1)).problems);
      const groups = await validateAllPages('/groups', { orgId: a.id }, 100);
      const enrolments = await validateAllPages('/enrolments', { orgId: a.id }, 500);
      const assignments = await validateAllPages('/assignments', { orgId: a.id }, 250);
      problems.push(...groups.problems, ...enrolments.problems, ...assignments.problems);
      counts.groups += groups.count;
      counts.enrolments += enrolments.count;
      counts.assignments += assignments.count;
      const students = mock.data.students.filter((s) => s.aanbiederId === a.id).slice(0, 4).map((s) => s.student.userMasterIdentifier);
      const groupIds = mock.data.groups.filter((g) => g.organisationMasterIdentifier === a.id).slice(0, 6).map((g) => g.id);
      problems.push(...(await validateAllPages('/enrolments', { orgId: a.id, studentId: students, schoolPeriodId: '2026-2027' }, 3)).problems);
      problems.push(...(await validateAllPages('/assignments', { orgId: a.id, groupId: groupIds }, 3)).problems);
      problems.push(...(await validateAllPages('/groups', { orgId: a.id, groupId: groupIds }, 4)).problems);
      const one = await getJson(`/groups/${groupIds[0] ?? ''}`, { orgId: a.id });
      expect(one.status).toBe(200);
      problems.push(...errorsOf(responseSchema('/groups/{groupId}', '200'), one.body));
    }
    expect(problems).toEqual([]);
    expect(counts).toEqual({ groups: mock.data.groups.length, enrolments: mock.data.enrolments.length, assignments: mock.data.assignments.length });
  });

  it('results of every aanbieder and all norms', async () => {
    const problems: string[] = [];
    let count = 0;
    for (const a of mock.data.aanbieders) {
      const all = await validateAllPages('/results', { orgId: a.id }, 500);
      problems.push(...all.problems);
      count += all.count;
      const students = mock.data.students.filter((s) => s.aanbiederId === a.id).slice(0, 3).map((s) => s.student.userMasterIdentifier);
      problems.push(...(await validateAllPages('/results', { orgId: a.id, studentId: students }, 5)).problems);
    }
    const norms = await validateAllPages('/norms', {}, 40);
    problems.push(...norms.problems);
    expect(problems).toEqual([]);
    expect(count).toBe(mock.data.results.length);
    expect(norms.count).toBe(mock.data.norms.length);
  });

  it('errors are problem+json bodies of the Problem schema', async () => {
    const cases: [string, Record<string, string | string[]>, number][] = [
      ['/students/school', { orgIdType: 'X', pageSize: '0', what: '1' }, 400],
      ['/students/school', { orgId: '110A133', cursor: 'AAAA' }, 400],
      ['/students/school', { orgId: '110A133', scope: 'eduv.student.demographics' }, 400],
      ['/orders', { orgId: '999Z999' }, 404],
      ['/unknown', {}, 404],
      ['/employees', { orgId: '110A133', employeeId: 'not-an-eck-id' }, 400],
      ['/employees', { orgId: '110A133', scope: 'eduv.employee.roles' }, 400],
      ['/employees/not-an-eck-id', { orgId: '110A133' }, 400],
      [`/employees/${encodeURIComponent(`https://ketenid.nl/201703/${'0'.repeat(64)}`)}`, { orgId: '110A133' }, 404],
      ['/groups/does-not-exist', { orgId: '110A133' }, 404],
      ['/groups/110A133-2026-2027-H4-KLAS', {}, 400],
      ['/enrolments', { orgId: '110A133', studentId: Array.from({ length: 51 }, () => `https://ketenid.nl/201703/${'a'.repeat(64)}`) }, 400],
      ['/results', { orgId: '110A133', productId: 'LM 1' }, 400],
      ['/norms', { orgId: '110A133' }, 400],
      ['/school-periods', { orgId: '999Z999' }, 404],
    ];
    for (const [path, params, status] of cases) {
      const res = await getJson(path, params);
      expect(res.status).toBe(status);
      expect(res.contentType).toBe('application/problem+json');
      expect(errorsOf('Problem', res.body)).toEqual([]);
    }
    const post = await getJson('/orders', { orgId: '110A133' }, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(errorsOf('Problem', post.body)).toEqual([]);
    for (const status of [401, 403, 429, 500, 502, 503, 504]) {
      mock.failNext({ status });
      const res = await getJson('/students/school', { orgId: '110A133' });
      expect(res.status).toBe(status);
      expect(errorsOf('Problem', res.body)).toEqual([]);
    }
  });

  it('the validators are not vacuous', () => {
    const student = mock.data.students[0]?.student;
    const page = { items: [student], pageSize: 1, hasNextPage: false };
    expect(errorsOf('StudentPage', page)).toEqual([]);
    expect(errorsOf('StudentPage', { ...page, items: [{ ...student, bsn: '999993653' }] }).join()).toContain('unevaluatedProperties');
    expect(errorsOf('StudentPage', { ...page, items: [{ ...student, userMasterIdentifier: 'https://ketenid.nl/201703/ABC' }] }).join()).toContain('pattern');
    expect(errorsOf('StudentPage', { ...page, hasNextPage: true }).join()).toContain('required');
    expect(errorsOf('StudentPage', { ...page, nextCursor: 'abc' }).length).toBeGreaterThan(0);
    expect(errorsOf('StudentPage', { ...page, items: [{ ...student, homeAddress: { ...student?.homeAddress, postalCode: '1234 ab' } }] }).join()).toContain('pattern');
    expect(errorsOf('StudentPage', { ...page, items: [{ ...student, email: 'not a mail' }] }).join()).toContain('format');
    expect(errorsOf('Problem', { type: 'about:blank', title: 'x', status: 400 }).join()).toContain('required');
    const employee = mock.data.employees[0]?.employee;
    expect(errorsOf('Employee', employee)).toEqual([]);
    expect(errorsOf('Employee', { ...employee, roles: ['janitor'] }).join()).toContain('enum');
    expect(errorsOf('Employee', { ...employee, bsn: '999993653' }).join()).toContain('unevaluatedProperties');
    const result = mock.data.results[0];
    expect(errorsOf('Result', result)).toEqual([]);
    expect(errorsOf('Result', { ...result, usage: { ...result?.usage, progressPercentage: 101 } }).join()).toContain('maximum');
    expect(errorsOf('Result', { ...result, scores: [{ ...result?.scores[0], grade: 0.5 }] }).join()).toContain('minimum');
    expect(errorsOf('Assignment', { ...mock.data.assignments[0], role: 'principal' }).join()).toContain('enum');
    expect(errorsOf('StudentPage', { ...page, items: [{ ...student, readingAids: [] }] }).join()).toContain('minItems');
  });
});

describe('the contract carries the Edu-V classifications and scope groups', () => {
  const contract = loadEduvContract();

  it('classifies the information objects as the Edu-V classification table does', () => {
    const classOf = (name: string): string | undefined => contract.informationObjects.get(name)?.classification.class;
    expect(classOf('Product')).toBe('I');
    expect(classOf('SubjectOffering')).toBe('II');
    expect(classOf('StudyOffering')).toBe('II');
    expect(classOf('Order')).toBe('III');
    expect(classOf('Student')).toBe('IV');
  });

  it('gives the objects of issue 19 the four attributes that decide their layers', () => {
    // The attributes decide (activation, extras, agreement); the numeral is information only.
    const school = { confidential: true, directedBy: 'school', personalData: true, processingAgreement: true };
    const expected: Record<string, object> = {
      Employee: school, Group: school, Enrolment: school, Assignment: school, Result: school,
      SchoolPeriod: { confidential: false, directedBy: 'school', personalData: false, processingAgreement: false },
      Norm: { confidential: true, directedBy: 'supplier', personalData: false, processingAgreement: false },
    };
    for (const [name, attributes] of Object.entries(expected)) {
      const { class: _numeral, ...actual } = contract.informationObjects.get(name)?.classification ?? { class: undefined };
      expect(actual, name).toEqual(attributes);
    }
    const scopeOf = (name: string): string | undefined => contract.informationObjects.get(name)?.scope;
    expect(['SchoolPeriod', 'Group', 'Enrolment', 'Assignment'].map(scopeOf)).toEqual(Array(4).fill('eduv.association'));
    expect([scopeOf('Result'), scopeOf('Norm'), scopeOf('Employee')]).toEqual(['eduv.result', 'eduv.norm', undefined]);
    expect(contract.informationObjects.get('Norm')?.classification.class).toBe('III');
  });

  it('each class has the attributes of its row in the table', () => {
    const rows = {
      I: { confidential: false, directedBy: 'supplier', personalData: false, processingAgreement: false },
      II: { confidential: false, directedBy: 'school', personalData: false, processingAgreement: false },
      III: { confidential: true, directedBy: 'supplier', personalData: false, processingAgreement: false },
      IV: { confidential: true, directedBy: 'school', personalData: true, processingAgreement: true },
    } as const;
    expect(contract.informationObjects.size).toBeGreaterThanOrEqual(5);
    for (const obj of contract.informationObjects.values()) {
      const { class: cls, ...attributes } = obj.classification;
      expect(attributes, obj.name).toEqual(rows[cls]);
    }
  });

  it('groups the Student properties by scope as the Edu-V Students API does', () => {
    expect(Object.fromEntries(contract.studentScopeGroups)).toEqual({
      'eduv.student.basic': ['userMasterIdentifier', 'userIds', 'givenName', 'preferredFirstName', 'familyName', 'familyNamePrefix', 'subjectOfferingIds', 'groupIds'],
      'eduv.student.demographics': ['dateOfBirth', 'gender'],
      'eduv.student.communication': ['email'],
      'eduv.student.deliveryaddress': ['homeAddress', 'emailPrivate', 'emailsParents'],
      'eduv.student.accessibility': ['preferredLanguage', 'extraTime', 'readingAids'],
    });
  });

  it('groups the Employee properties by scope as the Edu-V Employees API does', () => {
    const groups = new Map<string, string[]>();
    for (const [prop, scope] of contract.informationObjects.get('Employee')?.propertyScopes ?? []) groups.set(scope, [...(groups.get(scope) ?? []), prop]);
    expect(Object.fromEntries(groups)).toEqual({
      'eduv.employee.basic': ['userMasterIdentifier', 'userIds', 'givenName', 'preferredFirstName', 'familyName', 'familyNamePrefix'],
      'eduv.employee.communication': ['email'],
      'eduv.employee.roles': ['roles', 'jobTitle'],
    });
  });

  it('every operation names a classified information object and requires that object\'s scope', () => {
    const paths = contract.document.paths as Record<string, { get: Schema }>;
    const securitySchemes = ((contract.document.components as Schema).securitySchemes as Schema).eduv as Schema;
    const declaredScopes = Object.keys(((securitySchemes.flows as Schema).clientCredentials as Schema).scopes as Schema);
    expect(Object.keys(paths).sort()).toEqual([
      '/assignments', '/catalogue/products', '/changes', '/employees', '/employees/{employeeId}', '/enrolments', '/groups', '/groups/{groupId}',
      '/norms', '/orders', '/organisations', '/results', '/school-periods', '/students/school', '/study-offerings', '/subject-offerings',
    ]);
    // An object delivered per scope group needs its basic group for any exchange.
    const basicGroup: Record<string, string> = { Student: 'eduv.student.basic', Employee: 'eduv.employee.basic' };
    for (const [path, { get }] of Object.entries(paths)) {
      const name = get['x-eduv-information-object'];
      expect(typeof name, path).toBe('string');
      const obj = contract.informationObjects.get(String(name));
      expect(obj, path).toBeDefined();
      const required = (get.security as Record<string, string[]>[])[0]?.eduv ?? [];
      expect(required, path).toEqual([obj?.scope ?? basicGroup[String(name)]]);
      for (const scope of obj?.propertyScopes.values() ?? []) expect(declaredScopes).toContain(scope);
      expect(responseSchema(path, '200')).toBe(path.endsWith('}') ? String(name) : `${String(name)}Page`);
    }
  });
});
