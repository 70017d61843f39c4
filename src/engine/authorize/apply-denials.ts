// After execution of the permitted document: every denied field comes back as
// `null` (GraphQL's null propagation for non-null ones), with one FORBIDDEN error
// per denied field path that counts the rows it applies to. The record is read off the result next, and that pass
// removes the helper keys (src/engine/plan/record-delivered.ts).
import type { Denial } from '../plan/executable-document.ts';
import { TYPE_KEY } from '../plan/plan.ts';
import { denialMessage } from '../../base/errors/forbidden.ts';
import type { DenialReason } from '../../base/errors/vocabulary.ts';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

export interface FormattedDenialError {
  message: string;
  path: Array<string | number>;
  /** `rows`: how many objects of the response the denial applies to (one error per field path, not per row). */
  extensions: { code: 'FORBIDDEN'; reason: DenialReason; rows: number; argumentName?: string };
}

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parents of the denied field: objects reached by the path minus its last key, lists crossed. */
function* parentsOf(root: JsonObject, keys: readonly string[]): Generator<{ object: JsonObject; path: Array<string | number> }> {
  function* walk(value: Json | undefined, depth: number, path: Array<string | number>): Generator<{ object: JsonObject; path: Array<string | number> }> {
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) yield* walk(value[i], depth, [...path, i]);
      return;
    }
    if (!isObject(value)) return;
    if (depth === keys.length) {
      yield { object: value, path };
      return;
    }
    yield* walk(value[keys[depth]], depth + 1, [...path, keys[depth]]);
  }
  yield* walk(root, 0, []);
}

/**
 * Mutates `data` in place. A non-null denied field nulls its parent instead
 * (GraphQL's null propagation); at the root the whole `data` becomes null.
 * Helper keys stay: the record pass reads and removes them.
 */
export function applyDenials(data: JsonObject | null | undefined, denials: readonly Denial[]): { data: JsonObject | null; errors: FormattedDenialError[] } {
  const errors: FormattedDenialError[] = [];
  if (!data) return { data: data ?? null, errors };
  let root: JsonObject | null = data;
  for (const denial of denials) {
    const keys = denial.responsePath;
    const field = keys[keys.length - 1];
    // The first row's path locates the error; `rows` says how many rows it stands for.
    let first: Array<string | number> | undefined;
    let rows = 0;
    for (const { object, path } of parentsOf(data, keys.slice(0, -1))) {
      if (denial.onType && object[TYPE_KEY] !== denial.onType) continue;
      rows++;
      first ??= [...path, field];
      if (!denial.nonNull) object[field] = null;
      else if (path.length === 0) root = null;
      else nullAt(data, path);
    }
    // Nothing to null (e.g. the parent person was not found): still say what was denied.
    errors.push({
      message: denialMessage(denial.reason),
      path: first ?? [...keys],
      extensions: { code: 'FORBIDDEN', reason: denial.reason, rows, ...(denial.argumentName ? { argumentName: denial.argumentName } : {}) },
    });
  }
  return { data: root, errors };
}

function nullAt(data: JsonObject, path: Array<string | number>): void {
  let parent: Json = data;
  for (const key of path.slice(0, -1)) parent = (parent as Record<string | number, Json>)[key];
  if (parent !== null && typeof parent === 'object') (parent as Record<string | number, Json>)[path[path.length - 1]] = null;
}
