// The test-facing side of the mock BRP upstream: port 0, recorded requests, failure injection,
// keep-alive, and the standalone entry point.
import { spawn } from 'node:child_process';
import { request as httpRequest, Agent } from 'node:http';
import { once } from 'node:events';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startBrpMock, type BrpMock } from '../src/dev/mocks/brp/server.ts';
import { personen, postPersonen, problem } from './support/mock-brp-client.ts';

let mock: BrpMock;
beforeAll(async () => {
  mock = await startBrpMock({ port: 0 });
});
afterAll(async () => mock?.close());
beforeEach(() => mock.clearRequests());

const RAADPLEEG = { type: 'RaadpleegMetBurgerservicenummer', burgerservicenummer: ['999993653'], fields: ['naam.voornamen'] };

describe('startBrpMock', () => {
  it('listens on the real port behind port 0 and reports the base URL', () => {
    expect(mock.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/haalcentraal\/api\/brp$/);
    expect(mock.url).not.toContain(':0/');
  });

  it('records every request body and its headers, and clears them', async () => {
    await postPersonen(mock.url, RAADPLEEG, { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' });
    await postPersonen(mock.url, 'not json');
    expect(mock.requests).toHaveLength(2);
    expect(mock.requests[0]?.body).toEqual(RAADPLEEG);
    expect(mock.requests[0]?.headers.traceparent).toBe('00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01');
    expect(mock.requests[0]?.receivedAt).toBeInstanceOf(Date);
    expect(mock.requests[1]?.body).toBe('not json');
    mock.clearRequests();
    expect(mock.requests).toHaveLength(0);
  });

  it('two instances run side by side', async () => {
    const other = await startBrpMock({ port: 0 });
    try {
      expect(other.url).not.toBe(mock.url);
      expect(personen(await postPersonen(other.url, RAADPLEEG))).toEqual([{ naam: { voornamen: 'Suzanne' } }]);
      expect(mock.requests).toHaveLength(0);
    } finally {
      await other.close();
    }
  });
});

describe('failNext', () => {
  it('answers the next request with the given status and a problem+json body, then recovers', async () => {
    mock.failNext({ status: 503 });
    const failed = await postPersonen(mock.url, RAADPLEEG);
    expect(failed.status).toBe(503);
    expect(failed.contentType).toBe('application/problem+json');
    expect(problem(failed)).toMatchObject({ status: 503, code: 'notAvailable' });
    expect((await postPersonen(mock.url, RAADPLEEG)).status).toBe(200);
    expect(mock.requests).toHaveLength(2);
  });

  it('sends a given body verbatim; queued failures apply in order', async () => {
    mock.failNext({ status: 400, body: { code: 'paramsValidation', invalidParams: [{ name: 'burgerservicenummer' }] } });
    mock.failNext({ status: 500 });
    const first = await postPersonen(mock.url, RAADPLEEG);
    expect(first.status).toBe(400);
    expect(first.body).toEqual({ code: 'paramsValidation', invalidParams: [{ name: 'burgerservicenummer' }] });
    const second = await postPersonen(mock.url, RAADPLEEG);
    expect(second.status).toBe(500);
    expect(problem(second).code).toBe('serverError');
    expect((await postPersonen(mock.url, RAADPLEEG)).status).toBe(200);
  });

  it('delays a normal answer', async () => {
    mock.failNext({ delayMs: 150 });
    const started = Date.now();
    const res = await postPersonen(mock.url, RAADPLEEG);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(personen(res)).toEqual([{ naam: { voornamen: 'Suzanne' } }]);
  });

  it('drops the connection', async () => {
    mock.failNext({ destroySocket: true });
    await expect(postPersonen(mock.url, RAADPLEEG)).rejects.toThrow();
    expect((await postPersonen(mock.url, RAADPLEEG)).status).toBe(200);
  });
});

describe('keep-alive', () => {
  it('serves several requests over one connection', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const url = new URL(`${mock.url}/personen`);
    const sockets = new Set<unknown>();
    try {
      for (let i = 0; i < 3; i++) {
        const req = httpRequest(url, { method: 'POST', agent, headers: { 'content-type': 'application/json' } });
        req.on('socket', (s) => sockets.add(s));
        req.end(JSON.stringify(RAADPLEEG));
        const [res] = (await once(req, 'response')) as [import('node:http').IncomingMessage];
        expect(res.statusCode).toBe(200);
        res.resume();
        await once(res, 'end');
      }
      expect(sockets.size).toBe(1);
    } finally {
      agent.destroy();
    }
  });
});

describe('npm run mock:brp', () => {
  it('logs one JSON line with its URL and serves it', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/dev/mocks/brp/standalone.ts'], {
      env: { ...process.env, PORT: '0' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const [chunk] = (await once(child.stdout, 'data')) as [Buffer];
      const line = JSON.parse(chunk.toString('utf8').trim().split('\n')[0] ?? '') as { url: string; level: string };
      expect(line.level).toBe('info');
      expect(line.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/haalcentraal\/api\/brp$/);
      expect(personen(await postPersonen(line.url, RAADPLEEG))).toEqual([{ naam: { voornamen: 'Suzanne' } }]);
    } finally {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  });
});
