// The plan's positions as lists: for explain (every decided position with its
// response path — the DAG expanded, which the position budget bounds) and for
// the access record (the distinct upstream paths asked, read off the DAG
// without expanding it).
import type { Decisions, FieldDecision } from './decisions.ts';
import type { OperationPlan, SelectionPlan } from './plan.ts';

export interface PositionReport {
  responsePath: string[];
  coordinate: string;
  upstreamPath: string;
  decision: FieldDecision;
}

export function decidedPositions(plan: OperationPlan, decisions: Decisions): PositionReport[] {
  const out: PositionReport[] = [];
  const walk = (selection: SelectionPlan, path: string[]) => {
    for (const field of selection.fields) {
      const decision = decisions.get(field);
      if (!decision) continue;
      const responsePath = [...path, field.responseKey];
      out.push({ responsePath, coordinate: field.coordinate, upstreamPath: field.upstreamPath, decision });
      if (decision.allowed && field.children) walk(field.children, responsePath);
    }
  };
  walk(plan.root, []);
  return out;
}

/** Upstream paths of the positions reached through permitted parents, each once (the DAG, not expanded). */
export function requestedUpstreamPaths(plan: OperationPlan, decisions: Decisions): string[] {
  const paths = new Set<string>();
  const seen = new Set<SelectionPlan>();
  const visit = (selection: SelectionPlan) => {
    if (seen.has(selection)) return;
    seen.add(selection);
    for (const field of selection.fields) {
      const decision = decisions.get(field);
      if (!decision) continue;
      if (field.upstreamPath) paths.add(field.upstreamPath);
      if (decision.allowed && field.children) visit(field.children);
    }
  };
  visit(plan.root);
  return [...paths].sort();
}
