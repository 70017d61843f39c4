// The facade's background exporter: on when a sink is configured (and PROTOCOL_EXPORT_IN_FACADE is not
// false). Started beside the protocol log, stopped after it on shutdown, so the last records go out too.
// What it logs names chains, seqs and sinks — never a record's content.
import type { Logger } from '../../../base/log/logger.ts';
import type { Mode } from '../../../base/config/variables.ts';
import type { Queryable } from '../../../base/storage/store.ts';
import { exportConfigFromEnv, exporterFor } from './config.ts';
import type { ExportEvent } from './exporter.ts';

export interface BackgroundExport {
  stop(): Promise<void>;
}

export function logExportEvent(logger: Logger, event: ExportEvent): void {
  switch (event.type) {
    case 'batch':
      logger.debug({ sink: event.sink, chain: event.chainId, firstSeq: event.firstSeq, lastSeq: event.lastSeq, records: event.records }, 'protocol records exported');
      break;
    case 'gap':
      if (event.gap.covered) logger.info({ sink: event.sink, chain: event.gap.chainId, firstSeq: event.gap.firstSeq, lastSeq: event.gap.lastSeq }, 'protocol records pruned before they were exported (a checkpoint covers them)');
      else logger.error({ sink: event.sink, chain: event.gap.chainId, firstSeq: event.gap.firstSeq, lastSeq: event.gap.lastSeq }, 'protocol records missing that no checkpoint covers (run protocol:verify)');
      break;
    case 'lease-lost':
      logger.warn({ sink: event.sink, chain: event.chainId }, 'another exporter took this chain over');
      break;
    case 'error':
      logger.warn({ sink: event.sink, err: event.message }, 'protocol export paused; the next round tries again from the cursor');
      break;
    default:
      break;
  }
}

/** Starts the exporter when configured; undefined otherwise. */
export function startBackgroundExport(db: Queryable, env: Readonly<Record<string, string | undefined>>, mode: Mode, instanceId: string, logger: Logger): BackgroundExport | undefined {
  const config = exportConfigFromEnv(env, mode);
  if (!config?.inFacade) return undefined;
  const run = exporterFor(config, db, { owner: `facade:${instanceId}`, onEvent: (event) => logExportEvent(logger, event) });
  run.exporter.start(config.intervalMs);
  logger.info({ sinks: run.sinks.map((s) => s.description), fields: [...config.fields], intervalSeconds: config.intervalMs / 1000 }, 'exporting the protocol log');
  return {
    async stop() {
      const last = await run.exporter.stop();
      logger.info({ exported: last?.exported ?? 0 }, 'protocol export stopped');
    },
  };
}
