// The denial a rule returns: a GraphQL error with the stable code FORBIDDEN and
// a reason from the closed vocabulary (graphql-shield's own default is an
// internal error).
import { GraphQLError } from 'graphql';
import { DENIAL_MESSAGES, isDenialReason, type DenialReason } from './vocabulary.ts';

export type { DenialReason };

/** `argumentName`: the argument that caused the denial (a search criterion), for the caller to fix. */
export function forbidden(reason: DenialReason, argumentName?: string): GraphQLError {
  return new GraphQLError(DENIAL_MESSAGES[reason], { extensions: { code: 'FORBIDDEN', reason, ...(argumentName ? { argumentName } : {}) } });
}

export function argumentNameOf(result: unknown): string | undefined {
  return result instanceof GraphQLError && typeof result.extensions.argumentName === 'string' ? result.extensions.argumentName : undefined;
}

/** The reason of a rule's denial; anything else a rule returns is no permission of the policy. */
export function reasonOf(result: unknown): DenialReason {
  if (result instanceof GraphQLError && isDenialReason(result.extensions.reason)) return result.extensions.reason;
  return 'NOT_COVERED_BY_POLICY';
}

/** The message of a denial, by its reason. */
export function denialMessage(reason: DenialReason): string {
  return DENIAL_MESSAGES[reason];
}
