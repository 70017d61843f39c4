// Upstream failures become GraphQL errors with stable codes and no upstream internals.
import { createServer } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BrpClient } from '../src/domains/brp/client.ts';
import { startHarness, type Harness } from './support/harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ brpTimeoutMs: 300 });
});
afterAll(async () => h?.close());
beforeEach(() => h.mock.clearRequests());

const Q = `{ persoon(burgerservicenummer: "999993653") { naam { voornamen } } }`;

describe('upstream failures', () => {
  it.each([
    [{ status: 500 }, 'UPSTREAM_UNAVAILABLE'],
    [{ status: 503, body: { title: 'Bronservice BRP is tijdelijk niet beschikbaar.', status: 503, code: 'notAvailable' } }, 'UPSTREAM_UNAVAILABLE'],
    [{ status: 403, body: { title: 'U bent niet geautoriseerd voor deze operatie.', status: 403, code: 'autorisation' } }, 'FORBIDDEN'],
    [{ delayMs: 1000 }, 'UPSTREAM_UNAVAILABLE'],
    [{ destroySocket: true }, 'UPSTREAM_UNAVAILABLE'],
  ])('%j → %s, without upstream detail', async (failure, code) => {
    h.mock.failNext(failure);
    const res = await h.query(Q);
    expect(res.body.data).toEqual({ persoon: null });
    expect(res.body.errors).toHaveLength(1);
    expect(res.body.errors?.[0].extensions?.code).toBe(code);
    expect(res.body.errors?.[0].path).toEqual(['persoon']);
    const text = JSON.stringify(res.body);
    for (const leak of ['Bronservice', 'autorisation', 'notAvailable', 'stacktrace', '127.0.0.1']) expect(text).not.toContain(leak);
  });

  it('maps a 400 with invalidParams to the argument it concerns', async () => {
    h.mock.failNext({
      status: 400,
      body: {
        type: 'https://www.w3.org/Protocols/rfc2616/rfc2616-sec10.html#sec10.4.1',
        title: 'Een of meerdere parameters zijn niet correct.',
        status: 400,
        code: 'paramsValidation',
        invalidParams: [{ name: 'burgerservicenummer', code: 'pattern', reason: 'Waarde voldoet niet aan patroon ^[0-9]{9}$.' }],
      },
    });
    const res = await h.query(Q);
    expect(res.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'burgerservicenummer' });
    expect(res.body.errors?.[0].message).not.toContain('patroon');
  });

  it('maps a refused connection to UPSTREAM_UNAVAILABLE', async () => {
    // A port that was free a moment ago: nothing listens there.
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as { port: number }).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const client = new BrpClient({ url: `http://127.0.0.1:${port}/haalcentraal/api/brp`, timeoutMs: 500 });
    await expect(client.personen({ type: 'RaadpleegMetBurgerservicenummer', burgerservicenummer: ['999993653'], fields: ['naam'] })).rejects.toMatchObject({
      kind: 'unavailable',
    });
    expect(await client.ready()).toBe(false);
    await client.close();
  });

  it('recovers on the next request', async () => {
    h.mock.failNext({ status: 500 });
    expect((await h.query(Q)).body.errors?.[0].extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
    const res = await h.query(Q);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data).toEqual({ persoon: { naam: { voornamen: 'Suzanne' } } });
  });
});
