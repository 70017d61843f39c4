// A change at the Edu-V source, as its change feed reports it (data/eduv/openapi.yaml, GET /changes):
// which objects of which onderwijsaanbieder changed, and when — identifiers only; what they are now is
// asked again, for each subscriber with its own layers and scopes, when the event is delivered.

/** Students one event delivers at most (the plan's cost of one event): as many as the source looks up by id at once. */
export const MAX_STUDENTS_PER_EVENT = 50;

export const CHANGE_KINDS = ['student', 'subjectOffering'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

export interface ChangeEvent {
  /** The feed's id of the event: what a subscriber's event is deduplicated by across instances. */
  id: string;
  kind: ChangeKind;
  onderwijsaanbieder: string;
  /** ECK iDs (students) or subject offering ids; at most MAX_STUDENTS_PER_EVENT. */
  ids: string[];
  /** ISO-8601. */
  changedAt: string;
}

const ID = /^[\x21-\x7e]{1,256}$/;

/** An event of the feed, or undefined when it is not one (an upstream that answers nonsense delivers nothing). */
export function readChangeEvent(value: unknown): ChangeEvent | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  const kind = v.type;
  if (typeof v.id !== 'string' || !ID.test(v.id)) return undefined;
  if (kind !== 'student' && kind !== 'subjectOffering') return undefined;
  if (typeof v.orgId !== 'string' || !ID.test(v.orgId)) return undefined;
  if (!Array.isArray(v.resourceIds) || v.resourceIds.length === 0 || v.resourceIds.length > MAX_STUDENTS_PER_EVENT) return undefined;
  if (!v.resourceIds.every((id) => typeof id === 'string' && ID.test(id))) return undefined;
  if (typeof v.changedAt !== 'string' || Number.isNaN(Date.parse(v.changedAt))) return undefined;
  return { id: v.id, kind, onderwijsaanbieder: v.orgId, ids: [...new Set(v.resourceIds as string[])], changedAt: new Date(v.changedAt).toISOString() };
}
