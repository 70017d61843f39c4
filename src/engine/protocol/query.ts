// The privacy officer's view: for one data subject, every disclosure (and withholding) with who
// asked, for which purpose and task, and which fields — the processing records joined with the
// access records of the same operation.
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

export async function queryBySubject(store: Store, query: SubjectQuery): Promise<SubjectDisclosure[]> {
  if (typeof query.subjectId !== 'string' || query.subjectId.length === 0) throw new TypeError('subjectId is required');
  // Its pseudonym under every key of the ring, and its plain id (records of before pseudonymisation).
  const forms = query.keyring ? query.keyring.lookups(query.subjectType ?? 'BSN', query.subjectId) : [query.subjectId];
  if (query.keyring && !query.subjectType) forms.push(...query.keyring.lookups('ECK_ID', query.subjectId));
  const params: SqlValue[] = [forms];
  const where = ['p.subject_id = ANY($1::text[])'];
  if (query.subjectType) {
    params.push(query.subjectType);
    where.push(`p.subject_type = $${params.length}`);
  }
  if (query.from) {
    params.push(query.from.toISOString());
    where.push(`p.occurred_at >= $${params.length}::timestamptz`);
  }
  if (query.to) {
    params.push(query.to.toISOString());
    where.push(`p.occurred_at < $${params.length}::timestamptz`);
  }
  params.push(query.limit ?? 10_000);
  // LATERAL … LIMIT 1: an operation has one access record; should a retried write ever have
  // stored two, the disclosure is still listed once.
  const { rows } = await store.query<Row>(
    `SELECT p.occurred_at, p.operation_id, p.trace_id, p.subject_type, p.subject_id, p.status, p.reason,
            p.fields, p.processing_activity, a.operation_id IS NOT NULL AS a_found,
            a.principal_kind, a.principal_subject, a.client_id, a.actor, a.oin, a.purpose,
            a.task_description, a.operation_name, a.outcome, a.asked_sealed, a.addresses_sealed
     FROM protocol_processing p
     LEFT JOIN LATERAL (
       SELECT * FROM protocol_access x WHERE x.operation_id = p.operation_id ORDER BY x.occurred_at LIMIT 1
     ) a ON true
     WHERE ${where.join(' AND ')}
     ORDER BY p.occurred_at, p.chain_id, p.seq
     LIMIT $${params.length}::int8`,
    params,
  );
  return rows.map((r) => ({
    time: r.occurred_at,
    operationId: r.operation_id,
    traceId: r.trace_id,
    subjectType: r.subject_type,
    // The id asked for: the stored form may be its pseudonym.
    subjectId: query.subjectId,
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
    ...(r.asked_sealed && query.keyring ? { asked: query.keyring.openEvidence('asked', r.asked_sealed) } : {}),
    ...(r.addresses_sealed && query.keyring ? { addresses: query.keyring.openEvidence('addresses', r.addresses_sealed) as string[] } : {}),
  }));
}
