import type { IRules } from 'graphql-shield';
import type { Authorization } from './authorization.ts';
import type { EduvRequest } from '../src/domains/eduv/request-access.ts';

/** A rule or logic rule (and / or / chain ...) of graphql-shield. */
export type ShieldRule = Extract<IRules, { resolve: unknown }>;

/** Type name → field name → rule: one rule per field coordinate. */
export type RuleTree = Record<string, Record<string, ShieldRule>>;

/** What rules read of the request context. */
export interface RuleContext {
  authz: Authorization;
  /** Edu-V for this request, when the facade fronts Edu-V services. */
  eduv?: EduvRequest;
}
