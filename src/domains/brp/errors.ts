// Upstream failures as GraphQL errors with stable codes and no upstream internals.
import { GraphQLError } from 'graphql';
import { UpstreamError } from './client.ts';

/**
 * @param argumentFor maps an upstream parameter name (from problem+json
 *   `invalidParams[].name`) to the GraphQL argument the caller gave.
 */
export function upstreamToGraphQLError(err: unknown, argumentFor: (upstreamParam: string) => string | undefined): GraphQLError {
  if (!(err instanceof UpstreamError)) {
    return new GraphQLError('The BRP is not available at the moment.', { extensions: { code: 'UPSTREAM_UNAVAILABLE' } });
  }
  switch (err.kind) {
    case 'bad-request': {
      // Map the first parameter the caller controls; a problem with `fields` is ours, not theirs.
      for (const param of err.invalidParams) {
        const argument = param.name ? argumentFor(param.name) : undefined;
        if (argument) {
          return new GraphQLError(`${argument} was refused by the BRP${param.code ? ` (${param.code})` : ''}.`, {
            extensions: { code: 'BAD_USER_INPUT', argumentName: argument, upstreamCode: param.code },
          });
        }
      }
      if (err.detail.code === 'tooManyResults') {
        return new GraphQLError('The search matches more than 10 persons; narrow it down.', {
          extensions: { code: 'BAD_USER_INPUT', reason: 'TOO_MANY_RESULTS' },
        });
      }
      return new GraphQLError('The BRP refused the request.', { extensions: { code: 'UPSTREAM_BAD_REQUEST' } });
    }
    case 'forbidden':
      return new GraphQLError('The BRP refused access for this request.', { extensions: { code: 'FORBIDDEN', reason: 'UPSTREAM_FORBIDDEN' } });
    case 'unavailable':
      return new GraphQLError('The BRP is not available at the moment.', { extensions: { code: 'UPSTREAM_UNAVAILABLE' } });
    case 'unexpected':
      return new GraphQLError('The BRP gave an answer the facade does not understand.', { extensions: { code: 'UPSTREAM_UNAVAILABLE' } });
  }
}
