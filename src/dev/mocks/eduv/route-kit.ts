import type { EduvIndex } from './dataset-index.ts';
import type { MockChangeLog } from './changes.ts';
import { CursorCodec, pageOf, queryFingerprint, type Row } from './paging.ts';
import { notFound, paramsValidation, type Problem } from './problems.ts';
import { integerBetween, matches, oneOf, orgIdCheck, schoolPeriodCheck, type Check, type ParsedQuery, type QuerySpec } from './query.ts';
import { ORG_ID_TYPES, type Onderwijsaanbieder, type OrganisationIdType } from './types.ts';

// What every endpoint of the mock shares: the paging and organisation parameters, resolving the
// onderwijsaanbieder, paging rows with a sealed cursor, answering one object. The endpoints
// themselves are in routes.ts and the *-routes.ts files, one API each.

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 500;
/** How often an id filter may repeat: ECK iDs are long, and 50 of them stay well inside a URL. */
export const MAX_IDS = 50;

export interface OkResult {
  status: 200;
  json: unknown;
}

export type RouteResult = OkResult | Problem;

export interface RouteContext {
  index: EduvIndex;
  codec: CursorCodec;
  /** The request path, for problem `instance`. */
  instance: string;
  /** The decoded last path segment of a single-object route (/groups/{groupId}). */
  pathId?: string;
  /** The change feed: the one part of the mock that changes while it runs. */
  changes: MockChangeLog;
}

export interface Route {
  spec: QuerySpec;
  /** For a single-object route: the name of its path id and what the id must look like. */
  pathParam?: { name: string; check: Check };
  handle(query: ParsedQuery, ctx: RouteContext): RouteResult;
}

export const paging: QuerySpec = {
  pageSize: { check: integerBetween(1, MAX_PAGE_SIZE) },
  cursor: { check: matches(/^[A-Za-z0-9_-]{1,512}$/, 'a cursor from nextCursor') },
};
export const org = (required: boolean): QuerySpec => ({
  orgId: { required, check: orgIdCheck },
  orgIdType: { check: oneOf(ORG_ID_TYPES) },
});
export const period: QuerySpec = { schoolPeriodId: { check: schoolPeriodCheck } };
/** A repeatable id filter: an item matches any of the values. */
export const ids = (check: Check): { maxItems: number; check: Check } => ({ maxItems: MAX_IDS, check });

export const isProblem = (x: object): x is Problem => 'status' in x && 'body' in x;

/** True when no values were given, or `value` (or one of `values`) is among them. */
export function matchesAny(wanted: readonly string[], value: string | readonly string[] | undefined): boolean {
  if (wanted.length === 0) return true;
  if (value === undefined) return false;
  return typeof value === 'string' ? wanted.includes(value) : value.some((v) => wanted.includes(v));
}

/** Resolves orgId/orgIdType: the aanbieder, a 404, or undefined when no orgId was given. */
export function resolveOrg(query: ParsedQuery, ctx: RouteContext): { aanbieder: Onderwijsaanbieder | undefined } | Problem {
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

/** Pages rows for the query; a cursor of another query is a 400. */
export function respondPage<T>(
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
  return { status: 200, json: { ...page, items: page.items.map(map) } };
}

export function requireOrgIdWithType(query: ParsedQuery, ctx: RouteContext): Problem | undefined {
  if (query.get('orgIdType') !== undefined && query.get('orgId') === undefined) {
    return paramsValidation(ctx.instance, [{ name: 'orgId', code: 'required', reason: 'orgId is required with orgIdType.' }]);
  }
  return undefined;
}

/** The org's rows, or a problem: orgId is required on these routes. */
export function orgRows<T>(byOrg: ReadonlyMap<string, readonly Row<T>[]>, query: ParsedQuery, ctx: RouteContext): { aanbieder: Onderwijsaanbieder; rows: readonly Row<T>[] } | Problem {
  const resolved = resolveOrg(query, ctx);
  if (isProblem(resolved)) return resolved;
  if (!resolved.aanbieder) return paramsValidation(ctx.instance, [{ name: 'orgId', code: 'required', reason: 'Parameter is required.' }]);
  return { aanbieder: resolved.aanbieder, rows: byOrg.get(resolved.aanbieder.id) ?? [] };
}

/**
 * One object of the org by its path id (already checked against the route's pathParam): a 404 when
 * the org has no such object, since another school's id is as unknown here as one that does not exist.
 */
export function respondItem<T>(
  byOrg: ReadonlyMap<string, readonly Row<T>[]>,
  query: ParsedQuery,
  ctx: RouteContext,
  idOf: (item: T) => string,
  map: (item: T) => unknown = (item) => item,
): RouteResult {
  const found = orgRows(byOrg, query, ctx);
  if (isProblem(found)) return found;
  const row = found.rows.find((r) => idOf(r.item) === ctx.pathId);
  if (!row) return notFound(ctx.instance, 'The onderwijsaanbieder has no such object.');
  return { status: 200, json: map(row.item) };
}
