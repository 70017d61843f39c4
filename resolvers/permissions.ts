// myPermissions: the caller's own purposes and what each permits, from the purpose phase's decision.
import type { Resolvers } from '../src/generated/graphql.ts';
import type { RequestContext } from './context.ts';

export const permissionResolvers: Resolvers<RequestContext> = {
  Query: {
    myPermissions: (_root, _args, ctx) => ({
      current: ctx.authz.purpose?.id ?? null,
      purposes: ctx.authz.permitted.map((p) => ({
        id: p.id,
        description: p.description,
        processingActivity: p.processingActivity,
        fields: [...p.fields],
        queries: [...p.queries],
        nationwide: p.nationwide,
        includeDeceased: p.includeDeceased,
        secretPersons: p.secretPersons,
      })),
    }),
  },
};
