// Phase 4's limits in one place. Depth, aliases and tokens need no variables:
// graphql-js validation rules and the parser's token limit. The position budget
// and the persons an operation may reach need them, so they are plan checks
// after coercion (src/engine/plan/checks/), run by phase 5's planning.
import type { ValidationRule } from 'graphql';
import { AliasLimitRule, DEFAULT_MAX_ALIASES } from './AliasLimitRule.ts';
import { DepthLimitRule, DEFAULT_MAX_DEPTH } from './DepthLimitRule.ts';
import { ReservedAliasRule } from './ReservedAliasRule.ts';

/** Tokens one document may have: the parser stops a larger one before it is built. */
export const MAX_TOKENS = 10_000;

export const validationRules: ValidationRule[] = [ReservedAliasRule, DepthLimitRule(DEFAULT_MAX_DEPTH), AliasLimitRule(DEFAULT_MAX_ALIASES)];
