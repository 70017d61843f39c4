// `npm run migrate`: brings the database (DATABASE_URL, else PGlite in ${DATA_DIR:-./data}/db) to
// the current schema. Safe to run while facade instances run on PostgreSQL: migrations take an
// advisory lock. On PGlite the facade must be stopped (the data directory is locked).
import { openStore } from './open-store.ts';
import { migrate } from './migrate.ts';
import { runCli, storeLocationFromEnv, type CliMain } from './cli-support.ts';

export const main: CliMain = async (_argv, env, io) => {
  const location = storeLocationFromEnv(env);
  const store = await openStore({ ...location.options, migrate: false, workload: 'batch' });
  try {
    const result = await migrate(store);
    for (const m of result.applied) io.out(`applied ${m.file}`);
    io.out(
      `${location.description}: schema at version ${result.version}` +
        (result.applied.length ? ` (${result.applied.length} applied)` : ' (up to date)'),
    );
    return 0;
  } finally {
    await store.close();
  }
};

export const HELP = `usage: npm run migrate

Brings the database to the current schema: PostgreSQL with DATABASE_URL, else the embedded store in
\${DATA_DIR:-./data}/db. Safe while facade instances run on PostgreSQL (an advisory lock); stop the
facade first on the embedded store. Exit codes: 0 done, 2 configuration, 3 the database failed.`;

runCli(import.meta.url, main, HELP);
