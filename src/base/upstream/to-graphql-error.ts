// Upstream failures as GraphQL errors, for every upstream alike: stable codes,
// the caller's own argument named where the upstream refused one, and no
// upstream internals (the detail stays in UpstreamError, for logs).
import { GraphQLError } from 'graphql';
import { UpstreamError } from './upstream-error.ts';

export interface UpstreamErrorMapping {
  /** How the caller knows the upstream: "the BRP", "the Edu-V service". */
  service: string;
  /** An upstream parameter (problem+json `invalidParams[].name`) as the GraphQL argument the caller gave. */
  argumentFor?: (upstreamParam: string) => string | undefined;
  /** Problem codes of this upstream that are the caller's to fix, with what to tell them. */
  problems?: Readonly<Record<string, { message: string; reason: string }>>;
}

export function upstreamToGraphQLError(err: unknown, mapping: UpstreamErrorMapping): GraphQLError {
  const { service } = mapping;
  if (!(err instanceof UpstreamError)) {
    return new GraphQLError(`${capitalised(service)} is not available at the moment.`, { extensions: { code: 'UPSTREAM_UNAVAILABLE' } });
  }
  switch (err.kind) {
    case 'bad-request': {
      // Map the first parameter the caller controls; a problem with a parameter of ours is ours, not theirs.
      for (const param of err.invalidParams) {
        const argument = param.name ? mapping.argumentFor?.(param.name) : undefined;
        if (argument) {
          return new GraphQLError(`${argument} was refused by ${service}${param.code ? ` (${param.code})` : ''}.`, {
            extensions: { code: 'BAD_USER_INPUT', argumentName: argument, upstreamCode: param.code },
          });
        }
      }
      const known = err.detail.code ? mapping.problems?.[err.detail.code] : undefined;
      if (known) return new GraphQLError(known.message, { extensions: { code: 'BAD_USER_INPUT', reason: known.reason } });
      return new GraphQLError(`${capitalised(service)} refused the request.`, { extensions: { code: 'UPSTREAM_BAD_REQUEST' } });
    }
    case 'forbidden':
      return new GraphQLError(`${capitalised(service)} refused access for this request.`, { extensions: { code: 'FORBIDDEN', reason: 'UPSTREAM_FORBIDDEN' } });
    case 'unavailable':
      return new GraphQLError(`${capitalised(service)} is not available at the moment.`, { extensions: { code: 'UPSTREAM_UNAVAILABLE' } });
    case 'unexpected':
      return new GraphQLError(`${capitalised(service)} gave an answer the facade does not understand.`, { extensions: { code: 'UPSTREAM_UNAVAILABLE' } });
  }
}

const capitalised = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
