// What a record copies from the request — the operation name, the task
// description, identifiers from the token — is the caller's to choose, and a
// record that the log refuses (too long) would leave a refused or failed
// request without its access record. So such text is bounded before it
// reaches the log: cut at a code-point boundary, with a marker that says how
// long it was and a digest of the whole, so the cut cannot be mistaken for
// the original and the original can still be matched.
import { createHash } from 'node:crypto';

/** Longest operation name kept whole. */
export const OPERATION_NAME_MAX = 256;
/** Longest identifier (subject, client, actor, OIN) kept whole. */
export const IDENTIFIER_MAX = 512;

export function bounded(value: string, max: number): string;
export function bounded(value: string | undefined, max: number): string | undefined;
export function bounded(value: string | undefined, max: number): string | undefined {
  if (value === undefined) return undefined;
  const points = Array.from(value);
  if (points.length <= max) return value;
  const digest = createHash('sha256').update(value, 'utf8').digest('hex').slice(0, 16);
  const marker = `…[${points.length} characters, sha256 ${digest}]`;
  return points.slice(0, Math.max(0, max - marker.length)).join('') + marker;
}
