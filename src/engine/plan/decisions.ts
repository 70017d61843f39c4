// Phase 5 on the plan: every position decided by the rule tree (rules/, through
// src/engine/authorize/decide.ts). Positions below the root depend only on the caller's
// static rights, so their decisions are cached with the plan per rights key;
// root fields are decided again on every request with the request's own
// arguments, because their rules read values (a search, an onderwijsaanbieder)
// and run-time state (Edu-V activations and processing agreements).
import { getArgumentValues } from 'graphql';
import type { DenialReason } from '../../base/errors/vocabulary.ts';
import { selectionsOf, type FieldPlan, type OperationPlan, type SelectionPlan } from './plan.ts';

export interface FieldDecisionInput {
  coordinate: string;
  upstreamPath: string;
  args: Record<string, unknown>;
  isRoot: boolean;
}

export type FieldDecision =
  | { allowed: true; rule: string }
  | { allowed: false; rule: string; reason: DenialReason; /** The argument a denial names (a search criterion). */ argumentName?: string };

export type Decide = (input: FieldDecisionInput) => Promise<FieldDecision>;

export type Decisions = ReadonlyMap<FieldPlan, FieldDecision>;

/**
 * Decisions of every position below the root fields — below denied positions too, because a
 * dry-run executes what it would deny. Explain and the denials list read only what permitted
 * parents reach.
 */
export async function decideBelowRoot(plan: OperationPlan, decide: Decide): Promise<Map<FieldPlan, FieldDecision>> {
  const decisions = new Map<FieldPlan, FieldDecision>();
  const seen = new Set<SelectionPlan>();
  const visit = async (selection: SelectionPlan): Promise<void> => {
    if (seen.has(selection)) return;
    seen.add(selection);
    for (const field of selection.fields) {
      if (field.fieldName === '__typename') continue;
      const decision = await decide({ coordinate: field.coordinate, upstreamPath: field.upstreamPath, args: field.args, isRoot: false });
      decisions.set(field, decision);
      if (field.children) await visit(field.children);
    }
  };
  for (const root of plan.root.fields) if (root.children) await visit(root.children);
  return decisions;
}

/** The arguments of a root field in this request. */
export function requestArgs(field: FieldPlan, variables: Record<string, unknown>): Record<string, unknown> {
  if (!field.definition) return {};
  try {
    return getArgumentValues(field.definition, field.nodes[0], variables);
  } catch {
    return {};
  }
}

/** Decisions of the root fields, for this request. */
export async function decideRoots(plan: OperationPlan, decide: Decide, variables: Record<string, unknown>): Promise<Map<FieldPlan, FieldDecision>> {
  const decisions = new Map<FieldPlan, FieldDecision>();
  for (const field of plan.root.fields) {
    if (field.fieldName === '__typename') continue;
    decisions.set(field, await decide({ coordinate: field.coordinate, upstreamPath: '', args: requestArgs(field, variables), isRoot: true }));
  }
  return decisions;
}

/** Every decision of one request: below the root and at the root. */
export async function decideOperation(plan: OperationPlan, decide: Decide, variables: Record<string, unknown>): Promise<Map<FieldPlan, FieldDecision>> {
  return new Map([...(await decideBelowRoot(plan, decide)), ...(await decideRoots(plan, decide, variables))]);
}

/** Every position permitted: the executed document of an unauthorised facade (benchmarks, tests). */
export function allowAll(plan: OperationPlan): Map<FieldPlan, FieldDecision> {
  const decisions = new Map<FieldPlan, FieldDecision>();
  for (const selection of selectionsOf(plan.root)) for (const field of selection.fields) decisions.set(field, { allowed: true, rule: 'allow' });
  return decisions;
}
