// The persons one level reaches are fetched from the other BRP APIs concurrently, never more at once
// than BRP_MAX_CONNECTIONS: an upstream of this test's own holds every request until as many as the
// limit are in flight, then answers them together — a client that asked one at a time would never be
// answered, one that asked more would be seen exceeding the limit.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { BrpClient } from '../src/domains/brp/client.ts';
import { HistorieLoader } from '../src/domains/brp/historie/client.ts';

const BSNS = ['999993653', '999990378', '999991036', '000009957', '999970239', '999995078'];

async function gatedUpstream(batch: number, total: number) {
  let inFlight = 0;
  let maxInFlight = 0;
  let answered = 0;
  let held: ServerResponse[] = [];
  const release = () => {
    for (const res of held.splice(0)) res.writeHead(200, { 'content-type': 'application/json' }).end('{"verblijfplaatsen":[]}');
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    req.on('end', () => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      res.on('finish', () => {
        inFlight--;
        answered++;
      });
      held.push(res);
      // Release a full batch, or the last, smaller one.
      if (held.length === batch || answered + held.length === total) release();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, max: () => maxInFlight, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe('upstream concurrency of the BRP APIs', () => {
  const closers: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
  });

  it.each([2, 3, 6])('with BRP_MAX_CONNECTIONS=%i, six persons are asked that many at a time', async (limit) => {
    const upstream = await gatedUpstream(limit, BSNS.length);
    const client = new BrpClient({ url: upstream.url, timeoutMs: 5000, maxConnections: limit }, undefined, 'brp-historie', '/verblijfplaatshistorie');
    closers.push(upstream.close, () => client.close());
    const loader = new HistorieLoader(client);
    const answers = await Promise.all(BSNS.map((bsn) => loader.load(bsn, { type: 'RaadpleegMetPeildatum', peildatum: '2020-01-01' })));
    expect(answers).toHaveLength(BSNS.length);
    expect(upstream.max()).toBe(limit);
    expect(client.calls).toBe(BSNS.length);
  });

  it('asks each person and question once per request', async () => {
    const upstream = await gatedUpstream(2, 2);
    const client = new BrpClient({ url: upstream.url, timeoutMs: 5000, maxConnections: 4 }, undefined, 'brp-historie', '/verblijfplaatshistorie');
    closers.push(upstream.close, () => client.close());
    const loader = new HistorieLoader(client);
    const peildatum = { type: 'RaadpleegMetPeildatum', peildatum: '2020-01-01' } as const;
    await Promise.all([loader.load(BSNS[0], peildatum), loader.load(BSNS[0], { ...peildatum }), loader.load(BSNS[1], peildatum), loader.load(BSNS[0], peildatum)]);
    expect(client.calls).toBe(2);
  });
});
