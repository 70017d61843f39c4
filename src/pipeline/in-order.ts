// Apollo Server runs the request hooks of different plugins concurrently
// (Promise.all). The response phases must not: authorisation finishes the
// response (nulls denied fields) before the protocol phase records it and,
// failing that, withholds it. `inOrder` runs the plugins' hooks one after another.
import type { ApolloServerPlugin, BaseContext, GraphQLRequestExecutionListener, GraphQLRequestListener } from '@apollo/server';

type Hook = Exclude<keyof GraphQLRequestListener<BaseContext>, 'didEncounterSubsequentErrors' | 'willSendSubsequentPayload'>;
const HOOKS: Hook[] = ['didResolveSource', 'parsingDidStart', 'validationDidStart', 'didResolveOperation', 'responseForOperation', 'executionDidStart', 'didEncounterErrors', 'willSendResponse'];

type EndHook = (...args: unknown[]) => unknown;

/** What several listeners' start hooks returned, as one: end hooks called in order, execution listeners merged. */
function combine(results: unknown[]): unknown {
  const present = results.filter((r) => r !== undefined && r !== null);
  if (present.length === 0) return undefined;
  if (present.every((r) => typeof r === 'function')) {
    return async (...args: unknown[]) => {
      for (const end of present as EndHook[]) await end(...args);
    };
  }
  const listeners = present as GraphQLRequestExecutionListener<BaseContext>[];
  const merged: GraphQLRequestExecutionListener<BaseContext> = {};
  if (listeners.some((l) => l.executionDidEnd)) {
    merged.executionDidEnd = async (err) => {
      for (const l of listeners) await l.executionDidEnd?.(err);
    };
  }
  if (listeners.some((l) => l.willResolveField)) {
    // Field hooks are synchronous in Apollo; their end callbacks are combined the same way.
    merged.willResolveField = (params) => {
      const ends = listeners.map((l) => l.willResolveField?.(params)).filter((e): e is (error: Error | null, result?: unknown) => void => typeof e === 'function');
      return ends.length ? (error, result) => ends.forEach((end) => end(error, result)) : undefined;
    };
  }
  return merged;
}

export function inOrder<TContext extends BaseContext>(...plugins: ApolloServerPlugin<TContext>[]): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart(requestContext) {
      const listeners = (await Promise.all(plugins.map((p) => p.requestDidStart?.(requestContext)))).filter(
        (l): l is GraphQLRequestListener<TContext> => l !== undefined && l !== null,
      );
      const composed: GraphQLRequestListener<TContext> = {};
      for (const hook of HOOKS) {
        if (!listeners.some((l) => l[hook])) continue;
        // Each listener's hook, awaited in plugin order. responseForOperation: the first answer wins;
        // start hooks (parsing, validation, execution): what they return is combined.
        (composed as Record<Hook, unknown>)[hook] = async (rc: unknown) => {
          const results: unknown[] = [];
          for (const listener of listeners) {
            const fn = listener[hook] as ((arg: unknown) => unknown) | undefined;
            const result = await fn?.call(listener, rc);
            if (hook === 'responseForOperation' && result != null) return result;
            results.push(result);
          }
          if (hook === 'responseForOperation') return null;
          return combine(results);
        };
      }
      return composed;
    },
  };
}
