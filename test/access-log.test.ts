// One JSON access-log line per request (pino: ISO time, level names), with the trace id, outcome,
// duration, purpose and client — and no BSN, no token, no employee; the BRP mock logs its own line
// in the same format with the same trace id.
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/base/log/logger.ts';
import { startBrpMock } from '../src/dev/mocks/brp/server.ts';
import { startHarness, type Harness } from './support/harness.ts';

const BSN = '999993653';

/** A pino destination that keeps the lines. */
function lines(): { stream: Writable; entries: Array<Record<string, unknown>>; text: string[] } {
  const text: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  return {
    stream,
    text,
    get entries() {
      return text.map((line) => JSON.parse(line) as Record<string, unknown>);
    },
  };
}

describe('access log', () => {
  const facadeLog = lines();
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ logger: createLogger('info', 'facade', facadeLog.stream) });
  });
  afterAll(async () => {
    await h?.close();
  });

  /** The access line of a trace, once the response has been sent (the line is written on close). */
  async function accessLine(traceId: string): Promise<Record<string, unknown>> {
    for (let i = 0; i < 50; i++) {
      const found = facadeLog.entries.find((e) => e.msg === 'request' && e.traceId === traceId);
      if (found) return found;
      await new Promise((resolve) => setImmediate(resolve));
    }
    throw new Error(`no access line for ${traceId}`);
  }

  it('writes one line per request: served, denied and unauthenticated, without personal data', async () => {
    const token = await h.token({ roles: ['wmo-consulent'] });
    const served = await h.query(`{ persoon(burgerservicenummer: "${BSN}") { naam { voornamen } } }`, { token });
    const refused = await h.query(`{ persoon(burgerservicenummer: "${BSN}") { naam { voornamen } } }`, { token: await h.token({ roles: ['parkeren'], client_id: 'unregistered-app' }) });
    const anonymous = await h.query(`{ persoon(burgerservicenummer: "${BSN}") { naam { voornamen } } }`, { token: null });
    const traceOf = (res: { headers: Headers }) => res.headers.get('traceresponse')!.split('-')[1];

    const ok = await accessLine(traceOf(served));
    expect(ok).toMatchObject({ level: 'info', service: 'facade', method: 'POST', path: '/graphql', status: 200, outcome: 'ok', purpose: 'wmo-aanvraag', clientId: 'procesapp' });
    expect(ok.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(typeof ok.durationMs).toBe('number');
    expect(ok.code).toBeUndefined();
    expect(await accessLine(traceOf(refused))).toMatchObject({ status: 403, outcome: 'denied', code: 'CLIENT_NOT_REGISTERED', clientId: 'unregistered-app' });
    expect(await accessLine(traceOf(anonymous))).toMatchObject({ status: 401, outcome: 'denied', code: 'UNAUTHENTICATED' });

    // One line per request, and nothing in any line that identifies a person or a session.
    for (const t of [served, refused, anonymous]) expect(facadeLog.entries.filter((e) => e.msg === 'request' && e.traceId === traceOf(t))).toHaveLength(1);
    const all = facadeLog.text.join('\n');
    for (const secret of [BSN, 'Suzanne', 'medewerker-test', token.slice(0, 40), 'Bearer']) expect(all).not.toContain(secret);
  });

  it('a body that is no JSON gets its line too', async () => {
    const res = await fetch(`${h.facade.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' });
    expect(res.status).toBe(400);
    expect(await accessLine(res.headers.get('traceresponse')!.split('-')[1])).toMatchObject({ status: 400, outcome: 'denied', code: 'BAD_REQUEST' });
  });

  it('the BRP mock logs in the same format, with the trace id the facade sent', async () => {
    const mockLog = lines();
    const mock = await startBrpMock({ port: 0, logger: createLogger('info', 'mock-brp', mockLog.stream) });
    try {
      const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
      const res = await fetch(`${mock.url}/personen`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
        body: JSON.stringify({ type: 'RaadpleegMetBurgerservicenummer', burgerservicenummer: [BSN], fields: ['naam'] }),
      });
      expect(res.status).toBe(200);
      await res.arrayBuffer();
      for (let i = 0; i < 50 && mockLog.entries.length === 0; i++) await new Promise((resolve) => setImmediate(resolve));
      const [line] = mockLog.entries;
      expect(line).toMatchObject({ level: 'info', service: 'mock-brp', msg: 'request', method: 'POST', status: 200, traceId });
      expect(line.time).toMatch(/^\d{4}-\d\d-\d\dT/);
      expect(String(line.path)).toMatch(/\/personen$/);
      expect(mockLog.text.join('\n')).not.toContain(BSN);
    } finally {
      await mock.close();
    }
  });
});
