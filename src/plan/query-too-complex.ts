// The one error of the limits: QUERY_TOO_COMPLEX, with a reason that says which limit.
import { GraphQLError } from 'graphql';

export type ComplexityReason = 'TOO_DEEP' | 'TOO_MANY_ALIASES' | 'TOO_MANY_POSITIONS' | 'TOO_MANY_PERSONS';

export class QueryTooComplexError extends GraphQLError {
  constructor(reason: ComplexityReason, message: string) {
    super(message, { extensions: { code: 'QUERY_TOO_COMPLEX', reason, http: { status: 400 } } });
  }
}
