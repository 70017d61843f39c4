// The outbox of activation notices (migration 012_eduv_activation_notices.sql): what the registry
// writes in the transaction of an activation change (enqueueNotice), and what the deliverer
// (../activation-notices.ts) and the operator (cli.ts `notices`) read and update.
//
// A notice tells the receiving participant of an activation what changed: organisation ids, the
// gegevensdienst, the status and the narrowing at the change — never personal data. Which change
// makes which notice:
// - activated   — activate / putActivation on a key with no activation, or an inactive one, or an
//                 active or pending one without a change of narrowing (also when the status goes back
//                 to pending: the receiver is asked to confirm again);
// - narrowed    — activate / putActivation on an active or pending activation that changes its
//                 subjectOfferingIds (narrowed, widened or replaced);
// - deactivated — deactivate, or putActivation to inactive;
// - confirmed   — confirm by anyone but the receiver itself (an administrator, the seed): the
//                 receiver that confirmed through confirmActivation knows, and gets no notice.
// A receiver without an `activations` endpoint in its registration gets none (no row is written).
import { randomUUID } from 'node:crypto';
import type { Queryable, Store } from '../../../base/storage/store.ts';
import type { ActivationStatus, Actor, Gegevensdienst } from './types.ts';

/** The key of a participant's `endpoints` where it takes activation notices (RFC 8935 push). */
export const ACTIVATIONS_ENDPOINT = 'activations';

export const NOTICE_KINDS = ['activated', 'narrowed', 'deactivated', 'confirmed'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];
export const NOTICE_STATES = ['pending', 'delivered', 'failed'] as const;
export type NoticeState = (typeof NOTICE_STATES)[number];

/** The URI naming the Edu-V activation event in a SET's `events` claim. */
export const noticeEventUri = (kind: NoticeKind): string => `urn:edu-v:activation:${kind}`;

/** The event payload of the SET: the activation as the change left it. */
export interface NoticeEvent {
  activationId: string;
  gegevensdienst: Gegevensdienst;
  onderwijsaanbieder: string;
  status: ActivationStatus;
  subjectOfferingIds: string[] | null;
  /** ISO 8601: when the change was committed (the history event's time). */
  at: string;
}

export interface ActivationNotice {
  id: string;
  txn: string;
  activationId: string;
  kind: NoticeKind;
  senderOin: string;
  receiverOin: string;
  event: NoticeEvent;
  createdAt: Date;
  state: NoticeState;
  attempts: number;
  nextAttemptAt: Date;
  lastStatus: number | null;
  lastError: string | null;
  lastAttemptAt: Date | null;
  deliveredAt: Date | null;
  failedAt: Date | null;
}

/** A notice claimed for one attempt, with the receiver's endpoint as registered now. */
export interface ClaimedNotice extends ActivationNotice {
  /** This attempt's number (1 for the first). */
  attempt: number;
  endpoint: string | null;
}

interface NoticeRow {
  id: string;
  txn: string;
  activation_id: string;
  kind: NoticeKind;
  sender_oin: string;
  receiver_oin: string;
  event: NoticeEvent;
  created_at: Date;
  state: NoticeState;
  attempts: number;
  next_attempt_at: Date;
  last_status: number | null;
  last_error: string | null;
  last_attempt_at: Date | null;
  delivered_at: Date | null;
  failed_at: Date | null;
  endpoint?: string | null;
}

const COLUMNS =
  'id, txn, activation_id, kind, sender_oin, receiver_oin, event, created_at, state, attempts, next_attempt_at, last_status, last_error, last_attempt_at, delivered_at, failed_at';

function toNotice(row: NoticeRow): ActivationNotice {
  return {
    id: row.id,
    txn: row.txn,
    activationId: row.activation_id,
    kind: row.kind,
    senderOin: row.sender_oin,
    receiverOin: row.receiver_oin,
    event: row.event,
    createdAt: row.created_at,
    state: row.state,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    lastStatus: row.last_status,
    lastError: row.last_error,
    lastAttemptAt: row.last_attempt_at,
    deliveredAt: row.delivered_at,
    failedAt: row.failed_at,
  };
}

/** The activation as a registry write left it (its row). */
export interface NoticeSource {
  id: string;
  gegevensdienst: Gegevensdienst;
  onderwijsaanbieder: string;
  sender_oin: string;
  receiver_oin: string;
  status: ActivationStatus;
  subject_offering_ids: string[] | null;
  updated_at: Date;
}

/**
 * Writes the notice of a change into the outbox, in the caller's transaction (`q`), when the
 * receiver has an `activations` endpoint and the change is one the receiver is told of. Returns
 * whether a row was written.
 */
export async function enqueueNotice(
  q: Queryable,
  change: { row: NoticeSource; kind: NoticeKind; eventSeq: string | number; actor: Actor },
): Promise<boolean> {
  const { row, kind, actor } = change;
  const { rows } = await q.query<{ endpoint: string | null; actor_is_receiver: boolean }>(
    `SELECT p.endpoints ->> $2 AS endpoint,
            EXISTS (SELECT 1 FROM eduv_client c WHERE c.client_id = $3 AND c.participant_oin = p.oin) AS actor_is_receiver
     FROM eduv_participant p WHERE p.oin = $1`,
    [row.receiver_oin, ACTIVATIONS_ENDPOINT, actor.clientId ?? null],
  );
  const receiver = rows[0];
  if (!receiver?.endpoint) return false;
  if (kind === 'confirmed' && receiver.actor_is_receiver) return false;
  const event: NoticeEvent = {
    activationId: row.id,
    gegevensdienst: row.gegevensdienst,
    onderwijsaanbieder: row.onderwijsaanbieder,
    status: row.status,
    subjectOfferingIds: row.subject_offering_ids,
    at: row.updated_at.toISOString(),
  };
  await q.query(
    `INSERT INTO eduv_activation_notice (id, txn, activation_id, event_seq, kind, sender_oin, receiver_oin, event)
     VALUES ($1, $2, $3, $4::bigint, $5, $6, $7, $8::jsonb)`,
    [randomUUID(), randomUUID(), row.id, String(change.eventSeq), kind, row.sender_oin, row.receiver_oin, JSON.stringify(event)],
  );
  return true;
}

/** The kind of notice of an activate / putActivation, from the state before and after. */
export function activateKind(
  before: { status: ActivationStatus; subject_offering_ids: string[] | null } | undefined,
  after: { status: ActivationStatus },
  sameNarrowing: boolean,
): NoticeKind {
  if (after.status === 'inactive') return 'deactivated';
  if (before && before.status !== 'inactive' && !sameNarrowing) return 'narrowed';
  return 'activated';
}

export interface NoticeFilter {
  state?: NoticeState;
  activationId?: string;
  receiverOin?: string;
  limit?: number;
}

/** What the deliverer decides after an attempt. */
export type AttemptResult =
  | { outcome: 'delivered'; status: number }
  | { outcome: 'retry'; status: number | null; error: string; delayMs: number }
  | { outcome: 'failed'; status: number | null; error: string };

export interface NoticeOutbox {
  /**
   * Claims up to `limit` due pending notices of `senderOin` for one attempt each (FOR UPDATE SKIP
   * LOCKED, then a lease of `leaseMs`); counts the attempt. Per activation only the oldest pending
   * notice is due, so a receiver gets an activation's notices in order.
   */
  claim(owner: string, senderOin: string, limit: number, leaseMs: number): Promise<ClaimedNotice[]>;
  /**
   * Records the attempt's result and releases the lease. A retry becomes 'failed' when the notice is
   * out of attempts or would be retried after its maximum age (counted from when it was queued). Returns the state it is left in, or
   * undefined when the lease was lost (another instance has the notice now).
   */
  settle(id: string, owner: string, result: AttemptResult, limits: { maxAttempts: number; maxAgeMs: number }): Promise<NoticeState | undefined>;
  /**
   * Milliseconds (by the database's clock) until a pending notice of `senderOin` may be claimed: the
   * soonest next attempt, or lease expiry, of the notices first in line of their activation; undefined when none is pending.
   */
  nextDueInMs(senderOin: string): Promise<number | undefined>;
  list(filter?: NoticeFilter): Promise<ActivationNotice[]>;
  counts(): Promise<Record<NoticeState, number>>;
  /** A failed notice back to pending, due now, with its attempts reset. Returns false when it is not failed. */
  requeue(id: string): Promise<boolean>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function createNoticeOutbox(store: Store): NoticeOutbox {
  return {
    async claim(owner, senderOin, limit, leaseMs) {
      return store.transaction(async (tx) => {
        const { rows } = await tx.query<NoticeRow>(
          `UPDATE eduv_activation_notice AS n
           SET attempts = n.attempts + 1, lease_owner = $1, lease_until = now() + ($2::double precision * interval '1 millisecond')
           FROM (
             SELECT c.id FROM eduv_activation_notice c
             WHERE c.state = 'pending' AND c.sender_oin = $3 AND c.next_attempt_at <= now()
               AND (c.lease_until IS NULL OR c.lease_until < now())
               AND NOT EXISTS (SELECT 1 FROM eduv_activation_notice e
                               WHERE e.activation_id = c.activation_id AND e.state = 'pending' AND e.seq < c.seq)
             ORDER BY c.next_attempt_at, c.seq
             LIMIT $4
             FOR UPDATE SKIP LOCKED
           ) AS due
           WHERE n.id = due.id
           RETURNING ${COLUMNS.split(', ').map((c) => `n.${c}`).join(', ')},
             (SELECT p.endpoints ->> $5 FROM eduv_participant p WHERE p.oin = n.receiver_oin) AS endpoint`,
          [owner, leaseMs, senderOin, limit, ACTIVATIONS_ENDPOINT],
        );
        return rows.map((row) => ({ ...toNotice(row), attempt: row.attempts, endpoint: row.endpoint ?? null }));
      });
    },

    async settle(id, owner, result, limits) {
      const error = result.outcome === 'delivered' ? null : result.error.slice(0, 200);
      const delayMs = result.outcome === 'retry' ? result.delayMs : 0;
      const { rows } = await store.query<{ state: NoticeState }>(
        `WITH decided AS (
           SELECT n.id, CASE
             WHEN $3 = 'delivered' THEN 'delivered'
             WHEN $3 = 'failed' THEN 'failed'
             WHEN n.attempts >= $6
               OR now() + ($5::double precision * interval '1 millisecond') > n.queued_at + ($7::double precision * interval '1 millisecond') THEN 'failed'
             ELSE 'pending' END AS state
           FROM eduv_activation_notice n
           WHERE n.id = $1 AND n.lease_owner = $2 AND n.state = 'pending'
           FOR UPDATE
         )
         UPDATE eduv_activation_notice AS n SET
           state = d.state,
           next_attempt_at = CASE WHEN d.state = 'pending' THEN now() + ($5::double precision * interval '1 millisecond') ELSE n.next_attempt_at END,
           delivered_at = CASE WHEN d.state = 'delivered' THEN now() END,
           failed_at = CASE WHEN d.state = 'failed' THEN now() END,
           last_status = $4::integer, last_error = $8::text, last_attempt_at = now(),
           lease_owner = NULL, lease_until = NULL
         FROM decided d
         WHERE n.id = d.id
         RETURNING n.state`,
        [id, owner, result.outcome, result.status, delayMs, limits.maxAttempts, limits.maxAgeMs, error],
      );
      const state = rows[0]?.state;
      return state;
    },

    async nextDueInMs(senderOin) {
      const { rows } = await store.query<{ ms: number | string | null }>(
        `SELECT (EXTRACT(EPOCH FROM min(CASE WHEN c.lease_until > now() THEN c.lease_until ELSE c.next_attempt_at END) - now()) * 1000)::float8 AS ms
         FROM eduv_activation_notice c
         WHERE c.state = 'pending' AND c.sender_oin = $1
           AND NOT EXISTS (SELECT 1 FROM eduv_activation_notice e
                           WHERE e.activation_id = c.activation_id AND e.state = 'pending' AND e.seq < c.seq)`,
        [senderOin],
      );
      const ms = rows[0]?.ms;
      return ms === null || ms === undefined ? undefined : Math.max(0, Number(ms));
    },

    async list(filter = {}) {
      if (filter.activationId !== undefined && !UUID.test(filter.activationId)) return [];
      const { rows } = await store.query<NoticeRow>(
        `SELECT ${COLUMNS} FROM eduv_activation_notice
         WHERE ($1::text IS NULL OR state = $1) AND ($2::uuid IS NULL OR activation_id = $2::uuid) AND ($3::text IS NULL OR receiver_oin = $3)
         ORDER BY seq DESC LIMIT $4`,
        [filter.state ?? null, filter.activationId ?? null, filter.receiverOin ?? null, filter.limit ?? 100],
      );
      return rows.map(toNotice);
    },

    async counts() {
      const { rows } = await store.query<{ state: NoticeState; n: number }>(
        `SELECT state, count(*)::int AS n FROM eduv_activation_notice GROUP BY state`,
      );
      const counts: Record<NoticeState, number> = { pending: 0, delivered: 0, failed: 0 };
      for (const row of rows) counts[row.state] = Number(row.n);
      return counts;
    },

    async requeue(id) {
      if (!UUID.test(id)) return false;
      const { rowCount } = await store.query(
        `UPDATE eduv_activation_notice SET state = 'pending', attempts = 0, next_attempt_at = now(), failed_at = NULL,
           lease_owner = NULL, lease_until = NULL, queued_at = now()
         WHERE id = $1 AND state = 'failed'`,
        [id],
      );
      return rowCount > 0;
    },
  };
}
