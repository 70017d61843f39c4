// The protocol log writer: appends access and processing records to this instance's two hash
// chains, with group commit, and fails closed.
//
// Chain design. Each facade instance writes its own two chains, `access:<instanceId>` and
// `processing:<instanceId>`, so instances sharing one PostgreSQL never wait for each other and
// no global sequence becomes a bottleneck. Each append transaction still locks its chains' head
// rows (`SELECT … FOR NO KEY UPDATE` on protocol_chain) and reads the head from the database:
// two processes that were (mis)configured with the same instance id therefore serialise instead
// of forking the chain, and after a failure nothing cached in memory can be stale — the next
// batch simply continues from whatever the database committed. (seq is also the primary key with
// the chain id, a last line of defence against a fork.)
//
// Group commit. `record()` queues its records; a flush takes up to `batchMaxSize` queued requests
// and writes them in one transaction: one head lock, one multi-row INSERT per table, one head
// update, one COMMIT. While a flush is in flight new calls queue up, and the next flush starts as
// soon as it finishes, so batches grow with load and an idle log adds at most `batchMaxDelayMs`
// of latency. Every caller's promise settles with its batch: resolved after COMMIT returned,
// rejected with ProtocolUnavailableError when the transaction failed (all of it rolled back: no
// half-written chain) or did not finish within `writeTimeoutMs`.
//
// A batch that has not finished within `writeTimeoutMs` is given up by the flush loop (its callers
// were already answered "unavailable"), and the next batch starts at once, on another connection:
// one stuck connection (a stalled network path) must not hold every later record behind it. The
// chain head's row lock keeps the chains in order whatever finishes first. `ready()` is false while
// a write lags (in flight for longer than READY_LAG_MS — healthy writes take milliseconds), and
// when a write could not get a connection and the head's lock now.
//
// A timed-out batch may still commit afterwards. Its callers were told "unavailable" and delivered
// nothing, so the log then holds a record of a disclosure that did not happen — the safe side of
// the failure. The reverse (data delivered, record lost) cannot happen.
import type { Queryable, Store } from '../../base/storage/store.ts';
import { StoreClosedError } from '../../base/storage/store.ts';
import type { KeyObject } from 'node:crypto';
import { signHead, type Witness } from './witness.ts';
import type { ProtocolKeyring } from './keyring.ts';
import {
  ACCESS_CASTS,
  ACCESS_COLUMNS,
  GENESIS_HASH,
  PROCESSING_CASTS,
  PROCESSING_COLUMNS,
  accessValues,
  chainIdFor,
  normalizeAccess,
  normalizeProcessing,
  processingValues,
  recordHash,
  type StoredAccess,
  type StoredProcessing,
} from './hash-chain.ts';
import {
  ProtocolRecordInvalidError,
  ProtocolUnavailableError,
  type AccessRecord,
  type ProcessingRecord,
} from './types.ts';

export interface ProtocolLogOptions {
  /** Stable per replica (e.g. the pod name): names this instance's chains. [A-Za-z0-9._-], ≤ 100. */
  instanceId: string;
  /** How long the first queued record waits for company before a flush. Default 1 ms. */
  batchMaxDelayMs?: number;
  /** Requests (access records) per transaction at most. Default 256. */
  batchMaxSize?: number;
  /** Rows (access and processing records) per transaction at most, a request's own always whole. Default 5,000. */
  batchMaxRows?: number;
  /** A record not committed within this time is rejected. Default 5000 ms. */
  writeTimeoutMs?: number;
  /** Requests waiting beyond this are rejected at once (store too slow). Default 10000. */
  maxQueue?: number;
  /** Sign the chains' heads and keep them at a witness outside the database (witness.ts). */
  anchor?: AnchorOptions;
  /** Store every subject id pseudonymised and sealed (keyring.ts), never in plain text. */
  subjects?: ProtocolKeyring;
  /** Told of every append transaction when it ends (the metrics). */
  onTransaction?: TransactionObserver;
}

/** One append transaction: how many requests and rows it held, how long it took, whether it committed. */
export type TransactionObserver = (transaction: { requests: number; rows: number; seconds: number; ok: boolean }) => void;

export interface AnchorOptions {
  witness: Witness;
  /** Ed25519 private key (the retention checkpoints' key). */
  signingKey: KeyObject;
  /** Anchor after this many access records. Default 1000. */
  everyRecords?: number;
  /** …or this long after the last anchor, when anything was written since. Default 60 s. */
  everyMs?: number;
  /** A witness that cannot be written: reported here (records go on; the next anchor tries again). */
  onError?: (error: unknown) => void;
}

export interface ProtocolLogStats {
  /** record() calls accepted into the queue. */
  calls: number;
  /** record() calls resolved (committed). */
  committed: number;
  /** record() calls rejected (store down, timeout, overload, closed, invalid). */
  rejected: number;
  /** Append transactions attempted, and how many of them failed. */
  transactions: number;
  failedTransactions: number;
  accessRecords: number;
  processingRecords: number;
  /** Most requests committed in one transaction. */
  largestBatch: number;
  /** Requests waiting now. */
  queued: number;
  /** Signed heads written to the witness, and witness writes that failed. */
  anchoredHeads: number;
  anchorFailures: number;
}

export interface ProtocolLog {
  readonly instanceId: string;
  readonly chains: { readonly access: string; readonly processing: string };
  /**
   * Appends one access record and its processing records. Resolves once they are committed;
   * rejects with ProtocolUnavailableError (or ProtocolRecordInvalidError) otherwise — then the
   * caller delivers no personal data. Every processing record must carry the access record's
   * operationId.
   */
  record(access: AccessRecord, processing: readonly ProcessingRecord[]): Promise<void>;
  /** True when the store answers and this log's chains exist; never throws. */
  ready(): Promise<boolean>;
  /** Counters, e.g. to see that concurrent calls shared transactions. */
  stats(): ProtocolLogStats;
  /** Stops accepting records and waits for queued ones to be written (or to fail). The store stays open. */
  close(): Promise<void>;
}

const INSTANCE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
/** Rows per INSERT statement: keeps each statement well under Postgres' 65535 parameters. */
const ROWS_PER_INSERT = 1000;
const READY_TIMEOUT_MS = 2_000;
/** A write in flight this long makes the log not ready (healthy ones take milliseconds). */
const READY_LAG_MS = 1_000;
const READY_PROBE_REUSE_MS = 1_000;
/** Rows (access + processing) per transaction at most, so that a healthy batch stays well under READY_LAG_MS. */
const DEFAULT_BATCH_MAX_ROWS = 5_000;

interface Pending {
  access: StoredAccess;
  processing: StoredProcessing[];
  resolve: () => void;
  reject: (error: Error) => void;
  settled: boolean;
  timer: NodeJS.Timeout;
}

type Head = { seq: number; hash: string };
type Row = (string | number | string[] | null)[];

const NETWORK_ERRORS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH']);

/** Coarse, log-safe reason for a failed write. */
function failureReason(error: unknown): 'store_unavailable' | 'write_failed' {
  if (error instanceof StoreClosedError) return 'store_unavailable';
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') {
    if (NETWORK_ERRORS.has(code)) return 'store_unavailable';
    // SQLSTATE 08xxx connection exception, 57P0x operator intervention (shutdown, terminated).
    if (/^08/.test(code) || /^57P0/.test(code)) return 'store_unavailable';
  }
  const message = error instanceof Error ? error.message : '';
  if (/connection|terminat|timeout|closed/i.test(message)) return 'store_unavailable';
  return 'write_failed';
}

function insertSql(table: string, columns: readonly string[], casts: Readonly<Record<string, string>>, rows: number): string {
  const tuples: string[] = [];
  let n = 0;
  for (let r = 0; r < rows; r += 1) {
    tuples.push(`(${columns.map((c) => `$${(n += 1)}::${casts[c]}`).join(', ')})`);
  }
  return `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')}`;
}

async function insertRows(
  tx: Queryable,
  table: string,
  columns: readonly string[],
  casts: Readonly<Record<string, string>>,
  rows: Row[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    const chunk = rows.slice(i, i + ROWS_PER_INSERT);
    await tx.query(insertSql(table, columns, casts, chunk.length), chunk.flat(1));
  }
}

export async function createProtocolLog(store: Store, options: ProtocolLogOptions): Promise<ProtocolLog> {
  const { instanceId } = options;
  if (typeof instanceId !== 'string' || !INSTANCE_ID.test(instanceId)) {
    throw new TypeError('instanceId must be 1–100 characters of A-Z a-z 0-9 . _ - (e.g. the pod name)');
  }
  const batchMaxDelayMs = options.batchMaxDelayMs ?? 1;
  const batchMaxSize = Math.max(1, options.batchMaxSize ?? 256);
  const batchMaxRows = Math.max(1, options.batchMaxRows ?? DEFAULT_BATCH_MAX_ROWS);
  const writeTimeoutMs = options.writeTimeoutMs ?? 5_000;
  const maxQueue = options.maxQueue ?? 10_000;
  const chains = { access: chainIdFor('access', instanceId), processing: chainIdFor('processing', instanceId) };

  // The chains' head rows must exist before the first append locks them. An existing chain (a
  // restarted instance) is continued, not restarted.
  await store.query(
    `INSERT INTO protocol_chain (chain_id, log, instance_id, head_hash)
     VALUES ($1, 'access', $3, $4), ($2, 'processing', $3, $4)
     ON CONFLICT (chain_id) DO NOTHING`,
    [chains.access, chains.processing, instanceId, GENESIS_HASH],
  );

  const queue: Pending[] = [];
  const counters = {
    calls: 0,
    committed: 0,
    rejected: 0,
    transactions: 0,
    failedTransactions: 0,
    accessRecords: 0,
    processingRecords: 0,
    largestBatch: 0,
    anchoredHeads: 0,
    anchorFailures: 0,
  };

  // Anchoring: the newest committed head of each chain, and the seq last handed to the witness.
  const latest = new Map<string, Head>();
  const anchoredSeq = new Map<string, number>();
  let sinceAnchor = 0;
  let lastAnchorAt = Date.now();
  let anchorTimer: NodeJS.Timeout | undefined;
  let anchoring: Promise<void> | undefined;
  const everyRecords = Math.max(1, options.anchor?.everyRecords ?? 1000);
  const everyMs = Math.max(1, options.anchor?.everyMs ?? 60_000);

  function anchorNow(): Promise<void> {
    const anchor = options.anchor;
    if (!anchor) return Promise.resolve();
    if (anchorTimer) clearTimeout(anchorTimer);
    anchorTimer = undefined;
    // The heads as they are now, each chain's newest not yet handed over; the writes go one at a time.
    const due = [...latest].filter(([chain, head]) => (anchoredSeq.get(chain) ?? 0) < head.seq);
    sinceAnchor = 0;
    lastAnchorAt = Date.now();
    if (due.length === 0) return anchoring ?? Promise.resolve();
    const before = new Map(due.map(([chain]) => [chain, anchoredSeq.get(chain) ?? 0]));
    for (const [chain, head] of due) anchoredSeq.set(chain, head.seq);
    const signed = due.map(([chain, head]) => signHead({ chain, seq: head.seq, hash: head.hash }, new Date(), anchor.signingKey));
    const run: Promise<void> = (anchoring ?? Promise.resolve()).then(async () => {
      try {
        await anchor.witness.write(signed);
        counters.anchoredHeads += signed.length;
      } catch (error) {
        // Handed back: the next anchor tries these chains again.
        for (const [chain, head] of due) if (anchoredSeq.get(chain) === head.seq) anchoredSeq.set(chain, before.get(chain) ?? 0);
        counters.anchorFailures += 1;
        anchor.onError?.(error);
      }
    });
    anchoring = run;
    void run.finally(() => {
      if (anchoring === run) anchoring = undefined;
    });
    return run;
  }

  function committed(heads: ReadonlyArray<[string, Head]>, records: number): void {
    if (!options.anchor) return;
    for (const [chain, head] of heads) if ((latest.get(chain)?.seq ?? 0) < head.seq) latest.set(chain, head);
    sinceAnchor += records;
    const waited = Date.now() - lastAnchorAt;
    if (sinceAnchor >= everyRecords || waited >= everyMs) void anchorNow();
    else if (!anchorTimer) {
      anchorTimer = setTimeout(() => void anchorNow(), everyMs - waited);
      anchorTimer.unref();
    }
  }
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> | undefined;
  /** When the batch being written started; undefined between batches. */
  let writingSince: number | undefined;
  /** The last readiness probe of the store, shared by the calls within READY_PROBE_REUSE_MS. */
  let probe: { at: number; result: Promise<boolean>; pending: boolean; ok: boolean } | undefined;
  let closing = false;

  function settle(entry: Pending, error?: Error): void {
    if (entry.settled) return;
    entry.settled = true;
    clearTimeout(entry.timer);
    if (error) {
      counters.rejected += 1;
      entry.reject(error);
    } else {
      counters.committed += 1;
      entry.resolve();
    }
  }

  async function append(tx: Queryable, batch: Pending[]): Promise<{ access: number; processing: number; heads: [string, Head][] }> {
    const { rows } = await tx.query<{ chain_id: string; head_seq: number; head_hash: string }>(
      `SELECT chain_id, head_seq, head_hash FROM protocol_chain
       WHERE chain_id = ANY($1::text[]) ORDER BY chain_id FOR NO KEY UPDATE`,
      [[chains.access, chains.processing]],
    );
    const headOf = (chainId: string): Head => {
      const row = rows.find((r) => r.chain_id === chainId);
      if (!row) throw new Error(`protocol chain ${chainId} is missing`);
      return { seq: row.head_seq, hash: row.head_hash };
    };
    let accessHead = headOf(chains.access);
    let processingHead = headOf(chains.processing);
    const accessRows: Row[] = [];
    const processingRows: Row[] = [];
    for (const entry of batch) {
      const link = { chainId: chains.access, seq: accessHead.seq + 1, prevHash: accessHead.hash };
      const hash = recordHash('access', link, entry.access);
      accessRows.push(accessValues(link, hash, entry.access));
      accessHead = { seq: link.seq, hash };
      for (const p of entry.processing) {
        const plink = { chainId: chains.processing, seq: processingHead.seq + 1, prevHash: processingHead.hash };
        const phash = recordHash('processing', plink, p);
        processingRows.push(processingValues(plink, phash, p));
        processingHead = { seq: plink.seq, hash: phash };
      }
    }
    await insertRows(tx, 'protocol_access', ACCESS_COLUMNS, ACCESS_CASTS, accessRows);
    await insertRows(tx, 'protocol_processing', PROCESSING_COLUMNS, PROCESSING_CASTS, processingRows);
    const heads: [string, Head][] = [[chains.access, accessHead]];
    if (processingRows.length > 0) heads.push([chains.processing, processingHead]);
    await tx.query(
      `UPDATE protocol_chain c SET head_seq = v.seq, head_hash = v.hash
       FROM (VALUES ${heads.map((_, i) => `($${i * 3 + 1}::text, $${i * 3 + 2}::int8, $${i * 3 + 3}::text)`).join(', ')})
         AS v (chain_id, seq, hash)
       WHERE c.chain_id = v.chain_id`,
      heads.flatMap(([chainId, head]) => [chainId, head.seq, head.hash]),
    );
    return { access: accessRows.length, processing: processingRows.length, heads };
  }

  async function flush(): Promise<void> {
    if (timer) {
      clearTimeout(timer);
      timer = undefined;
    }
    // Entries that already timed out are dropped: their callers have been answered.
    // Up to batchMaxSize requests and batchMaxRows rows (one request at least, whatever its size).
    let take = 0;
    let rows = 0;
    while (take < queue.length && take < batchMaxSize && (take === 0 || rows + 1 + queue[take].processing.length <= batchMaxRows)) {
      rows += 1 + queue[take].processing.length;
      take += 1;
    }
    const batch = queue.splice(0, take).filter((e) => !e.settled);
    if (batch.length === 0) return;
    counters.transactions += 1;
    const began = performance.now();
    const observe = (ok: boolean) => options.onTransaction?.({ requests: batch.length, rows, seconds: (performance.now() - began) / 1000, ok });
    const attempt = store.transaction((tx) => append(tx, batch)).then(
      (written) => {
        observe(true);
        counters.accessRecords += written.access;
        counters.processingRecords += written.processing;
        counters.largestBatch = Math.max(counters.largestBatch, batch.length);
        for (const entry of batch) settle(entry);
        committed(written.heads, batch.length);
      },
      (error: unknown) => {
        observe(false);
        counters.failedTransactions += 1;
        for (const entry of batch) settle(entry, new ProtocolUnavailableError(failureReason(error), { cause: error }));
      },
    );
    // Given up after the write timeout: the entries' own timers have answered their callers by then.
    let giveUp: NodeJS.Timeout | undefined;
    writingSince = Date.now();
    try {
      await Promise.race([attempt, new Promise<void>((resolve) => (giveUp = setTimeout(resolve, writeTimeoutMs)))]);
    } finally {
      clearTimeout(giveUp);
      writingSince = undefined;
    }
  }

  /** Starts a flush unless one is running; after it, keeps going while records are queued. */
  function startFlush(): void {
    if (inFlight) return;
    inFlight = (async () => {
      try {
        do {
          await flush();
        } while (queue.length > 0);
      } finally {
        inFlight = undefined;
      }
    })();
  }

  function schedule(): void {
    if (inFlight) return; // the running flush loop picks the new entry up
    if (queue.length >= batchMaxSize || closing || batchMaxDelayMs <= 0) {
      startFlush();
    } else if (!timer) {
      timer = setTimeout(() => {
        timer = undefined;
        startFlush();
      }, batchMaxDelayMs);
    }
  }

  return {
    instanceId,
    chains,

    record(access: AccessRecord, processing: readonly ProcessingRecord[]): Promise<void> {
      if (closing) return Promise.reject(new ProtocolUnavailableError('closed'));
      let storedAccess: StoredAccess;
      let storedProcessing: StoredProcessing[];
      try {
        storedAccess = normalizeAccess(access);
        // What was asked is kept sealed only: without keys it is not kept at all.
        if (options.subjects && access.asked?.length) storedAccess = { ...storedAccess, askedSealed: options.subjects.sealEvidence('asked', access.asked) };
        if (options.subjects && access.signedToken) storedAccess = { ...storedAccess, tokenSealed: options.subjects.sealEvidence('token', access.signedToken) };
        // So is what was disclosed about addresses: an address points to a household.
        if (options.subjects && access.addresses?.length) storedAccess = { ...storedAccess, addressesSealed: options.subjects.sealEvidence('addresses', [...access.addresses]) };
        if (!Array.isArray(processing)) throw new ProtocolRecordInvalidError('processing must be an array');
        storedProcessing = processing.map(normalizeProcessing);
        const keyring = options.subjects;
        if (keyring) storedProcessing = storedProcessing.map((p) => ({ ...p, ...keyring.protect(p.subjectType, p.subjectId) }));
        if (storedProcessing.some((p) => p.operationId !== storedAccess.operationId)) {
          throw new ProtocolRecordInvalidError("a processing record's operationId differs from its access record's");
        }
      } catch (error) {
        counters.rejected += 1;
        return Promise.reject(error);
      }
      if (queue.length >= maxQueue) {
        counters.rejected += 1;
        return Promise.reject(new ProtocolUnavailableError('overloaded'));
      }
      counters.calls += 1;
      return new Promise<void>((resolve, reject) => {
        const entry: Pending = {
          access: storedAccess,
          processing: storedProcessing,
          resolve,
          reject,
          settled: false,
          timer: setTimeout(() => settle(entry, new ProtocolUnavailableError('timeout')), writeTimeoutMs),
        };
        queue.push(entry);
        schedule();
      });
    },

    async ready(): Promise<boolean> {
      if (closing) return false;
      // A write that lags: the store is down for the records, whatever a fresh connection says.
      if (writingSince !== undefined && Date.now() - writingSince > Math.min(READY_LAG_MS, writeTimeoutMs / 2)) return false;
      // Could a write go through now: a connection, and the chain head's lock (the one batches take),
      // within the deadline. One probe at a time, and a good answer shared for a second: the health
      // endpoint is unauthenticated, and a flood of probes must not take turns with the writes for that lock.
      if (probe && (probe.pending || (probe.ok && Date.now() - probe.at < READY_PROBE_REUSE_MS))) return probe.result;
      const check = store
        .transaction(async (tx) => {
          await tx.exec(`SET LOCAL lock_timeout = '${READY_TIMEOUT_MS}ms'`);
          return tx.query('SELECT 1 FROM protocol_chain WHERE chain_id = $1 FOR NO KEY UPDATE', [chains.access]);
        })
        .then((r) => r.rows.length === 1);
      const deadline = new Promise<boolean>((resolve) => setTimeout(resolve, READY_TIMEOUT_MS, false).unref());
      const result = Promise.race([check, deadline]).catch(() => false);
      const current = { at: Date.now(), result, pending: true, ok: false };
      probe = current;
      void result.then((ok) => Object.assign(current, { pending: false, ok, at: Date.now() }));
      return result;
    },

    stats(): ProtocolLogStats {
      return { ...counters, queued: queue.length };
    },

    async close(): Promise<void> {
      closing = true;
      if (timer) {
        clearTimeout(timer);
        timer = undefined;
      }
      if (queue.length > 0) startFlush();
      while (inFlight) await inFlight;
      // The last heads to the witness, so that a drained instance leaves nothing unanchored.
      await anchorNow();
    },
  };
}
