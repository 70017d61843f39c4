// Apollo Server runs the request hooks of different plugins concurrently
// (Promise.all). The response phases must not: authorisation finishes the
// response (nulls denied fields) before the protocol phase records it and,
// failing that, withholds it. `inOrder` runs the plugins' hooks one after another.
import type { ApolloServerPlugin, BaseContext, GraphQLRequestListener } from '@apollo/server';

type Hook = Exclude<keyof GraphQLRequestListener<BaseContext>, 'didEncounterSubsequentErrors' | 'willSendSubsequentPayload'>;
const HOOKS: Hook[] = ['didResolveSource', 'parsingDidStart', 'validationDidStart', 'didResolveOperation', 'responseForOperation', 'executionDidStart', 'didEncounterErrors', 'willSendResponse'];

export function inOrder<TContext extends BaseContext>(...plugins: ApolloServerPlugin<TContext>[]): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart(requestContext) {
      const listeners = (await Promise.all(plugins.map((p) => p.requestDidStart?.(requestContext)))).filter(
        (l): l is GraphQLRequestListener<TContext> => l !== undefined && l !== null,
      );
      const composed: GraphQLRequestListener<TContext> = {};
      for (const hook of HOOKS) {
        if (!listeners.some((l) => l[hook])) continue;
        // Each listener's hook, awaited in plugin order; the first non-null answer of responseForOperation wins.
        (composed as Record<Hook, unknown>)[hook] = async (rc: unknown) => {
          for (const listener of listeners) {
            const fn = listener[hook] as ((arg: unknown) => unknown) | undefined;
            const result = await fn?.call(listener, rc);
            if (hook === 'responseForOperation' && result != null) return result;
          }
          return hook === 'responseForOperation' ? null : undefined;
        };
      }
      return composed;
    },
  };
}
