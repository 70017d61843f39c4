import type { IRules } from 'graphql-shield';

/** A rule or logic rule (and / or / chain ...) of graphql-shield. */
export type ShieldRule = Extract<IRules, { resolve: unknown }>;

/** Type name → field name → rule: one rule per field coordinate. */
export type RuleTree = Record<string, Record<string, ShieldRule>>;
