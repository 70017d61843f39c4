// The export loop: for every sink on its own, every chain of both logs in seq order, in batches — read
// after the sink's cursor, map to ECS, send, and advance the cursor only when the sink confirmed the batch
// (at least once: a kill between the two re-sends that batch; nothing is ever skipped). Missing records are
// reported (an event to the sink, and in the result) and passed: pruned ones a checkpoint covers, and ones
// deleted otherwise (an alert; protocol:verify names the break) — the export never hangs on a gap.
//
// `runOnce()` exports until every chain is caught up; `start(intervalMs)` repeats that in the background
// (the facade, protocol:export without --once) and `stop()` ends the loop with a last round — after the
// protocol log's last records — gives up the leases and closes the sinks.
import type { Queryable } from '../../../base/storage/store.ts';
import { ExportCursors } from './cursor.ts';
import { gapToEcs, severityOf, toEcs, type ChainGap, type EcsDocument, type ExportRecord } from './ecs.ts';
import type { PersonalData } from './fields.ts';
import { checkpointRanges, covers, gapsIn, listChains, readBatch, type ChainInfo } from './reader.ts';
import type { ExportLine, ExportSink } from './sink.ts';
import { sleep } from '../../../base/time/sleep.ts';

export interface ExporterOptions {
  db: Queryable;
  sinks: readonly ExportSink[];
  personal: PersonalData;
  /** Lease holder: stable per process identity (`facade:<instance>`, `cli:<host>`). */
  owner: string;
  batchSize?: number;
  /** Records per second per sink; 0 or absent: no limit. */
  maxRate?: number;
  /** How long a chain's lease lasts without renewal. Default 60 s. */
  leaseMs?: number;
  onEvent?: (event: ExportEvent) => void;
  now?: () => Date;
}

export type ExportEvent =
  | { type: 'batch'; sink: string; chainId: string; firstSeq: number; lastSeq: number; records: number }
  | { type: 'gap'; sink: string; gap: ChainGap }
  | { type: 'leased-elsewhere'; sink: string; chainId: string }
  | { type: 'lease-lost'; sink: string; chainId: string }
  | { type: 'error'; sink: string; message: string };

export interface ChainExport {
  chainId: string;
  /** Records sent in this round, and the seqs the cursor moved over. */
  exported: number;
  fromSeq: number;
  toSeq: number;
}

export interface SinkExport {
  sink: string;
  description: string;
  exported: number;
  chains: ChainExport[];
  gaps: ChainGap[];
  /** Chains another exporter holds the lease of. */
  leasedElsewhere: string[];
  /** Why the sink stopped early (it did not confirm a batch; the cursor stays where it was confirmed). */
  error?: string;
}

export interface ExportRound {
  sinks: SinkExport[];
  exported: number;
  /** No sink failed and no records were missing outside retention. */
  ok: boolean;
}

export interface Exporter {
  runOnce(): Promise<ExportRound>;
  start(intervalMs: number): void;
  /** Ends the loop after a last round; gives up the leases, closes the sinks. Idempotent. */
  stop(): Promise<ExportRound | undefined>;
  /** Gives up the leases and closes the sinks, without a last round (after runOnce). */
  close(): Promise<void>;
}

export function toLine(doc: EcsDocument, time: string, log: string): ExportLine {
  return { id: (doc.event as { id: string }).id, json: JSON.stringify(doc), time, severity: severityOf(doc), msgid: `protocol_${log}` };
}

export function createExporter(options: ExporterOptions): Exporter {
  const batchSize = options.batchSize ?? 500;
  const now = options.now ?? (() => new Date());
  const emit = (event: ExportEvent) => options.onEvent?.(event);
  const leaseMs = options.leaseMs ?? 60_000;
  const cursors = new ExportCursors(options.db, options.owner, leaseMs);

  async function exportChain(sink: ExportSink, chain: ChainInfo, result: SinkExport, pace: () => Promise<void>): Promise<void> {
    const claimed = await cursors.claim(sink.name, chain.chainId);
    if (claimed === undefined) {
      result.leasedElsewhere.push(chain.chainId);
      emit({ type: 'leased-elsewhere', sink: sink.name, chainId: chain.chainId });
      return;
    }
    let cursor: number = claimed;
    const fromSeq = cursor;
    let exported = 0;
    let ranges: Array<{ firstSeq: number; lastSeq: number }> | undefined;
    const classify = async (gap: Omit<ChainGap, 'covered'>): Promise<ChainGap> => {
      ranges ??= await checkpointRanges(options.db, chain.chainId);
      const full = { ...gap, covered: covers(ranges, gap.firstSeq, gap.lastSeq) };
      result.gaps.push(full);
      emit({ type: 'gap', sink: sink.name, gap: full });
      return full;
    };
    for (;;) {
      const batch: ExportRecord[] = await readBatch(options.db, chain, cursor, batchSize);
      let through: number = batch.length ? batch[batch.length - 1].seq : cursor;
      const gaps = gapsIn(chain, cursor, batch);
      // The chain's head was read before the batch: records up to it are committed, so none after the
      // cursor means they were deleted (all of a chain pruned, or a tail cut off).
      if (batch.length === 0 && chain.headSeq > cursor) {
        gaps.push({ log: chain.log, chainId: chain.chainId, firstSeq: cursor + 1, lastSeq: chain.headSeq });
        through = chain.headSeq;
      }
      if (gaps.length === 0 && batch.length === 0) break;
      const lines: ExportLine[] = [];
      for (const gap of gaps) lines.push(toLine(gapToEcs(await classify(gap), now()), now().toISOString(), chain.log));
      for (const r of batch) lines.push(toLine(toEcs(r, options.personal), r.record.time, r.log));
      await sink.send(lines);
      if (!(await cursors.advance(sink.name, chain.chainId, through))) {
        emit({ type: 'lease-lost', sink: sink.name, chainId: chain.chainId });
        break;
      }
      if (batch.length) emit({ type: 'batch', sink: sink.name, chainId: chain.chainId, firstSeq: batch[0].seq, lastSeq: through, records: batch.length });
      exported += batch.length;
      result.exported += batch.length;
      cursor = through;
      await pace();
      if (batch.length < batchSize) break;
    }
    if (cursor > fromSeq) result.chains.push({ chainId: chain.chainId, exported, fromSeq: fromSeq + 1, toSeq: cursor });
  }

  async function exportSink(sink: ExportSink): Promise<SinkExport> {
    const result: SinkExport = { sink: sink.name, description: sink.description, exported: 0, chains: [], gaps: [], leasedElsewhere: [] };
    const started = Date.now();
    const pace = async () => {
      if (options.maxRate) await sleep((result.exported / options.maxRate) * 1000 - (Date.now() - started));
    };
    try {
      for (const chain of await listChains(options.db)) await exportChain(sink, chain, result, pace);
    } catch (error) {
      result.error = error instanceof Error ? error.message : String(error);
      emit({ type: 'error', sink: sink.name, message: result.error });
    }
    return result;
  }

  async function runOnce(): Promise<ExportRound> {
    const sinks = await Promise.all(options.sinks.map((sink) => exportSink(sink)));
    return {
      sinks,
      exported: sinks.reduce((n, s) => n + s.exported, 0),
      ok: sinks.every((s) => !s.error && s.gaps.every((g) => g.covered)),
    };
  }

  async function close(): Promise<void> {
    for (const sink of options.sinks) {
      await cursors.release(sink.name).catch(() => undefined);
      await sink.close().catch(() => undefined);
    }
  }

  let loop: Promise<void> | undefined;
  let stopped: Promise<ExportRound | undefined> | undefined;
  const wake = new AbortController();
  return {
    runOnce,
    start(intervalMs) {
      if (loop || stopped) return;
      loop = (async () => {
        while (!wake.signal.aborted) {
          await runOnce(); // problems are events; the next round tries again
          await sleep(intervalMs, wake.signal);
        }
      })();
    },
    stop() {
      stopped ??= (async () => {
        wake.abort();
        await loop;
        const last = await runOnce();
        await close();
        return last;
      })();
      return stopped;
    },
    close,
  };
}
