// The verifier: re-reads every chain from the database, recomputes every hash and link, and names
// the first broken link per chain. It trusts nothing stored except what it can recompute, so it
// catches tampering by anyone who could bypass the append-only triggers (a DBA, a restored backup).
//
// All reads happen in one REPEATABLE READ READ ONLY transaction: chain heads and records come from
// one snapshot, so records appended while the verifier runs are not mistaken for insertions.
import type { KeyObject } from 'node:crypto';
import type { Queryable, Store } from '../../base/storage/store.ts';
import { checkCheckpoint, keyFingerprint, toVerifyKey, type CheckpointRow } from './checkpoint.ts';
import {
  ACCESS_COLUMNS,
  GENESIS_HASH,
  PROCESSING_COLUMNS,
  accessFromRow,
  processingFromRow,
  recordHash,
  tableFor,
  type AccessRow,
  type ChainColumns,
  type ProcessingRow,
} from './hash-chain.ts';
import type { LogKind } from './types.ts';
import { checkSignedHead, type Witness } from './witness.ts';

export type BreakKind =
  /** The record's content (or its stored hash) was changed: recomputed hash ≠ stored hash. */
  | 'hash_mismatch'
  /** The record does not link to the stored predecessor (which was altered, or this link was edited). */
  | 'prev_hash_mismatch'
  /** Records are missing: deleted (a gap in seq, a removed start or tail). */
  | 'missing_seq'
  /** Records were moved: a record links to one that now sits after it. */
  | 'reordered'
  /** A record that the chain does not account for: skipped by its successor, a duplicate seq, or beyond the head. */
  | 'inserted'
  /** The chain head (protocol_chain) disagrees with the last record. */
  | 'head_mismatch'
  /** A checkpoint whose signature, key or fingerprint does not verify. */
  | 'checkpoint_signature_invalid'
  /** A validly signed checkpoint by a key that is not the trusted one. */
  | 'checkpoint_untrusted_key'
  /** A checkpoint that does not fit the chain (wrong hash, count or range). */
  | 'checkpoint_mismatch'
  /** A head the witness kept is not in the chain any more with that hash: the tail was rewritten. */
  | 'witness_mismatch'
  /** The witness saw the chain further than it now goes: its tail was removed. */
  | 'witness_ahead'
  /** The witness kept a head of a chain that is not in the database. */
  | 'witness_chain_missing'
  /** A witnessed head whose signature does not verify, or an unreadable witness entry. */
  | 'witness_signature_invalid'
  /** A witnessed head signed by a key that is not the trusted one. */
  | 'witness_untrusted_key';

export interface BrokenLink {
  chainId: string;
  log: LogKind;
  /** The first seq at which the chain is broken. */
  seq: number;
  kind: BreakKind;
  detail: string;
}

export interface ChainReport {
  chainId: string;
  log: LogKind;
  instanceId: string;
  headSeq: number;
  /** The head's hash: worth anchoring outside the database (see README, Limits). */
  headHash: string;
  /** Records read and checked. */
  records: number;
  firstSeq?: number;
  lastSeq?: number;
  checkpoints: number;
  /** Highest seq covered by a checkpoint (0: nothing pruned). */
  prunedThrough: number;
  ok: boolean;
  break?: BrokenLink;
}

export interface CheckpointKeyReport {
  fingerprint: string;
  /** true/false when trusted keys were given; undefined when there was nothing to compare with. */
  trusted?: boolean;
  checkpoints: number;
}

export interface VerifyResult {
  ok: boolean;
  chains: ChainReport[];
  /** The first broken link of each broken chain. */
  breaks: BrokenLink[];
  records: number;
  checkpointKeys: CheckpointKeyReport[];
  /** Whether checkpoint keys were checked against trusted keys. */
  keysPinned: boolean;
  /** With a witness: the heads it kept, and how many of them were found in their chains. */
  witness?: { heads: number; confirmed: number; unreadable: number };
}

export interface VerifyOptions {
  /** Public keys (or SPKI PEM) that may sign checkpoints. Without them any valid signature passes. */
  trustedKeys?: readonly (KeyObject | string)[];
  /** Rows read per query. */
  pageSize?: number;
  /** Signed heads kept outside the database (witness.ts): each must still be in its chain. */
  witness?: Awaited<ReturnType<Witness['read']>>;
}

export interface ChainHeadRow {
  chain_id: string;
  log: LogKind;
  instance_id: string;
  head_seq: number;
  head_hash: string;
}

type AnyRow = (AccessRow | ProcessingRow) & ChainColumns;

/** Reads one chain in seq order, a page at a time, with one row of look-ahead. */
class ChainCursor {
  private page: AnyRow[] = [];
  private index = 0;
  private done = false;
  private after: { seq: number; hash: string } = { seq: 0, hash: '' };

  constructor(
    private readonly tx: Queryable,
    private readonly sql: string,
    private readonly chainId: string,
    private readonly pageSize: number,
    private readonly untilSeq: number,
  ) {}

  private async fill(): Promise<void> {
    if (this.index < this.page.length || this.done) return;
    // Keyset on (seq, hash): even duplicate seqs (a dropped primary key) are all read, once.
    const { rows } = await this.tx.query<AnyRow>(this.sql, [
      this.chainId,
      this.after.seq,
      this.after.hash,
      this.untilSeq,
      this.pageSize,
    ]);
    this.page = rows;
    this.index = 0;
    if (rows.length < this.pageSize) this.done = true;
    const last = rows[rows.length - 1];
    if (last) this.after = { seq: last.seq, hash: last.hash };
  }

  async peek(): Promise<AnyRow | undefined> {
    await this.fill();
    return this.page[this.index];
  }

  async next(): Promise<AnyRow | undefined> {
    const row = await this.peek();
    if (row) this.index += 1;
    return row;
  }
}

function contentHash(log: LogKind, row: AnyRow, seq: number, prevHash: string): string {
  const record = log === 'access' ? accessFromRow(row as AccessRow) : processingFromRow(row as ProcessingRow);
  return recordHash(log, { chainId: row.chain_id, seq, prevHash }, record);
}

async function seqOfHash(tx: Queryable, log: LogKind, chainId: string, hash: string): Promise<number | undefined> {
  const { rows } = await tx.query<{ seq: number }>(
    `SELECT seq FROM ${tableFor(log)} WHERE chain_id = $1 AND hash = $2 ORDER BY seq LIMIT 1`,
    [chainId, hash],
  );
  return rows[0]?.seq;
}

export interface VerifyChainOptions {
  trusted?: ReadonlySet<string>;
  /** Collects the checkpoint keys seen. */
  keys?: Map<string, CheckpointKeyReport>;
  pageSize?: number;
  /**
   * Ignore records beyond this seq. The verifier reads all (a record beyond the head is an
   * insertion); prune, which reads without a snapshot while instances keep appending, passes the
   * head it locked on.
   */
  untilSeq?: number;
}

/** Verifies one chain with the given (already loaded) checkpoints; see `verify`. */
export async function verifyChain(
  tx: Queryable,
  chain: ChainHeadRow,
  checkpoints: readonly CheckpointRow[],
  options: VerifyChainOptions = {},
): Promise<ChainReport> {
  const trusted = options.trusted;
  const keys = options.keys ?? new Map<string, CheckpointKeyReport>();
  const pageSize = options.pageSize ?? 2_000;
  const log = chain.log;
  const report: ChainReport = {
    chainId: chain.chain_id,
    log,
    instanceId: chain.instance_id,
    headSeq: chain.head_seq,
    headHash: chain.head_hash,
    records: 0,
    checkpoints: checkpoints.length,
    prunedThrough: 0,
    ok: true,
  };
  const broken = (seq: number, kind: BreakKind, detail: string): ChainReport => {
    report.ok = false;
    report.break = { chainId: chain.chain_id, log, seq, kind, detail };
    return report;
  };

  // Checkpoints first: each must verify, and together they must cover 1..n without gaps.
  let covered = 0;
  const anchors = new Map<number, string>([[0, GENESIS_HASH]]);
  for (const cp of checkpoints) {
    const check = checkCheckpoint(cp, trusted);
    const key = keys.get(check.fingerprint) ?? {
      fingerprint: check.fingerprint,
      trusted: trusted ? trusted.has(check.fingerprint) : undefined,
      checkpoints: 0,
    };
    key.checkpoints += 1;
    keys.set(check.fingerprint, key);
    if (!check.ok) {
      const kind = check.problem === 'untrusted_key' ? 'checkpoint_untrusted_key' : 'checkpoint_signature_invalid';
      return broken(cp.last_seq, kind, `checkpoint through seq ${cp.last_seq}: ${check.detail}`);
    }
    if (cp.first_seq !== covered + 1 || cp.removed_count !== cp.last_seq - cp.first_seq + 1) {
      return broken(
        cp.first_seq,
        'checkpoint_mismatch',
        `checkpoint ${cp.first_seq}..${cp.last_seq} (count ${cp.removed_count}) does not continue from seq ${covered}`,
      );
    }
    covered = cp.last_seq;
    anchors.set(cp.last_seq, cp.last_hash);
  }
  report.prunedThrough = covered;

  const columns = log === 'access' ? ACCESS_COLUMNS : PROCESSING_COLUMNS;
  const cursor = new ChainCursor(
    tx,
    `SELECT ${columns.join(', ')} FROM ${tableFor(log)}
     WHERE chain_id = $1 AND (seq, hash) > ($2::int8, $3::text) AND seq <= $4::int8
     ORDER BY seq, hash LIMIT $5`,
    chain.chain_id,
    pageSize,
    options.untilSeq ?? Number.MAX_SAFE_INTEGER,
  );

  let prev: { seq: number; hash: string } | undefined;
  for (let row = await cursor.next(); row; row = await cursor.next()) {
    report.records += 1;
    report.firstSeq ??= row.seq;
    report.lastSeq = row.seq;
    const s = row.seq;

    if (s > chain.head_seq) {
      return broken(s, 'inserted', `seq ${s} lies beyond the chain head (seq ${chain.head_seq})`);
    }
    if (!prev) {
      // The chain starts at seq 1 (genesis) or right after a checkpoint.
      const anchor = anchors.get(s - 1);
      if (anchor === undefined) {
        const from = Math.max(...[...anchors.keys()].filter((k) => k < s)) + 1;
        return broken(from, 'missing_seq', `records ${from}..${s - 1} are missing and no checkpoint covers them`);
      }
      prev = { seq: s - 1, hash: anchor };
    } else if (s === prev.seq) {
      return broken(s, 'inserted', `two records carry seq ${s}`);
    } else if (s > prev.seq + 1) {
      return broken(prev.seq + 1, 'missing_seq', `records ${prev.seq + 1}..${s - 1} are missing`);
    }

    const computed = contentHash(log, row, s, row.prev_hash);
    if (row.prev_hash !== prev.hash) {
      const linked = await seqOfHash(tx, log, chain.chain_id, row.prev_hash);
      if (linked !== undefined && linked > s) {
        return broken(s, 'reordered', `seq ${s} links to the record now at seq ${linked}, after it`);
      }
      if (linked !== undefined && linked < s - 1) {
        return broken(linked + 1, 'inserted', `seq ${s} links to seq ${linked}: records ${linked + 1}..${s - 1} were inserted`);
      }
      return broken(
        s,
        'prev_hash_mismatch',
        computed === row.hash
          ? `seq ${s} does not link to the stored seq ${s - 1}, which was altered or replaced`
          : `the link (prev_hash) of seq ${s} was altered`,
      );
    }
    if (computed !== row.hash) {
      const next = await cursor.peek();
      if (next && next.seq === s + 1 && next.prev_hash === row.prev_hash) {
        return broken(s, 'inserted', `seq ${s} was inserted: seq ${s + 1} links past it to seq ${s - 1}`);
      }
      return broken(s, 'hash_mismatch', `the content or hash of seq ${s} was altered`);
    }
    const anchor = anchors.get(s);
    if (anchor !== undefined && s > 0 && anchor !== row.hash) {
      return broken(s, 'checkpoint_mismatch', `seq ${s} differs from the hash its checkpoint recorded`);
    }
    prev = { seq: s, hash: row.hash };
  }

  // The end of the chain must be its head: otherwise the tail was removed (or the head moved).
  const last = prev ?? { seq: covered, hash: anchors.get(covered) ?? GENESIS_HASH };
  if (last.seq < chain.head_seq) {
    return broken(last.seq + 1, 'missing_seq', `records ${last.seq + 1}..${chain.head_seq} (up to the chain head) are missing`);
  }
  if (last.seq > chain.head_seq) {
    return broken(chain.head_seq + 1, 'inserted', `checkpoints reach seq ${last.seq}, beyond the chain head ${chain.head_seq}`);
  }
  if (last.hash !== chain.head_hash) {
    return broken(last.seq, 'head_mismatch', `the chain head's hash differs from the hash of seq ${last.seq}`);
  }
  return report;
}

export const CHECKPOINT_COLUMNS =
  'chain_id, last_seq, first_seq, last_hash, removed_count, cutoff, created_at, public_key, key_fingerprint, signature';

export function trustedFingerprints(keys: readonly (KeyObject | string)[] | undefined): Set<string> | undefined {
  return keys?.length ? new Set(keys.map((k) => keyFingerprint(toVerifyKey(k)))) : undefined;
}

export async function verify(store: Store, options: VerifyOptions = {}): Promise<VerifyResult> {
  const trusted = trustedFingerprints(options.trustedKeys);
  const pageSize = options.pageSize ?? 2_000;
  return store.transaction(
    async (tx) => {
      const { rows: chains } = await tx.query<ChainHeadRow>(
        'SELECT chain_id, log, instance_id, head_seq, head_hash FROM protocol_chain ORDER BY chain_id',
      );
      const { rows: allCheckpoints } = await tx.query<CheckpointRow>(
        `SELECT ${CHECKPOINT_COLUMNS} FROM protocol_checkpoint ORDER BY chain_id, last_seq`,
      );
      const keys = new Map<string, CheckpointKeyReport>();
      const reports: ChainReport[] = [];
      for (const chain of chains) {
        const checkpoints = allCheckpoints.filter((c) => c.chain_id === chain.chain_id);
        reports.push(await verifyChain(tx, chain, checkpoints, { trusted, keys, pageSize }));
      }
      const witness = options.witness ? await checkWitness(tx, options.witness, chains, allCheckpoints, reports, trusted) : undefined;
      const breaks = reports.flatMap((r) => (r.break ? [r.break] : []));
      return {
        ...(witness ? { witness } : {}),
        // An entry of the witness that cannot be read fails the run too: it may be a head someone removed the meaning of.
        ok: breaks.length === 0 && (witness?.unreadable ?? 0) === 0,
        chains: reports,
        breaks,
        records: reports.reduce((n, r) => n + r.records, 0),
        checkpointKeys: [...keys.values()],
        keysPinned: trusted !== undefined,
      };
    },
    { isolation: 'repeatable read', readOnly: true },
  );
}

/**
 * Every head the witness kept must still be in its chain with the same hash (or sit behind a
 * checkpoint that ends on it). The first witnessed head of a chain that fails is that chain's
 * break when the chain itself verified: a tail rewritten together with its head.
 */
async function checkWitness(
  tx: Queryable,
  witness: NonNullable<VerifyOptions['witness']>,
  chains: readonly ChainHeadRow[],
  checkpoints: readonly CheckpointRow[],
  reports: ChainReport[],
  trusted: ReadonlySet<string> | undefined,
): Promise<NonNullable<VerifyResult['witness']>> {
  let confirmed = 0;
  const breakAt = (chainId: string, seq: number, kind: BreakKind, detail: string) => {
    const report = reports.find((r) => r.chainId === chainId);
    if (!report) return;
    report.ok = false;
    if (!report.break || (report.break.kind.startsWith('witness_') && seq < report.break.seq)) report.break = { chainId, log: report.log, seq, kind, detail };
  };
  for (const { head, source } of witness.heads) {
    const check = checkSignedHead(head, trusted);
    const chain = chains.find((c) => c.chain_id === head.chain);
    if (!chain) {
      // A chain the witness knows and the database does not: report it as a chain of its own.
      const log: LogKind = head.chain.startsWith('processing:') ? 'processing' : 'access';
      if (!reports.some((r) => r.chainId === head.chain)) {
        reports.push({ chainId: head.chain, log, instanceId: head.chain.slice(log.length + 1), headSeq: 0, headHash: '', records: 0, checkpoints: 0, prunedThrough: 0, ok: false });
      }
      breakAt(head.chain, head.seq, 'witness_chain_missing', `${source}: the witness kept seq ${head.seq} of a chain the database does not have`);
      continue;
    }
    if (!check.ok) {
      breakAt(head.chain, head.seq, check.problem === 'untrusted_key' ? 'witness_untrusted_key' : 'witness_signature_invalid', `${source}: ${check.detail}`);
      continue;
    }
    if (head.seq > chain.head_seq) {
      breakAt(head.chain, head.seq, 'witness_ahead', `the witness kept seq ${head.seq}; the chain now ends at ${chain.head_seq}`);
      continue;
    }
    const pruned = checkpoints.filter((c) => c.chain_id === head.chain && c.first_seq <= head.seq && head.seq <= c.last_seq);
    if (pruned.length > 0) {
      const ending = pruned.find((c) => c.last_seq === head.seq);
      if (ending && ending.last_hash !== head.hash) breakAt(head.chain, head.seq, 'witness_mismatch', `the checkpoint ending at seq ${head.seq} names another hash than the witness kept`);
      else confirmed += 1;
      continue;
    }
    const { rows } = await tx.query<{ hash: string }>(`SELECT hash FROM ${tableFor(chain.log)} WHERE chain_id = $1 AND seq = $2`, [head.chain, head.seq]);
    if (rows.length === 0) breakAt(head.chain, head.seq, 'witness_mismatch', `seq ${head.seq}, kept by the witness, is not in the chain`);
    else if (rows[0].hash !== head.hash) breakAt(head.chain, head.seq, 'witness_mismatch', `seq ${head.seq} has another hash than the witness kept: the chain was rewritten from there or before`);
    else confirmed += 1;
  }
  return { heads: witness.heads.length, confirmed, unreadable: witness.unreadable.length };
}
