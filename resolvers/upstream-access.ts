// What the resolvers of the APIs beside Personen share: an upstream call whose failures are told in
// the caller's terms, a per-request loader that must be configured, and what the plan permits below
// the field a resolver answers (so that nothing is asked upstream for a branch the purpose may not see).
import type { GraphQLResolveInfo } from 'graphql';
import { upstreamToGraphQLError } from '../src/base/upstream/to-graphql-error.ts';
import { selectionFor } from '../src/engine/plan/executable-document.ts';
import type { FieldPlan, SelectionPlan } from '../src/engine/plan/plan.ts';
import type { RequestContext } from './context.ts';

/** An upstream call: an argument the caller gave is named in a refusal; the rest is ours. */
export async function calling<T>(service: string, call: () => Promise<T>, argumentFor: (param: string) => string | undefined = () => undefined): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw upstreamToGraphQLError(err, { service, argumentFor });
  }
}

/** The request's loader of an API, or the API's unavailability when it is not configured. */
export function configured<T>(loader: T | undefined, service: string): T {
  if (!loader) throw upstreamToGraphQLError(new Error('not configured'), { service });
  return loader;
}

/** The plan's selection below the field this resolver answers, and which of its positions run. */
export function plannedSelection(ctx: RequestContext, info: GraphQLResolveInfo): { selection: SelectionPlan; permitted: (field: FieldPlan) => boolean } {
  if (!ctx.plan) throw new Error('BRP resolver outside a planned operation');
  return { selection: selectionFor(ctx.plan, info.fieldNodes), permitted: ctx.plan.permitted };
}

/** Whether a permitted position at or below `path` is selected. */
export function asksBelow(ctx: RequestContext, info: GraphQLResolveInfo, path: string): boolean {
  const { selection, permitted } = plannedSelection(ctx, info);
  const walk = (fields: readonly FieldPlan[]): boolean =>
    fields.some((f) => permitted(f) && (f.upstreamPath === path || f.upstreamPath.startsWith(`${path}.`) || (f.children ? walk(f.children.fields) : false)));
  return walk(selection.fields);
}

/** Whether anything directly below is permitted (a `__typename` alone is not: it would only tell that there is something). */
export function permitsBelow(ctx: RequestContext, info: GraphQLResolveInfo): boolean {
  const { selection, permitted } = plannedSelection(ctx, info);
  return selection.fields.some((f) => f.fieldName !== '__typename' && permitted(f));
}
