// `npm run demo:reset`: the demo's embedded store back to its first state — an empty protocol log
// and the demo Edu-V registry (data/eduv/registry-seed.yaml) — for a fresh demonstration or after
// experiments. Only ever the embedded store: with DATABASE_URL it refuses, whatever that database
// holds. While the facade runs on the store it refuses too (the data directory is locked).
import { rmSync } from 'node:fs';
import { MEMORY_DATA_DIR, openStore, StoreNotFoundError } from '../base/storage/open-store.ts';
import { runCli, storeLocationFromEnv, UsageError, type CliMain } from '../base/storage/cli-support.ts';
import { createEduvRegistry } from '../domains/eduv/registry/registry.ts';
import { applyEduvSeed, loadEduvSeed } from '../domains/eduv/registry/seed.ts';

export const DEMO_SEED = 'data/eduv/registry-seed.yaml';

export const main: CliMain = async (_argv, env, io) => {
  const location = storeLocationFromEnv(env);
  const dataDir = location.options.dataDir;
  if (location.options.databaseUrl || !dataDir) throw new UsageError('demo:reset resets the embedded demo store only; it never touches DATABASE_URL (unset it)');
  if (dataDir === MEMORY_DATA_DIR) {
    io.out('DATA_DIR=memory://: the store lives as long as the facade; nothing to reset');
    return 0;
  }
  const seed = loadEduvSeed(DEMO_SEED);
  // Opened first so that a running facade (the directory's lock) stops the reset before anything is removed.
  try {
    const existing = await openStore({ dataDir, migrate: false, createIfMissing: false });
    await existing.close();
  } catch (error) {
    if (!(error instanceof StoreNotFoundError)) throw error;
  }
  rmSync(dataDir, { recursive: true, force: true });
  const store = await openStore({ dataDir });
  try {
    const summary = await applyEduvSeed(createEduvRegistry(store), seed);
    io.out(`reset ${location.description}: empty protocol log; demo Edu-V registry (${summary.participants} participants, ${summary.clients} clients, ${summary.aanbieders} aanbieders, ${summary.activationsChanged} activations)`);
  } finally {
    await store.close();
  }
  return 0;
};

export const HELP = `usage: npm run demo:reset

Empties the demo's embedded store (\${DATA_DIR:-./data}/db) and applies the demo Edu-V registry seed
again. Refuses with DATABASE_URL, and while a facade runs on the store (stop it first).`;

runCli(import.meta.url, main, HELP);
