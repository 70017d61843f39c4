// Retention: removes protocol records older than the retention period, only when run explicitly
// (npm run protocol:prune), and keeps every chain verifiable.
//
// Per chain, in one transaction:
// 1. verify the whole chain first — pruning must never sign off on a prefix someone tampered
//    with; a broken chain is left untouched and reported;
// 2. find the longest prefix whose records are all older than the cutoff (a chain is only ever
//    cut at one point: the remaining records must still link to the last removed one);
// 3. insert a checkpoint for that prefix, signed with the Ed25519 signing key;
// 4. delete the prefix — the append-only trigger allows exactly the rows a checkpoint covers.
// A failure anywhere rolls the chain's transaction back; other chains are unaffected.
import { createPublicKey, type KeyObject } from 'node:crypto';
import type { Queryable, Store } from '../../base/storage/store.ts';
import { keyFingerprint, signCheckpoint, toSigningKey, type CheckpointFields, type CheckpointRow } from './checkpoint.ts';
import { tableFor } from './hash-chain.ts';
import type { LogKind } from './types.ts';
import { CHECKPOINT_COLUMNS, trustedFingerprints, verifyChain, type BrokenLink, type ChainHeadRow } from './verify.ts';

export const DEFAULT_RETENTION_YEARS = 20;

export interface PruneOptions {
  /** Records with a time strictly before this are removed (those of an activity in `olderThanByActivity`: before its own). */
  olderThan: Date;
  /**
   * Retention per processing activity (the verwerkingsregister): a record of an activity here is
   * past its retention before this cutoff; records without one, or of another, use `olderThan`.
   */
  olderThanByActivity?: ReadonlyMap<string, Date>;
  /** Ed25519 private key (KeyObject or PKCS8 PEM) that signs the checkpoints. Required unless dryRun. */
  signingKey?: KeyObject | string;
  /**
   * Keys earlier checkpoints may be signed with (key rotation); the signing key's own is always
   * trusted. With neither (a dry run without keys) any validly signed checkpoint is accepted.
   */
  trustedKeys?: readonly (KeyObject | string)[];
  /** Report what would be removed; change nothing. */
  dryRun?: boolean;
  /** Checkpoint time; tests pin it. */
  now?: Date;
  /** Only these chains (default: all). */
  chainIds?: readonly string[];
}

export interface PruneChainResult {
  chainId: string;
  log: LogKind;
  /** Records removed (or, in a dry run, that would be). */
  removed: number;
  firstSeq?: number;
  lastSeq?: number;
  /** Set when the chain did not verify: nothing was removed from it. */
  refused?: BrokenLink;
  /**
   * Records past their retention that stay because an earlier record of the chain must (a chain is
   * cut at one point only); they go in a later run, once the records before them have.
   */
  heldBack?: number;
}

export interface PruneResult {
  olderThan: Date;
  dryRun: boolean;
  /** Fingerprint of the signing key (absent in a dry run without one). */
  keyFingerprint?: string;
  removed: number;
  chains: PruneChainResult[];
  /** True when every chain verified (none refused). */
  ok: boolean;
}

/** Same advisory-lock namespace idea as migrations: one prune per chain at a time. */
const LOCK_CLASS = 0x50524e45; // "PRNE"

/** The cutoff for a retention period in whole years before `now` (UTC calendar). */
export function retentionCutoff(years: number, now: Date = new Date()): Date {
  const cutoff = new Date(now.getTime());
  cutoff.setUTCFullYear(cutoff.getUTCFullYear() - years);
  return cutoff;
}

async function pruneChain(
  tx: Queryable,
  chainId: string,
  options: PruneOptions,
  signingKey: KeyObject | undefined,
  trusted: ReadonlySet<string> | undefined,
): Promise<PruneChainResult> {
  await tx.query('SELECT pg_advisory_xact_lock($1::int4, hashtext(current_schema() || $2::text))', [LOCK_CLASS, chainId]);
  const { rows: heads } = await tx.query<ChainHeadRow>(
    'SELECT chain_id, log, instance_id, head_seq, head_hash FROM protocol_chain WHERE chain_id = $1',
    [chainId],
  );
  const chain = heads[0];
  if (!chain) return { chainId, log: 'access', removed: 0 };
  const { rows: checkpoints } = await tx.query<CheckpointRow>(
    `SELECT ${CHECKPOINT_COLUMNS} FROM protocol_checkpoint WHERE chain_id = $1 ORDER BY last_seq`,
    [chainId],
  );
  // Instances keep appending while we work: check the chain up to the head read above.
  const report = await verifyChain(tx, chain, checkpoints, { trusted, untilSeq: chain.head_seq });
  if (!report.ok) return { chainId, log: chain.log, removed: 0, refused: report.break };
  if (report.lastSeq === undefined) return { chainId, log: chain.log, removed: 0 };

  const table = tableFor(chain.log);
  // A record's own cutoff: its activity's retention, else the default.
  const byActivity = [...(options.olderThanByActivity ?? new Map<string, Date>())];
  const cutoffOf = `COALESCE((SELECT r.cutoff FROM unnest($4::text[], $5::timestamptz[]) AS r(activity, cutoff) WHERE r.activity = t.processing_activity), $2::timestamptz)`;
  const params = [chainId, options.olderThan.toISOString(), chain.head_seq, byActivity.map(([a]) => a), byActivity.map(([, d]) => d.toISOString())];
  const { rows: keep } = await tx.query<{ seq: number | null }>(
    `SELECT min(seq) AS seq FROM ${table} t WHERE chain_id = $1 AND occurred_at >= ${cutoffOf} AND seq <= $3::int8`,
    params,
  );
  const firstKept = keep[0]?.seq ?? null;
  const lastSeq = firstKept === null ? report.lastSeq : firstKept - 1;
  const firstSeq = report.prunedThrough + 1;
  const { rows: held } = await tx.query<{ n: number | string }>(
    `SELECT count(*) AS n FROM ${table} t WHERE chain_id = $1 AND occurred_at < ${cutoffOf} AND seq > $6::int8 AND seq <= $3::int8`,
    [...params, Math.max(lastSeq, report.prunedThrough)],
  );
  const heldBack = Number(held[0]?.n ?? 0);
  if (lastSeq < firstSeq) return { chainId, log: chain.log, removed: 0, ...(heldBack ? { heldBack } : {}) };
  const removed = lastSeq - report.prunedThrough;
  if (options.dryRun || !signingKey) return { chainId, log: chain.log, removed, firstSeq, lastSeq, ...(heldBack ? { heldBack } : {}) };

  const { rows: lastRows } = await tx.query<{ hash: string }>(
    `SELECT hash FROM ${table} WHERE chain_id = $1 AND seq = $2::int8`,
    [chainId, lastSeq],
  );
  const fields: CheckpointFields = {
    chain_id: chainId,
    first_seq: firstSeq,
    last_seq: lastSeq,
    last_hash: lastRows[0].hash,
    removed_count: removed,
    cutoff: options.olderThan,
    created_at: options.now ?? new Date(),
  };
  const signed = signCheckpoint(fields, signingKey);
  await tx.query(
    `INSERT INTO protocol_checkpoint (${CHECKPOINT_COLUMNS})
     VALUES ($1, $2::int8, $3::int8, $4, $5::int8, $6::timestamptz, $7::timestamptz, $8, $9, $10)`,
    [
      fields.chain_id, fields.last_seq, fields.first_seq, fields.last_hash, fields.removed_count,
      fields.cutoff.toISOString(), fields.created_at.toISOString(), signed.public_key, signed.key_fingerprint,
      signed.signature,
    ],
  );
  const deleted = await tx.query(`DELETE FROM ${table} WHERE chain_id = $1 AND seq <= $2::int8`, [chainId, lastSeq]);
  if (deleted.rowCount !== removed) {
    throw new Error(`prune of ${chainId} would remove ${deleted.rowCount} records, expected ${removed}`);
  }
  return { chainId, log: chain.log, removed, firstSeq, lastSeq, ...(heldBack ? { heldBack } : {}) };
}

export async function prune(store: Store, options: PruneOptions): Promise<PruneResult> {
  if (!(options.olderThan instanceof Date) || Number.isNaN(options.olderThan.getTime())) {
    throw new TypeError('olderThan must be a valid Date');
  }
  if (!options.signingKey && !options.dryRun) throw new TypeError('a signing key is required to prune');
  const signingKey = options.signingKey ? toSigningKey(options.signingKey) : undefined;
  const fingerprint = signingKey ? keyFingerprint(createPublicKey(signingKey)) : undefined;
  let trusted = trustedFingerprints(options.trustedKeys);
  if (fingerprint) trusted = new Set([...(trusted ?? []), fingerprint]);

  const { rows } = await store.query<{ chain_id: string }>('SELECT chain_id FROM protocol_chain ORDER BY chain_id');
  const only = options.chainIds ? new Set(options.chainIds) : undefined;
  const chains: PruneChainResult[] = [];
  for (const { chain_id } of rows) {
    if (only && !only.has(chain_id)) continue;
    chains.push(await store.transaction((tx) => pruneChain(tx, chain_id, options, signingKey, trusted)));
  }
  return {
    olderThan: options.olderThan,
    dryRun: options.dryRun === true,
    keyFingerprint: fingerprint,
    removed: chains.reduce((n, c) => n + c.removed, 0),
    chains,
    ok: chains.every((c) => !c.refused),
  };
}
