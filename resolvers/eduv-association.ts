// Edu-V beyond students (schema/eduv-association.graphql): employees, groups with their students and
// employees, school periods, results, norms — and the links between them. Every object is an exchange
// of its own gegevensdienst: a root field's layers ran in its rule; a link runs the layers of the
// dienst it reaches here, for the onderwijsaanbieder of the object it starts from (memoised per
// request), and keeps only what that dienst's activation covers — a group outside the association
// activation is invisible, and with it its members; a student outside the students activation is not
// delivered through any group. Look-ups are batched per level (DataLoader): the students of all groups
// of a level in one call, their results in one more.
import DataLoader from 'dataloader';
import type { GraphQLResolveInfo } from 'graphql';
import type { Resolvers } from '../src/generated/graphql.ts';
import type { RequestContext } from './context.ts';
import { badInput } from '../src/domains/brp/input.ts';
import { CursorError } from '../src/domains/eduv/cursor.ts';
import { dienstProfile, fieldScopes, type Gegevensdienst } from '../src/domains/eduv/diensten.ts';
import type { Page, Query } from '../src/domains/eduv/upstream.ts';
import { selectionFor } from '../src/engine/plan/executable-document.ts';
import { allPages, get, narrowStudents, permitted } from './eduv.ts';
import { orgOf, tagOrg, type Tagged } from './eduv-org.ts';

type Json = Record<string, unknown>;


/** Ids per upstream call: the source's limit of a repeated id filter. */
const IDS_PER_CALL = 50;
const MAX_PAGE = 200;

const tag = tagOrg;

/** Within an activation narrowed to subject offerings: a group of one of them. */
const groupInSubset = (group: Json, narrowing: readonly string[] | null) =>
  !narrowing || (Array.isArray(group.subjectOfferingIds) && group.subjectOfferingIds.some((id) => narrowing.includes(String(id))));

/**
 * The scope groups the permitted positions below this field ask for, of an object delivered per
 * scope group (Student, Employee) — its basic group always (the ECK iD the record needs).
 */
function scopesBelow(ctx: RequestContext, info: GraphQLResolveInfo, informationObject: string, basic: string, granted: ReadonlySet<string>, list?: string): string[] {
  const plan = ctx.plan;
  if (!plan) throw new Error('Edu-V resolver outside a planned operation');
  const byField = fieldScopes(informationObject);
  const scopes = new Set<string>([basic]);
  let fields = selectionFor(plan, info.fieldNodes).fields;
  if (list) fields = fields.filter((f) => f.fieldName === list && f.children && plan.permitted(f)).flatMap((f) => f.children!.fields);
  for (const field of fields) {
    const scope = plan.permitted(field) ? byField.get(field.fieldName) : undefined;
    if (scope) scopes.add(scope);
  }
  return [...scopes].filter((s) => granted.has(s)).sort();
}

/** Per request: one batched look-up per kind of link and scope selection, keyed `org|id`. */
class Lookups {
  private readonly loaders = new Map<string, DataLoader<string, Json[]>>();

  constructor(private readonly ctx: RequestContext) {}

  /**
   * Items of `path` whose `matchField` is one of the ids, grouped per id: `/enrolments?studentId=…`
   * gives each student's enrolments. One call per onderwijsaanbieder and 50 ids.
   */
  byId(path: string, idParam: string, matchField: string, extra: Query = {}): DataLoader<string, Json[]> {
    const key = JSON.stringify([path, idParam, matchField, extra]);
    let loader = this.loaders.get(key);
    if (!loader) {
      loader = new DataLoader<string, Json[]>(
        async (keys) => {
          const byOrg = new Map<string, string[]>();
          for (const k of keys) {
            const [org, id] = split(k);
            byOrg.set(org, [...(byOrg.get(org) ?? []), id]);
          }
          const found = new Map<string, Json[]>();
          await Promise.all(
            [...byOrg].map(async ([org, ids]) => {
              const items = await allPages<Json>(this.ctx, path, { ...extra, orgId: org, [idParam]: ids });
              for (const item of items) {
                const k = `${org}|${String(item[matchField])}`;
                found.set(k, [...(found.get(k) ?? []), item]);
              }
            }),
          );
          return keys.map((k) => found.get(k) ?? []);
        },
        { maxBatchSize: IDS_PER_CALL },
      );
      this.loaders.set(key, loader);
    }
    return loader;
  }
}

function split(key: string): [string, string] {
  const at = key.indexOf('|');
  return [key.slice(0, at), key.slice(at + 1)];
}

// Per record: a request's collector, or one event's of a subscription (which renews it per event), so
// that a subscription never answers an event from what it fetched for the last.
const lookups = new WeakMap<object, Lookups>();
function lookupsOf(ctx: RequestContext): Lookups {
  let l = lookups.get(ctx.disclosures);
  if (!l) lookups.set(ctx.disclosures, (l = new Lookups(ctx)));
  return l;
}

async function many(loader: DataLoader<string, Json[]>, org: string, ids: readonly string[]): Promise<Json[]> {
  const lists = await loader.loadMany(ids.map((id) => `${org}|${id}`));
  return lists.flatMap((l) => {
    if (l instanceof Error) throw l;
    return l;
  });
}

/** Groups by id, those within the association activation only. */
async function groupsWithin(ctx: RequestContext, org: string, groupIds: readonly string[]): Promise<Tagged[]> {
  const decision = await permitted(ctx, 'association', org);
  const narrowing = decision.activation?.subjectOfferingIds ?? null;
  const groups = await many(lookupsOf(ctx).byId('/groups', 'groupId', 'id'), org, [...new Set(groupIds)]);
  return tag(org, groups.filter((g) => groupInSubset(g, narrowing)));
}

/** Students by ECK iD with the scope groups asked below, those within the students activation only; noted for the record. */
async function studentsWithin(ctx: RequestContext, info: GraphQLResolveInfo, org: string, ids: readonly string[]): Promise<Tagged[]> {
  const decision = await permitted(ctx, 'students', org);
  const narrowing = decision.activation?.subjectOfferingIds ?? null;
  const scope = scopesBelow(ctx, info, 'Student', 'eduv.student.basic', decision.scopes).join(' ');
  const students = narrowStudents(await many(lookupsOf(ctx).byId('/students/school', 'studentId', 'userMasterIdentifier', { scope }), org, [...new Set(ids)]), narrowing);
  note(ctx, 'students', 'Student', students, 'userMasterIdentifier');
  return tag(org, students);
}

async function employeesWithin(ctx: RequestContext, info: GraphQLResolveInfo, org: string, ids: readonly string[]): Promise<Tagged[]> {
  const decision = await permitted(ctx, 'employees', org);
  const scope = scopesBelow(ctx, info, 'Employee', 'eduv.employee.basic', decision.scopes).join(' ');
  const employees = await many(lookupsOf(ctx).byId('/employees', 'employeeId', 'userMasterIdentifier', { scope }), org, [...new Set(ids)]);
  note(ctx, 'employees', 'Employee', employees, 'userMasterIdentifier');
  return tag(org, employees);
}

/** The subjects fetched, for the record: what the response delivers of them is read off it. */
function note(ctx: RequestContext, dienst: Gegevensdienst, kind: string, items: readonly Json[], idField: string): void {
  ctx.disclosures.noteActivity('ECK_ID', dienstProfile(dienst).processingActivity, kind);
  for (const item of items) if (typeof item[idField] === 'string') ctx.disclosures.noteFetched('ECK_ID', item[idField]);
}

function pageSize(first: number | null | undefined): number {
  const n = first ?? 50;
  if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE) throw badInput('first', `first must be between 1 and ${MAX_PAGE}`);
  return n;
}

/** One page of a list the source pages, with the cursor sealed to this caller and question. */
async function sealedPage(ctx: RequestContext, path: string, query: Query, first: number, after: string | null | undefined, binding: unknown[]) {
  const cursors = ctx.eduv!.services.cursors;
  const bound = JSON.stringify([path, ctx.authz.principal.clientId, ...binding, first]);
  let cursor: string | undefined;
  if (after) {
    try {
      cursor = cursors.open(after, bound);
    } catch (err) {
      if (err instanceof CursorError) throw badInput('after', 'after is not a cursor of this query');
      throw err;
    }
  }
  const page = await get<Page<Json>>(ctx, path, { ...query, pageSize: first, cursor });
  return { items: page.items, pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.nextCursor ? cursors.seal(page.nextCursor, bound) : null } };
}

const ids = (items: readonly Json[], field: string) => items.map((i) => String(i[field]));

/**
 * The subject offerings a result may be about: its own activation's narrowing, and — a result belongs to
 * a student — the students activation's too, when the caller has one that is narrowed (a student's other
 * subject offerings are outside it, and so are the results about them). Null: no narrowing.
 */
async function resultNarrowing(ctx: RequestContext, org: string, own: readonly string[] | null): Promise<readonly string[] | null> {
  const students = await ctx.eduv!.exchange('students', org);
  const theirs = students.allowed ? (students.activation?.subjectOfferingIds ?? null) : null;
  if (!own) return theirs;
  return theirs ? own.filter((id) => theirs.includes(id)) : own;
}

export const eduvAssociationResolvers: Resolvers<RequestContext> = {
  Query: {
    employees: async (_root, args, ctx, info) => {
      const decision = await permitted(ctx, 'employees', args.onderwijsaanbieder);
      const first = pageSize(args.first);
      const scope = scopesBelow(ctx, info, 'Employee', 'eduv.employee.basic', decision.scopes, 'items').join(' ');
      const page = await sealedPage(ctx, '/employees', { orgId: args.onderwijsaanbieder, scope }, first, args.after, [args.onderwijsaanbieder, scope]);
      note(ctx, 'employees', 'Employee', page.items, 'userMasterIdentifier');
      return { ...page, items: tag(args.onderwijsaanbieder, page.items) } as never;
    },
    groups: async (_root, args, ctx) => {
      const decision = await permitted(ctx, 'association', args.onderwijsaanbieder);
      const narrowing = decision.activation?.subjectOfferingIds ?? null;
      const groups = await allPages<Json>(ctx, '/groups', { orgId: args.onderwijsaanbieder, schoolPeriodId: args.schoolPeriodId ?? undefined, subjectOfferingId: narrowing ?? undefined });
      return tag(args.onderwijsaanbieder, groups.filter((g) => groupInSubset(g, narrowing))) as never;
    },
    schoolPeriods: async (_root, args, ctx) => {
      await permitted(ctx, 'schoolperiods', args.onderwijsaanbieder);
      return allPages<Json>(ctx, '/school-periods', { orgId: args.onderwijsaanbieder }) as never;
    },
    results: async (_root, args, ctx) => {
      const decision = await permitted(ctx, 'results', args.onderwijsaanbieder);
      const narrowing = await resultNarrowing(ctx, args.onderwijsaanbieder, decision.activation?.subjectOfferingIds ?? null);
      const first = pageSize(args.first);
      const page = await sealedPage(ctx, '/results', { orgId: args.onderwijsaanbieder, subjectOfferingId: narrowing ?? undefined }, first, args.after, [args.onderwijsaanbieder, narrowing]);
      const items = page.items.filter((r) => !narrowing || narrowing.includes(String(r.subjectOfferingId)));
      note(ctx, 'results', 'Result', items, 'studentId');
      return { ...page, items: tag(args.onderwijsaanbieder, items) } as never;
    },
    norms: async (_root, args, ctx) => {
      await permitted(ctx, 'norms');
      return allPages<Json>(ctx, '/norms', { productId: args.productIds ?? undefined }) as never;
    },
  },

  Student: {
    groups: async (student, _args, ctx) => {
      const org = orgOf(student);
      await permitted(ctx, 'association', org);
      const enrolments = await many(lookupsOf(ctx).byId('/enrolments', 'studentId', 'studentId'), org, [String((student as Json).userMasterIdentifier)]);
      return (await groupsWithin(ctx, org, ids(enrolments, 'groupId'))) as never;
    },
    results: async (student, _args, ctx) => {
      const org = orgOf(student);
      const decision = await permitted(ctx, 'results', org);
      const narrowing = await resultNarrowing(ctx, org, decision.activation?.subjectOfferingIds ?? null);
      const results = (await many(lookupsOf(ctx).byId('/results', 'studentId', 'studentId'), org, [String((student as Json).userMasterIdentifier)])).filter(
        (r) => !narrowing || narrowing.includes(String(r.subjectOfferingId)),
      );
      note(ctx, 'results', 'Result', results, 'studentId');
      return tag(org, results) as never;
    },
  },

  Group: {
    students: async (group, _args, ctx, info) => {
      const org = orgOf(group);
      await permitted(ctx, 'students', org);
      const enrolments = await many(lookupsOf(ctx).byId('/enrolments', 'groupId', 'groupId'), org, [String((group as Json).id)]);
      return (await studentsWithin(ctx, info, org, ids(enrolments, 'studentId'))) as never;
    },
    employees: async (group, _args, ctx, info) => {
      const org = orgOf(group);
      await permitted(ctx, 'employees', org);
      const assignments = await many(lookupsOf(ctx).byId('/assignments', 'groupId', 'groupId'), org, [String((group as Json).id)]);
      return (await employeesWithin(ctx, info, org, ids(assignments, 'employeeId'))) as never;
    },
  },

  Employee: {
    groups: async (employee, _args, ctx) => {
      const org = orgOf(employee);
      await permitted(ctx, 'association', org);
      const assignments = await many(lookupsOf(ctx).byId('/assignments', 'employeeId', 'employeeId'), org, [String((employee as Json).userMasterIdentifier)]);
      return (await groupsWithin(ctx, org, ids(assignments, 'groupId'))) as never;
    },
  },
};
