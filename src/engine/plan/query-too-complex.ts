// The one error of the limits: QUERY_TOO_COMPLEX, with a reason that says which limit.
import { GraphQLError } from 'graphql';

export const COMPLEXITY_REASONS = ['TOO_DEEP', 'TOO_MANY_ALIASES', 'TOO_MANY_POSITIONS', 'TOO_MANY_PERSONS'] as const;
export type ComplexityReason = (typeof COMPLEXITY_REASONS)[number];

export function isComplexityReason(value: unknown): value is ComplexityReason {
  return (COMPLEXITY_REASONS as readonly unknown[]).includes(value);
}

export class QueryTooComplexError extends GraphQLError {
  constructor(reason: ComplexityReason, message: string) {
    super(message, { extensions: { code: 'QUERY_TOO_COMPLEX', reason, http: { status: 400 } } });
  }
}
