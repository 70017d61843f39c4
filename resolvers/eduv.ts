// Edu-V resolvers: the layers already passed (rules/eduv-rules.ts); here the
// exchange's row narrowing, the upstream call with only the permitted scope
// groups, sealed cursors, and the disclosure record per student.
import { GraphQLError, type GraphQLResolveInfo } from 'graphql';
import type { Resolvers } from '../src/generated/graphql.ts';
import type { RequestContext } from './context.ts';
import { forbidden } from '../src/base/errors/forbidden.ts';
import { badInput } from '../src/domains/brp/input.ts';
import { CursorError } from '../src/domains/eduv/cursor.ts';
import { studentFieldScopes, type Gegevensdienst } from '../src/domains/eduv/diensten.ts';
import type { ExchangeDecision } from '../src/domains/eduv/layers.ts';
import { checkOin } from '../src/domains/eduv/registry/oin.ts';
import { RegistryError } from '../src/domains/eduv/registry/registry.ts';
import { historyFor } from '../src/domains/eduv/beheer.ts';
import { toActivationModel } from '../src/domains/eduv/activation-model.ts';
import type { EduvRequest } from '../src/domains/eduv/request-access.ts';
import type { Page, Query } from '../src/domains/eduv/upstream.ts';
import { upstreamToGraphQLError } from '../src/base/upstream/to-graphql-error.ts';
import { selectionFor } from '../src/engine/plan/executable-document.ts';
import { tagOrg } from './eduv-org.ts';

type Json = Record<string, unknown>;
const MAX_PAGE = 200;
/** Upper bound for lists the facade pages through itself (subject offerings, orders). */
const MAX_LIST_PAGES = 20;

function eduvOf(ctx: RequestContext): EduvRequest {
  if (!ctx.eduv) throw forbidden('EDUV_NOT_CONFIGURED');
  return ctx.eduv;
}

export async function permitted(ctx: RequestContext, dienst: Gegevensdienst, aanbieder?: string): Promise<Extract<ExchangeDecision, { allowed: true }>> {
  // The rules checked this before execution; checking again costs nothing (memoised) and keeps
  // a resolver from ever running an exchange its layers did not allow.
  const decision = await eduvOf(ctx).exchange(dienst, aanbieder);
  if (!decision.allowed) throw forbidden(decision.reason);
  return decision;
}


export async function get<T>(ctx: RequestContext, path: string, query: Query): Promise<T> {
  try {
    return await eduvOf(ctx).services.upstream.get<T>(path, query, ctx.trace);
  } catch (err) {
    throw upstreamToGraphQLError(err, { service: 'the Edu-V service' });
  }
}

/** Every page of a list the facade returns whole (bounded). */
export async function allPages<T>(ctx: RequestContext, path: string, query: Query): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < MAX_LIST_PAGES; i++) {
    const page = await get<Page<T>>(ctx, path, { ...query, pageSize: 500, cursor });
    items.push(...page.items);
    if (!page.hasNextPage || !page.nextCursor) break;
    cursor = page.nextCursor;
  }
  return items;
}

function pageSize(first: number | null | undefined): number {
  const n = first ?? 50;
  if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE) throw badInput('first', `first must be between 1 and ${MAX_PAGE}`);
  return n;
}

function openCursor(ctx: RequestContext, after: string | null | undefined, binding: string): string | undefined {
  if (!after) return undefined;
  try {
    return eduvOf(ctx).services.cursors.open(after, binding);
  } catch (err) {
    if (err instanceof CursorError) throw badInput('after', 'after is not a cursor of this query');
    throw err;
  }
}

/**
 * The scope groups whose Student fields the plan's permitted positions ask for —
 * basic always (it carries the ECK iD the record needs). `list`: the field below the
 * resolver's that holds the students (a page's `items`, an event's `students`).
 */
export function selectedStudentScopes(ctx: RequestContext, info: GraphQLResolveInfo, granted: ReadonlySet<string>, list = 'items'): string[] {
  if (!ctx.plan) throw new Error('Edu-V resolver outside a planned operation');
  const plan = ctx.plan;
  const scopes = new Set<string>(['eduv.student.basic']);
  const fieldScopes = studentFieldScopes();
  for (const items of selectionFor(plan, info.fieldNodes).fields) {
    if (items.fieldName !== list || !items.children || !plan.permitted(items)) continue;
    for (const field of items.children.fields) {
      const scope = plan.permitted(field) ? fieldScopes.get(field.fieldName) : undefined;
      if (scope) scopes.add(scope);
    }
  }
  return [...scopes].filter((s) => granted.has(s)).sort();
}

/**
 * The students of an activation's subset: those in one of its subject offerings. Under narrowing a
 * student's other subject offerings and groups are rows outside the subset, and are left out.
 */
export function narrowStudents(students: readonly Json[], narrowing: readonly string[] | null): Json[] {
  if (!narrowing) return [...students];
  return students
    .filter((s) => Array.isArray(s.subjectOfferingIds) && s.subjectOfferingIds.some((id) => narrowing.includes(String(id))))
    .map((s) => ({ ...s, subjectOfferingIds: (s.subjectOfferingIds as string[]).filter((id) => narrowing.includes(id)), groupIds: null }));
}

const iso = (d: Date) => d.toISOString();
const activationOut = toActivationModel;

function registryError(err: unknown): GraphQLError {
  if (err instanceof RegistryError) {
    const code = err.code === 'NOT_FOUND' ? 'NOT_FOUND' : err.code === 'NOT_PENDING' ? 'CONFLICT' : 'BAD_USER_INPUT';
    return new GraphQLError(err.message, { extensions: { code, reason: err.code } });
  }
  return err instanceof GraphQLError ? err : new GraphQLError('The Edu-V registry is not available.', { extensions: { code: 'INTERNAL_SERVER_ERROR' } });
}

/** Ids named in one refusal at most: enough to find the typo, not a listing of the input. */
const MAX_NAMED_IDS = 5;

/**
 * A narrowing names subject offerings of this onderwijsaanbieder only — asked of the Edu-V
 * service before anything is written. Narrowing to none would be a deactivation by another name.
 */
async function ownSubjectOfferings(ctx: RequestContext, aanbieder: string, ids: readonly string[] | null | undefined): Promise<string[] | null> {
  if (ids === null || ids === undefined) return null;
  const wanted = [...new Set(ids)];
  if (wanted.length === 0) throw badInput('input.subjectOfferingIds', 'subjectOfferingIds: name at least one subject offering, or leave it out for the whole onderwijsaanbieder (deactivateExchange ends an exchange)');
  const offered = new Set((await allPages<Json>(ctx, '/subject-offerings', { orgId: aanbieder })).map((o) => String(o.id)));
  const foreign = wanted.filter((id) => !offered.has(id));
  if (foreign.length > 0) {
    const named = foreign.slice(0, MAX_NAMED_IDS).map((id) => JSON.stringify(id.slice(0, 64))).join(', ');
    throw new GraphQLError(`subjectOfferingIds: not subject offerings of ${aanbieder}: ${named}${foreign.length > MAX_NAMED_IDS ? ` and ${foreign.length - MAX_NAMED_IDS} more` : ''}`, {
      extensions: { code: 'BAD_USER_INPUT', argumentName: 'input.subjectOfferingIds', reason: 'SUBJECT_OFFERING_UNKNOWN' },
    });
  }
  return wanted;
}

function actorOf(ctx: RequestContext) {
  const p = ctx.authz.principal;
  return { subject: p.subject, clientId: p.clientId, acr: p.acr };
}

export const eduvResolvers: Resolvers<RequestContext> = {
  Query: {
    students: async (_root, args, ctx, info) => {
      const decision = await permitted(ctx, 'students', args.onderwijsaanbieder);
      const narrowing = decision.activation?.subjectOfferingIds ?? null;
      const first = pageSize(args.first);
      let offerings: string[] | undefined;
      if (args.subjectOfferingId) {
        // A subject offering outside the activated subset: nothing, not even a count.
        if (narrowing && !narrowing.includes(args.subjectOfferingId)) return { items: [], pageInfo: { hasNextPage: false, endCursor: null } };
        offerings = [args.subjectOfferingId];
      } else {
        offerings = narrowing ?? undefined;
      }
      const scopes = selectedStudentScopes(ctx, info, decision.scopes);
      const binding = JSON.stringify(['students', ctx.authz.principal.clientId, args.onderwijsaanbieder, offerings, args.schoolPeriodId, scopes, first]);
      const page = await get<Page<Json>>(ctx, '/students/school', {
        orgId: args.onderwijsaanbieder,
        subjectOfferingId: offerings,
        schoolPeriodId: args.schoolPeriodId ?? undefined,
        scope: scopes.join(' '),
        pageSize: first,
        cursor: openCursor(ctx, args.after, binding),
      });
      const items = narrowStudents(page.items, narrowing);
      // Who is disclosed, and with which scope groups, is read off the final response (src/engine/plan/record-delivered.ts).
      ctx.disclosures.noteActivity('ECK_ID', decision.profile.processingActivity);
      for (const s of items) if (typeof s.userMasterIdentifier === 'string') ctx.disclosures.noteFetched('ECK_ID', s.userMasterIdentifier);
      return {
        // Each student knows its onderwijsaanbieder: its links (groups, results) run their layers for it.
        items: tagOrg(args.onderwijsaanbieder, items) as never[],
        pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.nextCursor ? eduvOf(ctx).services.cursors.seal(page.nextCursor, binding) : null },
      };
    },

    subjectOfferings: async (_root, args, ctx) => {
      const decision = await permitted(ctx, 'schoolvak', args.onderwijsaanbieder);
      const narrowing = decision.activation?.subjectOfferingIds ?? null;
      const all = await allPages<Json>(ctx, '/subject-offerings', { orgId: args.onderwijsaanbieder, schoolPeriodId: args.schoolPeriodId ?? undefined });
      return narrowing ? all.filter((o) => narrowing.includes(String(o.id))) : all;
    },

    catalogueProducts: async (_root, args, ctx) => {
      await permitted(ctx, 'catalogue');
      const first = pageSize(args.first);
      const binding = JSON.stringify(['catalogue', ctx.authz.principal.clientId, first]);
      const page = await get<Page<Json>>(ctx, '/catalogue/products', { pageSize: first, cursor: openCursor(ctx, args.after, binding) });
      return {
        items: page.items,
        pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.nextCursor ? eduvOf(ctx).services.cursors.seal(page.nextCursor, binding) : null },
      };
    },

    orders: async (_root, args, ctx) => {
      await permitted(ctx, 'orders', args.onderwijsaanbieder);
      return allPages<Json>(ctx, '/orders', { orgId: args.onderwijsaanbieder, schoolPeriodId: args.schoolPeriodId ?? undefined });
    },

    activations: async (_root, args, ctx) => {
      const registry = eduvOf(ctx).services.registry;
      return (await registry.activations({ onderwijsaanbieder: args.onderwijsaanbieder })).map(activationOut);
    },
  },

  Mutation: {
    activateExchange: async (_root, { input }, ctx) => {
      const { registry, settings } = eduvOf(ctx).services;
      const oin = checkOin(input.receiverOin);
      if (!oin.ok) throw badInput('input.receiverOin', `receiverOin: ${oin.problem}`);
      const narrowing = await ownSubjectOfferings(ctx, input.onderwijsaanbieder, input.subjectOfferingIds);
      try {
        const activation = await registry.activate(
          { gegevensdienst: input.gegevensdienst, onderwijsaanbieder: input.onderwijsaanbieder, senderOin: settings.senderOin, receiverOin: input.receiverOin },
          { subjectOfferingIds: narrowing, actor: actorOf(ctx) },
        );
        return activationOut(activation);
      } catch (err) {
        throw registryError(err);
      }
    },
    deactivateExchange: async (_root, { id }, ctx) => {
      try {
        return activationOut(await eduvOf(ctx).services.registry.deactivate(id, actorOf(ctx)));
      } catch (err) {
        throw registryError(err);
      }
    },
    confirmActivation: async (_root, { id }, ctx) => {
      try {
        return activationOut(await eduvOf(ctx).services.registry.confirm(id, actorOf(ctx)));
      } catch (err) {
        throw registryError(err);
      }
    },
  },

  Activation: {
    // The school's beheerder reads who did what; the receiver reads the school's name and the time.
    history: async (parent, _args, ctx) => {
      const { registry } = eduvOf(ctx).services;
      const activation = await registry.activationById(parent.id);
      if (!activation) return [];
      return (await historyFor(registry, ctx.authz.principal, activation)).map((e) => ({ ...e, at: iso(e.at) }));
    },
  },
};
