// Phase 8, respond: errors leave with their code, reason and message only — no
// stack traces, no upstream detail (Apollo's includeStacktraceInErrorResponses
// is off). Apollo reports every validation rule as GRAPHQL_VALIDATION_FAILED;
// the limits among them keep the one code of all limits, QUERY_TOO_COMPLEX,
// beside their reason (TOO_DEEP, TOO_MANY_ALIASES).
import type { GraphQLFormattedError } from 'graphql';
import { isComplexityReason } from '../../engine/plan/query-too-complex.ts';

export function formatError(formatted: GraphQLFormattedError): GraphQLFormattedError {
  if (formatted.extensions?.code === 'GRAPHQL_VALIDATION_FAILED' && isComplexityReason(formatted.extensions.reason)) {
    return { ...formatted, extensions: { ...formatted.extensions, code: 'QUERY_TOO_COMPLEX' } };
  }
  return formatted;
}
