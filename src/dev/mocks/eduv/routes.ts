import type { EduvIndex } from './dataset-index.ts';
import { CursorCodec, pageOf, queryFingerprint, type Row } from './paging.ts';
import { notFound, paramsValidation, type InvalidParam, type Problem } from './problems.ts';
import { idCheck, integerBetween, matches, oneOf, orgIdCheck, schoolPeriodCheck, validateQuery, type ParsedQuery, type QuerySpec } from './query.ts';
import { knownStudentScopes, projectStudent } from './scopes.ts';
import { LEVELS, ORDER_STATUSES, ORG_ID_TYPES, PRODUCT_TYPES, type Onderwijsaanbieder, type OrganisationIdType } from './types.ts';

// The endpoints of data/eduv/openapi.yaml over the generated dataset: validate the query, resolve
// the onderwijsaanbieder, filter, page. Each handler is a pure function of the query and the index.

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 500;

export interface PageResult {
  status: 200;
  page: unknown;
}

export type RouteResult = PageResult | Problem;

export interface RouteContext {
  index: EduvIndex;
  codec: CursorCodec;
  /** The request path, for problem `instance`. */
  instance: string;
}

export interface Route {
  spec: QuerySpec;
  handle(query: ParsedQuery, ctx: RouteContext): RouteResult;
}

const paging: QuerySpec = {
  pageSize: { check: integerBetween(1, MAX_PAGE_SIZE) },
  cursor: { check: matches(/^[A-Za-z0-9_-]{1,512}$/, 'a cursor from nextCursor') },
};
const org = (required: boolean): QuerySpec => ({
  orgId: { required, check: orgIdCheck },
  orgIdType: { check: oneOf(ORG_ID_TYPES) },
});
const period: QuerySpec = { schoolPeriodId: { check: schoolPeriodCheck } };

/** Resolves orgId/orgIdType: the aanbieder, a 404, or undefined when no orgId was given. */
function resolveOrg(query: ParsedQuery, ctx: RouteContext): { aanbieder: Onderwijsaanbieder | undefined } | Problem {
  const orgId = query.get('orgId');
  const orgIdType = query.get('orgIdType') as OrganisationIdType | undefined;
  if (orgId === undefined) return { aanbieder: undefined };
  const aanbieder = ctx.index.resolveOrg(orgId, orgIdType);
  if (!aanbieder) {
    return notFound(ctx.instance, orgIdType === undefined
      ? 'No onderwijsaanbieder has this organisationMasterIdentifier.'
      : `No onderwijsaanbieder has this ${orgIdType}.`);
  }
  return { aanbieder };
}

const isProblem = (x: object): x is Problem => 'status' in x && 'body' in x;

/** Pages rows for the query; a cursor of another query is a 400. */
function respondPage<T>(
  rows: readonly Row<T>[],
  query: ParsedQuery,
  ctx: RouteContext,
  selection: Readonly<Record<string, string | readonly string[] | undefined>>,
  map: (item: T) => unknown = (item) => item,
): RouteResult {
  const fingerprint = queryFingerprint({ ...selection, path: ctx.instance });
  const pageSize = Number(query.get('pageSize') ?? DEFAULT_PAGE_SIZE);
  const cursor = query.get('cursor');
  let after: number | undefined;
  if (cursor !== undefined) {
    const decoded = ctx.codec.decode(cursor, fingerprint);
    if (!decoded.ok) return paramsValidation(ctx.instance, [{ name: 'cursor', code: 'invalid', reason: decoded.reason }]);
    after = decoded.after;
  }
  const page = pageOf(rows, pageSize, after, ctx.codec, fingerprint);
  return { status: 200, page: { ...page, items: page.items.map(map) } };
}

function requireOrgIdWithType(query: ParsedQuery, ctx: RouteContext): Problem | undefined {
  if (query.get('orgIdType') !== undefined && query.get('orgId') === undefined) {
    return paramsValidation(ctx.instance, [{ name: 'orgId', code: 'required', reason: 'orgId is required with orgIdType.' }]);
  }
  return undefined;
}

/** The org's rows, or a problem: orgId is required on these routes. */
function orgRows<T>(byOrg: ReadonlyMap<string, readonly Row<T>[]>, query: ParsedQuery, ctx: RouteContext): { aanbieder: Onderwijsaanbieder; rows: readonly Row<T>[] } | Problem {
  const resolved = resolveOrg(query, ctx);
  if (isProblem(resolved)) return resolved;
  if (!resolved.aanbieder) return paramsValidation(ctx.instance, [{ name: 'orgId', code: 'required', reason: 'Parameter is required.' }]);
  return { aanbieder: resolved.aanbieder, rows: byOrg.get(resolved.aanbieder.id) ?? [] };
}

const studentsForSchool: Route = {
  spec: {
    ...org(true),
    subjectOfferingId: { maxItems: 50, check: idCheck },
    ...period,
    scope: { check: matches(/^[a-z.]+( [a-z.]+)*$/, 'scope names separated by single spaces') },
    ...paging,
  },
  handle(query, ctx) {
    const scopeParam = query.get('scope');
    let scopes: ReadonlySet<string> = new Set(knownStudentScopes());
    if (scopeParam !== undefined) {
      const requested = scopeParam.split(' ');
      const invalid: InvalidParam[] = [];
      const unknown = requested.filter((s) => !scopes.has(s));
      if (unknown.length > 0) invalid.push({ name: 'scope', code: 'enum', reason: `Unknown scope group(s): ${unknown.join(', ')}.` });
      else if (!requested.includes('eduv.student.basic')) invalid.push({ name: 'scope', code: 'invalid', reason: 'eduv.student.basic is part of every student exchange.' });
      if (invalid.length > 0) return paramsValidation(ctx.instance, invalid);
      scopes = new Set(requested);
    }
    const found = orgRows(ctx.index.studentsByOrg, query, ctx);
    if (isProblem(found)) return found;
    const periodId = query.get('schoolPeriodId');
    const offerings = query.all('subjectOfferingId');
    const rows = found.rows.filter(({ item }) => (periodId === undefined || item.schoolPeriodIds.includes(periodId))
      && (offerings.length === 0 || offerings.some((id) => item.student.subjectOfferingIds.includes(id))));
    return respondPage(rows, query, ctx, { org: found.aanbieder.id, periodId, offerings }, (r) => projectStudent(r.student, scopes));
  },
};

const organisations: Route = {
  spec: { ...org(false), bestuurNumber: { check: matches(/^[0-9]{5}$/, 'five digits') }, ...paging },
  handle(query, ctx) {
    const missing = requireOrgIdWithType(query, ctx);
    if (missing) return missing;
    const resolved = resolveOrg(query, ctx);
    if (isProblem(resolved)) return resolved;
    const bestuur = query.get('bestuurNumber');
    const rows = ctx.index.organisations.filter(({ item }) => (resolved.aanbieder === undefined || item.id === resolved.aanbieder.id)
      && (bestuur === undefined || item.bestuurNumber === bestuur));
    return respondPage(rows, query, ctx, { org: resolved.aanbieder?.id, bestuur }, (a) => a.organisation);
  },
};

const studyOfferings: Route = {
  spec: { ...org(true), ...period, ...paging },
  handle(query, ctx) {
    const found = orgRows(ctx.index.studyOfferingsByOrg, query, ctx);
    if (isProblem(found)) return found;
    const periodId = query.get('schoolPeriodId');
    const rows = found.rows.filter(({ item }) => periodId === undefined || item.schoolPeriodId === periodId);
    return respondPage(rows, query, ctx, { org: found.aanbieder.id, periodId });
  },
};

const subjectOfferings: Route = {
  spec: { ...org(true), ...period, studyOfferingId: { check: idCheck }, ...paging },
  handle(query, ctx) {
    const found = orgRows(ctx.index.subjectOfferingsByOrg, query, ctx);
    if (isProblem(found)) return found;
    const periodId = query.get('schoolPeriodId');
    const study = query.get('studyOfferingId');
    const rows = found.rows.filter(({ item }) => (periodId === undefined || item.schoolPeriodId === periodId)
      && (study === undefined || item.studyOfferingId === study));
    return respondPage(rows, query, ctx, { org: found.aanbieder.id, periodId, study });
  },
};

const groups: Route = {
  spec: { ...org(true), ...period, ...paging },
  handle(query, ctx) {
    const found = orgRows(ctx.index.groupsByOrg, query, ctx);
    if (isProblem(found)) return found;
    const periodId = query.get('schoolPeriodId');
    const rows = found.rows.filter(({ item }) => periodId === undefined || item.schoolPeriodId === periodId);
    return respondPage(rows, query, ctx, { org: found.aanbieder.id, periodId });
  },
};

const products: Route = {
  spec: {
    subjectCode: { check: matches(/^[A-Z]{2,5}[0-9]?$/, 'a subject code such as NE or WB') },
    level: { check: oneOf(LEVELS) },
    productType: { check: oneOf(PRODUCT_TYPES) },
    ...paging,
  },
  handle(query, ctx) {
    const subject = query.get('subjectCode');
    const level = query.get('level');
    const type = query.get('productType');
    const rows = ctx.index.products.filter(({ item }) => (subject === undefined || item.subject.code === subject)
      && (level === undefined || (item.levels as readonly string[]).includes(level))
      && (type === undefined || item.productType === type));
    return respondPage(rows, query, ctx, { subject, level, type });
  },
};

const orders: Route = {
  spec: { ...org(true), ...period, status: { check: oneOf(ORDER_STATUSES) }, ...paging },
  handle(query, ctx) {
    const found = orgRows(ctx.index.ordersByOrg, query, ctx);
    if (isProblem(found)) return found;
    const periodId = query.get('schoolPeriodId');
    const status = query.get('status');
    const rows = found.rows.filter(({ item }) => (periodId === undefined || item.schoolPeriodId === periodId)
      && (status === undefined || item.status === status));
    return respondPage(rows, query, ctx, { org: found.aanbieder.id, periodId, status });
  },
};

/** Routes by path below the base path. */
export const ROUTES: ReadonlyMap<string, Route> = new Map([
  ['/students/school', studentsForSchool],
  ['/organisations', organisations],
  ['/study-offerings', studyOfferings],
  ['/subject-offerings', subjectOfferings],
  ['/groups', groups],
  ['/catalogue/products', products],
  ['/orders', orders],
]);

/** Handles a GET of a known route. */
export function handleRoute(route: Route, params: URLSearchParams, ctx: RouteContext): RouteResult {
  const parsed = validateQuery(params, route.spec);
  if (!parsed.ok) return paramsValidation(ctx.instance, parsed.invalid);
  return route.handle(parsed.query, ctx);
}
