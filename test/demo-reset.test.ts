// npm run demo:reset: the embedded demo store back to an empty protocol log and the demo registry;
// never a PostgreSQL database, never under a running facade.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { invoke } from '../src/base/storage/cli-support.ts';
import { openStore } from '../src/base/storage/open-store.ts';
import { HELP, main } from '../src/dev/demo-reset.ts';

const root = mkdtempSync(join(tmpdir(), 'facade-demo-reset-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function run(env: Record<string, string>) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await invoke(main, [], env, { out: (l) => out.push(l), err: (l) => err.push(l) }, HELP);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('demo:reset', () => {
  it('empties the protocol log and seeds the demo registry again', async () => {
    const dataDir = join(root, 'data');
    const store = await openStore({ dataDir: join(dataDir, 'db') });
    await store.query("INSERT INTO protocol_chain (chain_id, log, instance_id, head_hash) VALUES ('access:x', 'access', 'x', $1)", ['0'.repeat(64)]);
    await store.close();

    const reset = await run({ DATA_DIR: dataDir });
    expect(reset).toMatchObject({ code: 0, err: '' });
    expect(reset.out).toMatch(/^reset PGlite in .*: empty protocol log; demo Edu-V registry \(6 participants/);

    const after = await openStore({ dataDir: join(dataDir, 'db'), migrate: false });
    try {
      expect((await after.query('SELECT chain_id FROM protocol_chain')).rows).toEqual([]);
      expect((await after.query<{ n: number }>('SELECT count(*)::int AS n FROM eduv_participant')).rows).toEqual([{ n: 6 }]);
    } finally {
      await after.close();
    }
  });

  it('refuses with DATABASE_URL, whatever that database holds', async () => {
    const refused = await run({ DATABASE_URL: 'postgres://facade@127.0.0.1:9/facade' });
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/never touches DATABASE_URL/);
  });
});
