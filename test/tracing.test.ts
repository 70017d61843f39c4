// OpenTelemetry: with an OTLP endpoint, the official SDK exports one server span per request and
// its children — authenticate, plan and authorise, each upstream call, the protocol commit — to an
// OTLP/HTTP receiver of this test's own, their parent links intact, the caller's trace continued,
// the BRP mock called with the upstream span as parent; no personal data in any attribute.
import { createServer, type Server } from 'node:http';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTracing, type Tracing } from '../src/pipeline/observe/tracing.ts';
import { startHarness, type Harness } from './support/harness.ts';

const BSN = '999993653';
const PARTNER_QUERY = `{ persoon(burgerservicenummer: "${BSN}") { naam { voornamen } partners { naam { voornamen } } } }`;

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes?: Array<{ key: string; value: Record<string, unknown> }>;
}

/** An OTLP/HTTP (JSON) traces receiver: what a collector gets. */
async function startReceiver(): Promise<{ url: string; spans: OtlpSpan[]; bodies: string[]; server: Server }> {
  const spans: OtlpSpan[] = [];
  const bodies: string[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    if (req.url === '/v1/traces' && req.method === 'POST') {
      bodies.push(text);
      const body = JSON.parse(text) as { resourceSpans: Array<{ scopeSpans: Array<{ spans: OtlpSpan[] }> }> };
      for (const rs of body.resourceSpans) for (const ss of rs.scopeSpans) spans.push(...ss.spans);
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}/v1/traces`, spans, bodies, server };
}

describe('OpenTelemetry spans over OTLP', () => {
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let tracing: Tracing;
  let h: Harness;
  beforeAll(async () => {
    receiver = await startReceiver();
    tracing = createTracing({ url: receiver.url, serviceName: 'facade-test', instanceId: 'test-0', exportDelayMs: 60_000 });
    h = await startHarness({ facade: { tracer: tracing.tracer } });
  });
  afterAll(async () => {
    await h?.close();
    await tracing?.shutdown();
    receiver?.server.close();
  });

  it('exports the request span with its children, continuing the caller\'s trace', async () => {
    const callerTrace = '4bf92f3577b34da6a3ce929d0e0e4736';
    const callerSpan = '00f067aa0ba902b7';
    const res = await h.query(PARTNER_QUERY, { token: await h.token({ roles: ['wmo-consulent'] }), headers: { traceparent: `00-${callerTrace}-${callerSpan}-01`, 'x-doelbinding': 'wmo-aanvraag' } });
    expect(res.status).toBe(200);
    await tracing.flush();

    const inTrace = receiver.spans.filter((s) => s.traceId === callerTrace);
    const byName = (name: string) => inTrace.filter((s) => s.name === name);
    const [server] = byName('POST /graphql');
    expect(server).toBeDefined();
    expect(server.kind).toBe(2); // SERVER
    expect(server.parentSpanId).toBe(callerSpan);
    // The traceresponse names the server span.
    expect(res.headers.get('traceresponse')).toBe(`00-${callerTrace}-${server.spanId}-01`);
    for (const child of ['authenticate', 'plan and authorise', 'protocol commit']) {
      expect(byName(child), child).toHaveLength(1);
      expect(byName(child)[0].parentSpanId, child).toBe(server.spanId);
    }
    // The person and then the partner: one BRP call each level, each a client span under the request.
    const upstream = byName('brp RaadpleegMetBurgerservicenummer');
    expect(upstream.length).toBeGreaterThanOrEqual(1);
    for (const call of upstream) {
      expect(call.kind).toBe(3); // CLIENT
      expect(call.parentSpanId).toBe(server.spanId);
    }
    // The mock was called with the upstream span as the parent of its own work.
    const sentUpstream = h.mock.requests.map((r) => String(r.headers.traceparent));
    expect(sentUpstream).toEqual(expect.arrayContaining(upstream.map((call) => `00-${callerTrace}-${call.spanId}-01`)));
    const status = server.attributes?.find((a) => a.key === 'http.response.status_code');
    expect(status?.value).toEqual({ intValue: 200 });
  });

  it('starts a trace of its own without a traceparent; exports nothing personal', async () => {
    const res = await h.query(`{ zoekPersonen(geslachtsnaamEnGeboortedatum: { geslachtsnaam: "Moulin", geboortedatum: "1985-12-01" }) { naam { voornamen } } }`, {
      token: await h.token({ roles: ['wmo-consulent'] }),
      headers: { 'x-doelbinding': 'wmo-aanvraag' },
    });
    expect(res.status).toBe(200);
    expect(res.body.data?.zoekPersonen).toHaveLength(1);
    await tracing.flush();
    const traceId = res.headers.get('traceresponse')!.split('-')[1];
    const spans = receiver.spans.filter((s) => s.traceId === traceId);
    expect(spans.map((s) => s.name)).toEqual(expect.arrayContaining(['POST /graphql', 'authenticate', 'plan and authorise', 'brp ZoekMetGeslachtsnaamEnGeboortedatum', 'protocol commit']));
    const server = spans.find((s) => s.name === 'POST /graphql')!;
    expect(server.parentSpanId ?? '').toBe('');
    const exported = receiver.bodies.join('\n');
    expect(exported).toContain('facade-test');
    for (const personal of [BSN, 'Moulin', '1985-12-01', 'Suzanne', 'medewerker-test', 'Bearer']) expect(exported).not.toContain(personal);
  });
});
