// The denial a rule returns: a GraphQL error with the stable code FORBIDDEN and
// a machine-readable reason (graphql-shield's own default is an internal error).
import { GraphQLError } from 'graphql';

export type DenialReason =
  | 'FIELD_NOT_IN_PURPOSE'
  | 'QUERY_NOT_IN_PURPOSE'
  | 'NO_PURPOSE'
  | 'CLIENT_REQUIRES_USER'
  | 'NOT_COVERED_BY_POLICY'
  | (string & {});

const MESSAGES: Record<string, string> = {
  FIELD_NOT_IN_PURPOSE: 'This field is not part of the purpose of the request.',
  QUERY_NOT_IN_PURPOSE: 'This kind of query is not part of the purpose of the request.',
  NO_PURPOSE: 'No purpose (doelbinding) permits personal data for this caller.',
  CLIENT_REQUIRES_USER: 'This application receives personal data only on behalf of an employee (delegated token).',
  NOT_COVERED_BY_POLICY: 'No rule of the policy permits this field.',
  OUTSIDE_MUNICIPALITY: 'The purpose of the request is limited to the own municipality.',
  CRITERION_NOT_IN_PURPOSE: 'This search criterion reveals a field that is not part of the purpose of the request.',
};

/** `argumentName`: the argument that caused the denial (a search criterion), for the caller to fix. */
export function forbidden(reason: DenialReason, argumentName?: string): GraphQLError {
  return new GraphQLError(MESSAGES[reason] ?? 'Not permitted.', { extensions: { code: 'FORBIDDEN', reason, ...(argumentName ? { argumentName } : {}) } });
}

export function argumentNameOf(result: unknown): string | undefined {
  return result instanceof GraphQLError && typeof result.extensions.argumentName === 'string' ? result.extensions.argumentName : undefined;
}

export function reasonOf(result: unknown): DenialReason {
  if (result instanceof GraphQLError && typeof result.extensions.reason === 'string') return result.extensions.reason;
  return 'NOT_COVERED_BY_POLICY';
}
