// The protocol read back: processing records (a disclosure or withholding per data subject) joined with
// the access record of the same operation — who asked, for which purpose and task, which fields.
// One query for every reader: `protocol:query --bsn` and the citizen's report (one subject), and the
// privacy officer's view (by subject, employee, purpose and period, paged by a keyset cursor).
import type { SqlValue, Store } from '../../base/storage/store.ts';
import type { PrincipalKind, ProcessingRecord, SubjectType } from './types.ts';
import type { ProtocolKeyring } from './keyring.ts';

export interface SubjectQuery {
  subjectId: string;
  /** Narrow to one identifier type; a BSN and an ECK iD never look alike, so this is optional. */
  subjectType?: SubjectType;
  /** Inclusive. */
  from?: Date;
  /** Exclusive. */
  to?: Date;
  /** At most this many rows (oldest first). Default 10 000. */
  limit?: number;
  /** Finds the subject under its pseudonyms too (records written with PROTOCOL_SUBJECT_KEYS). */
  keyring?: ProtocolKeyring;
}

/** What the privacy officer's view filters on; every condition given must hold. */
export interface ProtocolFilter {
  subject?: { id: string; type?: SubjectType };
  /** The employee (the principal of a user or delegated request). */
  employee?: string;
  purpose?: string;
  /** Inclusive. */
  from?: Date;
  /** Exclusive. */
  to?: Date;
}

export interface ProtocolPage {
  /** The cursor of the last entry of the previous page (`ProtocolEntries.next`). */
  after?: string;
  limit: number;
  /** Opens pseudonymised subjects and what was asked; without it subjects stay as stored. */
  keyring?: ProtocolKeyring;
}

export interface ProtocolEntries {
  entries: SubjectDisclosure[];
  /** Where the next page starts; absent on the last page. */
  next?: string;
}

/** A cursor that is not one this module wrote (edited, or of another version). */
export class ProtocolCursorError extends Error {
  constructor() {
    super('not a cursor of this protocol view');
    this.name = 'ProtocolCursorError';
  }
}

export interface SubjectDisclosure {
  time: Date;
  operationId: string;
  traceId: string;
  subjectType: SubjectType;
  subjectId: string;
  status: ProcessingRecord['status'];
  /** Why withheld, e.g. SECRET_PERSON. */
  reason?: string;
  fields: string[];
  processingActivity: string;
  /** From the access record; absent when that record is gone (pruned) — `accessRecordFound` says. */
  accessRecordFound: boolean;
  who?: { kind: PrincipalKind; subject?: string; clientId?: string; actor?: string; oin?: string };
  purpose?: string;
  taskDescription?: string;
  operationName?: string;
  outcome?: 'ok' | 'denied' | 'error';
  /** What the request asked (root fields with arguments), opened with the keyring; absent without it. */
  asked?: unknown;
  /** What the request disclosed about addresses (a count of bewoners, a BAG object), opened with the keyring. */
  addresses?: string[];
}

interface Row {
  chain_id: string;
  seq: string | number;
  subject_sealed: string | null;
  occurred_at: Date;
  operation_id: string;
  trace_id: string;
  subject_type: SubjectType;
  subject_id: string;
  status: ProcessingRecord['status'];
  reason: string | null;
  fields: string[];
  processing_activity: string;
  a_found: boolean;
  principal_kind: PrincipalKind | null;
  principal_subject: string | null;
  client_id: string | null;
  actor: string | null;
  oin: string | null;
  purpose: string | null;
  task_description: string | null;
  operation_name: string | null;
  outcome: 'ok' | 'denied' | 'error' | null;
  asked_sealed: string | null;
  addresses_sealed: string | null;
}

const opt = (v: string | null): string | undefined => v ?? undefined;

// The position of an entry in the order of the view: time, then chain and sequence (unique).
type Position = [time: string, chain: string, seq: string];

function encodeCursor(r: Row): string {
  return Buffer.from(JSON.stringify([r.occurred_at.toISOString(), r.chain_id, String(r.seq)] satisfies Position)).toString('base64url');
}

function decodeCursor(cursor: string): Position {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(value) && value.length === 3 && value.every((v) => typeof v === 'string') && !Number.isNaN(Date.parse(value[0])) && /^[1-9]\d{0,18}$/.test(value[2])) {
      return value as Position;
    }
  } catch {
    // falls through to the refusal
  }
  throw new ProtocolCursorError();
}

/**
 * The protocol entries that match `filter`, oldest first, one page. With a keyring the subject is
 * found under its pseudonyms and each entry names it as it was (opened from its seal), whatever the
 * filter; without one a pseudonymised subject stays its pseudonym.
 */
export async function queryProtocol(store: Store, filter: ProtocolFilter, page: ProtocolPage): Promise<ProtocolEntries> {
  const params: SqlValue[] = [];
  const where: string[] = [];
  const param = (value: SqlValue) => {
    params.push(value);
    return `$${params.length}`;
  };
  const { keyring } = page;
  if (filter.subject) {
    const { id, type } = filter.subject;
    if (typeof id !== 'string' || id.length === 0) throw new TypeError('subject id is required');
    // Its pseudonym under every key of the ring, and its plain id (records of before pseudonymisation).
    const forms = keyring ? [...new Set((type ? [type] : (['BSN', 'ECK_ID'] as const)).flatMap((t) => keyring.lookups(t, id)))] : [id];
    where.push(`p.subject_id = ANY(${param(forms)}::text[])`);
    if (type) where.push(`p.subject_type = ${param(type)}`);
  }
  if (filter.employee !== undefined) where.push(`a.principal_kind IN ('user', 'delegated') AND a.principal_subject = ${param(filter.employee)}`);
  if (filter.purpose !== undefined) where.push(`a.purpose = ${param(filter.purpose)}`);
  if (filter.from) where.push(`p.occurred_at >= ${param(filter.from.toISOString())}::timestamptz`);
  if (filter.to) where.push(`p.occurred_at < ${param(filter.to.toISOString())}::timestamptz`);
  if (page.after) {
    const [time, chain, seq] = decodeCursor(page.after);
    where.push(`(p.occurred_at, p.chain_id, p.seq) > (${param(time)}::timestamptz, ${param(chain)}, ${param(seq)}::int8)`);
  }
  // One more than the page: whether there is a next page, without counting.
  const limit = param(page.limit + 1);
  // LATERAL … LIMIT 1: an operation has one access record; should a retried write ever have
  // stored two, the disclosure is still listed once.
  const { rows } = await store.query<Row>(
    `SELECT p.chain_id, p.seq, p.subject_sealed, p.occurred_at, p.operation_id, p.trace_id, p.subject_type, p.subject_id,
            p.status, p.reason, p.fields, p.processing_activity, a.operation_id IS NOT NULL AS a_found,
            a.principal_kind, a.principal_subject, a.client_id, a.actor, a.oin, a.purpose,
            a.task_description, a.operation_name, a.outcome, a.asked_sealed, a.addresses_sealed
     FROM protocol_processing p
     LEFT JOIN LATERAL (
       SELECT * FROM protocol_access x WHERE x.operation_id = p.operation_id ORDER BY x.occurred_at LIMIT 1
     ) a ON true
     ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY p.occurred_at, p.chain_id, p.seq
     LIMIT ${limit}::int8`,
    params,
  );
  const shown = rows.slice(0, page.limit);
  return {
    entries: shown.map((r) => toDisclosure(r, keyring)),
    ...(rows.length > page.limit ? { next: encodeCursor(shown[shown.length - 1]) } : {}),
  };
}

function toDisclosure(r: Row, keyring: ProtocolKeyring | undefined): SubjectDisclosure {
  const opened = r.subject_sealed && keyring ? keyring.open(r.subject_id, r.subject_sealed) : undefined;
  return {
    time: r.occurred_at,
    operationId: r.operation_id,
    traceId: r.trace_id,
    subjectType: r.subject_type,
    subjectId: opened?.id ?? r.subject_id,
    status: r.status,
    reason: opt(r.reason),
    fields: r.fields,
    processingActivity: r.processing_activity,
    accessRecordFound: r.a_found,
    who: r.principal_kind
      ? {
          kind: r.principal_kind,
          subject: opt(r.principal_subject),
          clientId: opt(r.client_id),
          actor: opt(r.actor),
          oin: opt(r.oin),
        }
      : undefined,
    purpose: opt(r.purpose),
    taskDescription: opt(r.task_description),
    operationName: opt(r.operation_name),
    outcome: r.outcome ?? undefined,
    ...(r.asked_sealed && keyring ? { asked: keyring.openEvidence('asked', r.asked_sealed) } : {}),
    ...(r.addresses_sealed && keyring ? { addresses: keyring.openEvidence('addresses', r.addresses_sealed) as string[] } : {}),
  };
}

/** Every disclosure of one data subject, oldest first (protocol:query, the citizen's report). */
export async function queryBySubject(store: Store, query: SubjectQuery): Promise<SubjectDisclosure[]> {
  if (typeof query.subjectId !== 'string' || query.subjectId.length === 0) throw new TypeError('subjectId is required');
  const { entries } = await queryProtocol(
    store,
    { subject: { id: query.subjectId, type: query.subjectType }, from: query.from, to: query.to },
    { limit: query.limit ?? 10_000, keyring: query.keyring },
  );
  // The id asked for: a record of before pseudonymisation, or one no key opens, is still this subject.
  return entries.map((e) => ({ ...e, subjectId: query.subjectId }));
}
