// Phase 7's input: what the response really delivers, per data subject. One
// pass over the final result — after denials, errors and null propagation —
// guided by the plan: every non-null leaf is recorded under its position's
// record path for the subject whose object holds it; a subject is identified
// by the id the executed document added to its object. Persons fetched but
// not delivered, and fields asked but absent, leave no trace here; every
// alias, union member and `…Binnenland` variant that delivers a value does.
//
// The same pass removes the helper keys the executed document added (the
// subject's id, the concrete type, the stand-in for a fully denied selection):
// the record needs them, the caller must not see them, and one walk over a
// large response is cheaper than two.
import { PRUNED_KEY, SUBJECT_KEY, TYPE_KEY, type SelectionPlan, type SubjectSpec } from './plan.ts';

export interface DeliveredSubject {
  subjectType: SubjectSpec['subjectType'];
  subjectId: string;
  /** The spec's kind (SubjectSpec.kind), when it has one. */
  kind?: string;
  /** Record paths with a non-null value in the response, sorted. */
  fields: string[];
}

/** Fields revealed by the arguments of a root field (search criteria), per subject it returns. */
export type RevealedByRoot = ReadonlyMap<string, readonly string[]>;

/** A subject object without its id: the response cannot be recorded, so it must not leave. */
export class UnrecordableSubjectError extends Error {
  constructor() {
    super('a data subject in the response has no identifier to record');
    this.name = 'UnrecordableSubjectError';
  }
}

type Json = unknown;

interface Entry {
  spec: SubjectSpec;
  subjectId: string;
  fields: Set<string>;
}

/** Mutates `data`: the helper keys are removed. */
export function deliveredSubjects(root: SelectionPlan, data: Record<string, Json> | null | undefined, revealedByRoot: RevealedByRoot = new Map()): DeliveredSubject[] {
  const subjects = new Map<string, Entry>();
  if (!data) return [];
  const add = (entry: Entry, path: string) => entry.fields.add(entry.spec.recordName ? entry.spec.recordName(path) : path);

  /** Returns how many paths it recorded for `current` itself (not for subjects nested below). */
  const walk = (selection: SelectionPlan, value: Json, current: Entry | undefined, revealed: readonly string[] | undefined): number => {
    if (value === null || value === undefined) return 0;
    if (Array.isArray(value)) {
      let n = 0;
      for (const item of value) n += walk(selection, item, current, revealed);
      return n;
    }
    if (typeof value !== 'object') return 0;
    let recordedHere = 0;
    const record = (entry: Entry, path: string) => {
      add(entry, path);
      if (entry === current) recordedHere++;
    };
    const object = value as Record<string, Json>;
    let entry = current;
    if (selection.subject) {
      const id = object[SUBJECT_KEY];
      if (typeof id !== 'string' || id === '') throw new UnrecordableSubjectError();
      const key = `${selection.subject.subjectType}:${selection.subject.kind ?? ''}:${id}`;
      entry = subjects.get(key);
      if (!entry) subjects.set(key, (entry = { spec: selection.subject, subjectId: id, fields: new Set() }));
      for (const path of revealed ?? []) record(entry, path);
    }
    const concrete = object[TYPE_KEY];
    delete object[SUBJECT_KEY];
    delete object[TYPE_KEY];
    delete object[PRUNED_KEY];
    for (const field of selection.fields) {
      if (field.narrowed && typeof concrete === 'string' && concrete !== field.onType.name) continue;
      const v = object[field.responseKey];
      if (v === null || v === undefined) continue;
      if (field.children) {
        if (entry && field.recordPath && field.children.subject) record(entry, field.recordPath);
        const below = walk(field.children, v, entry, field.isRoot ? revealedByRoot.get(field.responseKey) : undefined);
        if (entry === current) recordedHere += below;
        // A list delivered with nothing recorded below it for this subject (its items' fields all denied or
        // empty) still tells how many there are: the list itself is recorded.
        if (entry && field.recordPath && !field.children.subject && below === 0 && Array.isArray(v) && v.some((item) => item !== null && item !== undefined)) {
          record(entry, field.recordPath);
        }
      } else if (entry && field.recordPath && (!Array.isArray(v) || v.some((item) => item !== null && item !== undefined))) {
        record(entry, field.recordPath);
      }
    }
    // A subject object reached below (a bewoner, a relative) records for itself, even when it is the same
    // person as the one above: nothing of it counts as recorded by the field that reached it.
    return selection.subject ? 0 : recordedHere;
  };

  walk(root, data, undefined, undefined);
  return [...subjects.values()].map((s) => ({ subjectType: s.spec.subjectType, subjectId: s.subjectId, ...(s.spec.kind ? { kind: s.spec.kind } : {}), fields: [...s.fields].sort() }));
}
