// What one request discloses, per data subject, for the protocol phase: the
// subjects the final response delivers (read off it by src/engine/plan/record-delivered.ts)
// and the subjects the resolvers withheld (object rules). Resolvers may also say
// under which processing activity a kind of subject is disclosed (an Edu-V
// gegevensdienst) when that is not the request's purpose's.
import { UnrecordableSubjectError, type DeliveredSubject } from '../plan/record-delivered.ts';
import { QueryTooComplexError } from '../plan/query-too-complex.ts';

export type SubjectType = 'BSN' | 'ECK_ID';

export interface Disclosure {
  subjectType: SubjectType;
  subjectId: string;
  /** Upstream field paths with a value for this subject in the response. */
  fields: string[];
  status: 'disclosed' | 'withheld';
  reason?: string;
  /** The processing activity, when not the request's purpose's (an Edu-V gegevensdienst). */
  processingActivity?: string;
}

export class DisclosureCollector {
  private readonly withheld = new Map<string, Disclosure>();
  private delivered: Disclosure[] = [];
  private readonly activities = new Map<string, string>();
  private readonly fetched = new Set<string>();
  private readonly fetchedOf = new Map<SubjectType, number>();
  private readonly addresses = new Set<string>();

  /**
   * What was disclosed about an address rather than a person (its BAG object, a count of its
   * bewoners): for the access record, as `<identificatie> <what>`.
   */
  noteAddress(identificatie: string, what: string): void {
    this.addresses.add(`${identificatie} ${what}`);
  }

  /** The address disclosures of this request, sorted. */
  addressList(): string[] {
    return [...this.addresses].sort();
  }

  /**
   * `maxFetched`: subjects per type one request may fetch at most — the plan's cost estimates a link's
   * fan-out (the members of a group); this holds the limit where the estimate was low.
   */
  constructor(readonly maxFetched: Readonly<Partial<Record<SubjectType, number>>> = {}) {}

  /** A new collector with the same limits: a subscription's next event. */
  renewed(): DisclosureCollector {
    return new DisclosureCollector(this.maxFetched);
  }

  /** A subject the resolvers received from an upstream: only these can be delivered. */
  noteFetched(subjectType: SubjectType, subjectId: string): void {
    const key = `${subjectType}:${subjectId}`;
    if (this.fetched.has(key)) return;
    this.fetched.add(key);
    const max = this.maxFetched[subjectType];
    if (max !== undefined && (this.fetchedOf.set(subjectType, (this.fetchedOf.get(subjectType) ?? 0) + 1).get(subjectType) ?? 0) > max) {
      throw new QueryTooComplexError('TOO_MANY_PERSONS', `The operation reached more than ${max} ${subjectType === 'BSN' ? 'persons' : 'students and employees'}; ask in smaller parts.`);
    }
  }

  /** A subject the resolvers kept back. */
  record(disclosure: Disclosure): void {
    this.withheld.set(`${disclosure.subjectType}:${disclosure.subjectId}:${disclosure.status}`, { ...disclosure, fields: [...new Set(disclosure.fields)].sort() });
  }

  /**
   * The processing activity of the subjects of this type in this request — or, with `kind`, of that
   * kind of subject only (an ECK iD names students, employees and a student's results, each disclosed
   * under the activity of its own gegevensdienst).
   */
  noteActivity(subjectType: SubjectType, processingActivity: string, kind?: string): void {
    this.activities.set(kind ? `${subjectType}|${kind}` : subjectType, processingActivity);
  }

  /**
   * The subjects the final response delivers (replaces an earlier call). A subject id that no
   * upstream answer carried means the record would name the wrong person: refused, and then
   * nothing is delivered.
   */
  deliver(subjects: readonly DeliveredSubject[]): void {
    if (subjects.some((s) => !this.fetched.has(`${s.subjectType}:${s.subjectId}`))) throw new UnrecordableSubjectError();
    this.delivered = subjects.map(({ kind, ...s }) => ({
      ...s,
      status: 'disclosed' as const,
      processingActivity: (kind ? this.activities.get(`${s.subjectType}|${kind}`) : undefined) ?? this.activities.get(s.subjectType),
    }));
  }

  list(): Disclosure[] {
    return [...this.delivered, ...this.withheld.values()];
  }

  get size(): number {
    return this.delivered.length + this.withheld.size;
  }
}
