// What one request discloses, per data subject: collected by the resolvers as
// they return persons (or withhold them), read by the protocol phase.
export type SubjectType = 'BSN' | 'ECK_ID';

export interface Disclosure {
  subjectType: SubjectType;
  subjectId: string;
  /** Upstream field paths with a value for this subject. */
  fields: string[];
  status: 'disclosed' | 'withheld';
  reason?: string;
  /** The processing activity, when not the request's purpose's (an Edu-V gegevensdienst). */
  processingActivity?: string;
}

export class DisclosureCollector {
  private readonly bySubject = new Map<string, Disclosure>();

  record(disclosure: Disclosure): void {
    const key = `${disclosure.subjectType}:${disclosure.subjectId}:${disclosure.status}`;
    const earlier = this.bySubject.get(key);
    if (!earlier) {
      this.bySubject.set(key, { ...disclosure, fields: [...new Set(disclosure.fields)].sort() });
      return;
    }
    earlier.fields = [...new Set([...earlier.fields, ...disclosure.fields])].sort();
  }

  list(): Disclosure[] {
    return [...this.bySubject.values()];
  }

  get size(): number {
    return this.bySubject.size;
  }
}

/** The requested paths that have a value in the delivered object (lists: in any element). */
export function presentPaths(object: Record<string, unknown>, paths: readonly string[]): string[] {
  const has = (value: unknown, segments: string[]): boolean => {
    if (value === undefined || value === null) return false;
    if (Array.isArray(value)) return value.some((v) => has(v, segments));
    if (segments.length === 0) return true;
    if (typeof value !== 'object') return false;
    return has((value as Record<string, unknown>)[segments[0]], segments.slice(1));
  };
  return paths.filter((p) => has(object, p.split('.')));
}
