// Reads the chains for the export: every chain of both logs, its records in seq order after a cursor, in
// batches, and where records are missing, whether retention checkpoints cover them. Seqs of a chain are
// committed in order (each append holds the chain's head lock until it commits), so a batch never
// overtakes a record still being written: a gap is a deletion, never a record in flight.
import type { Queryable } from '../../../base/storage/store.ts';
import {
  ACCESS_COLUMNS,
  PROCESSING_COLUMNS,
  accessFromRow,
  processingFromRow,
  tableFor,
  type AccessRow,
  type ProcessingRow,
} from '../hash-chain.ts';
import type { LogKind } from '../types.ts';
import type { ChainGap, ExportRecord } from './ecs.ts';

export interface ChainInfo {
  chainId: string;
  log: LogKind;
  headSeq: number;
}

export async function listChains(db: Queryable): Promise<ChainInfo[]> {
  const { rows } = await db.query<{ chain_id: string; log: LogKind; head_seq: number }>(
    'SELECT chain_id, log, head_seq FROM protocol_chain ORDER BY log, chain_id',
  );
  return rows.map((r) => ({ chainId: r.chain_id, log: r.log, headSeq: r.head_seq }));
}

/** Up to `limit` records of the chain with seq > `afterSeq`, in seq order. */
export async function readBatch(db: Queryable, chain: ChainInfo, afterSeq: number, limit: number): Promise<ExportRecord[]> {
  const columns = chain.log === 'access' ? ACCESS_COLUMNS : PROCESSING_COLUMNS;
  const { rows } = await db.query<AccessRow | ProcessingRow>(
    `SELECT ${columns.join(', ')} FROM ${tableFor(chain.log)} WHERE chain_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
    [chain.chainId, afterSeq, limit],
  );
  return rows.map((row) => ({
    log: chain.log,
    chainId: row.chain_id,
    seq: row.seq,
    hash: row.hash,
    prevHash: row.prev_hash,
    record: chain.log === 'access' ? accessFromRow(row as AccessRow) : processingFromRow(row as ProcessingRow),
  }));
}

/** The seq ranges the chain's retention checkpoints cover. */
export async function checkpointRanges(db: Queryable, chainId: string): Promise<Array<{ firstSeq: number; lastSeq: number }>> {
  const { rows } = await db.query<{ first_seq: number; last_seq: number }>(
    'SELECT first_seq, last_seq FROM protocol_checkpoint WHERE chain_id = $1 ORDER BY first_seq',
    [chainId],
  );
  return rows.map((r) => ({ firstSeq: r.first_seq, lastSeq: r.last_seq }));
}

/** The gaps of a batch read after `afterSeq` (before its first record, and between its records). */
export function gapsIn(chain: ChainInfo, afterSeq: number, batch: readonly ExportRecord[]): Array<Omit<ChainGap, 'covered'>> {
  const gaps: Array<Omit<ChainGap, 'covered'>> = [];
  let expected = afterSeq + 1;
  for (const r of batch) {
    if (r.seq > expected) gaps.push({ log: chain.log, chainId: chain.chainId, firstSeq: expected, lastSeq: r.seq - 1 });
    expected = r.seq + 1;
  }
  return gaps;
}

/** Whether the ranges cover every seq of first..last. */
export function covers(ranges: ReadonlyArray<{ firstSeq: number; lastSeq: number }>, first: number, last: number): boolean {
  let next = first;
  for (const r of [...ranges].sort((a, b) => a.firstSeq - b.firstSeq)) {
    if (r.firstSeq > next) break;
    if (r.lastSeq >= next) next = r.lastSeq + 1;
    if (next > last) return true;
  }
  return next > last;
}
