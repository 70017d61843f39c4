// `explain`: for a query and a principal, each field path with allow/deny, the
// rule that decided and the reason. Shared by the request extension
// (development) and the CLI (`npm run explain`).
import type { PositionReport } from '../plan/positions.ts';

export interface ExplainedField {
  path: string;
  coordinate: string;
  upstreamPath: string | null;
  decision: 'allow' | 'deny';
  rule: string;
  reason: string | null;
}

export function explainPositions(positions: readonly PositionReport[]): ExplainedField[] {
  return positions.map((p) => ({
    path: p.responsePath.join('.'),
    coordinate: p.coordinate,
    upstreamPath: p.upstreamPath || null,
    decision: p.decision.allowed ? 'allow' : 'deny',
    rule: p.decision.rule,
    reason: p.decision.allowed ? null : p.decision.reason,
  }));
}

export function explainTable(fields: readonly ExplainedField[]): string {
  const rows = fields.map((f) => [f.decision === 'allow' ? 'allow' : 'DENY', f.path, f.upstreamPath ?? '-', f.rule, f.reason ?? '']);
  const header = ['decision', 'path', 'upstream path', 'rule', 'reason'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}
