import { associationRoutes, groupRoute } from './association-routes.ts';
import { employeeRoute, employeeRoutes } from './employee-routes.ts';
import { paramsValidation } from './problems.ts';
import { eckIdCheck, idCheck, matches, oneOf, validateQuery } from './query.ts';
import { resultRoutes } from './result-routes.ts';
import { changesRoute } from './change-routes.ts';
import {
  ids, isProblem, matchesAny, org, orgRows, paging, period, requireOrgIdWithType, resolveOrg, respondPage,
  type Route, type RouteContext, type RouteResult,
} from './route-kit.ts';
import { projectStudent, requestedScopeGroups } from './scopes.ts';
import { LEVELS, ORDER_STATUSES, PRODUCT_TYPES } from './types.ts';

// The endpoints of data/eduv/openapi.yaml over the generated dataset: validate the query, resolve
// the onderwijsaanbieder, filter, page. Each handler is a pure function of the query and the index.
// Students, Education, Catalogue and Orders are here; the other APIs in their own *-routes.ts.

export { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, type OkResult, type Route, type RouteContext, type RouteResult } from './route-kit.ts';

const studentsForSchool: Route = {
  spec: {
    ...org(true),
    subjectOfferingId: ids(idCheck),
    studentId: ids(eckIdCheck),
    ...period,
    scope: { check: matches(/^[a-z.]+( [a-z.]+)*$/, 'scope names separated by single spaces') },
    ...paging,
  },
  handle(query, ctx) {
    const requested = requestedScopeGroups('Student', query.get('scope'));
    if ('invalid' in requested) return paramsValidation(ctx.instance, requested.invalid);
    const found = orgRows(ctx.index.studentsByOrg, query, ctx);
    if (isProblem(found)) return found;
    const periodId = query.get('schoolPeriodId');
    const offerings = query.all('subjectOfferingId');
    const students = query.all('studentId');
    const rows = found.rows.filter(({ item }) => (periodId === undefined || item.schoolPeriodIds.includes(periodId))
      && matchesAny(offerings, item.student.subjectOfferingIds)
      && matchesAny(students, item.student.userMasterIdentifier));
    // `students` joins the fingerprint only when given, so cursors of earlier queries stay valid.
    const selection = { org: found.aanbieder.id, periodId, offerings, ...(students.length > 0 ? { students } : {}) };
    return respondPage(rows, query, ctx, selection, (r) => projectStudent(r.student, requested.scopes));
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

/** List routes by path below the base path. */
export const ROUTES: ReadonlyMap<string, Route> = new Map([
  ['/students/school', studentsForSchool],
  ...employeeRoutes,
  ['/organisations', organisations],
  ['/study-offerings', studyOfferings],
  ['/subject-offerings', subjectOfferings],
  ...associationRoutes,
  ['/catalogue/products', products],
  ['/orders', orders],
  ...resultRoutes,
  ['/changes', changesRoute],
]);

/** Single-object routes: the path prefix, then one segment that is the object's id. */
const ITEM_ROUTES: readonly (readonly [string, Route])[] = [
  ['/employees/', employeeRoute],
  ['/groups/', groupRoute],
];

/** The route of a path below the base path, with the decoded id of a single-object route. */
export function findRoute(path: string): { route: Route; pathId?: string } | undefined {
  const list = ROUTES.get(path);
  if (list) return { route: list };
  for (const [prefix, route] of ITEM_ROUTES) {
    const segment = path.startsWith(prefix) ? path.slice(prefix.length) : '';
    if (segment === '' || segment.includes('/')) continue;
    let pathId = segment;
    try {
      pathId = decodeURIComponent(segment);
    } catch {
      // A malformed escape stays as it came and fails the id check.
    }
    return { route, pathId };
  }
  return undefined;
}

/** Handles a GET of a known route: the query and a path id are checked together, then handled. */
export function handleRoute(route: Route, params: URLSearchParams, ctx: RouteContext): RouteResult {
  const parsed = validateQuery(params, route.spec);
  const invalid = parsed.ok ? [] : [...parsed.invalid];
  const badId = route.pathParam?.check(ctx.pathId ?? '');
  if (route.pathParam && badId) invalid.unshift({ name: route.pathParam.name, ...badId });
  if (!parsed.ok || invalid.length > 0) return paramsValidation(ctx.instance, invalid);
  return route.handle(parsed.query, ctx);
}
