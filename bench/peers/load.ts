// A closed-loop load generator: N clients, each sends its next request when the previous one has
// been answered. A window has a ramp (the clients fill the system up: answers arriving then are not
// counted) and a counting interval; no client starts a request after the interval ends, the requests
// still in flight are awaited (drained) before the window returns, and only answers that arrived
// within the interval count towards throughput and latency — so nothing of one system's window
// spills into the next one's. CPU seconds are read around the whole window (ramp, interval, drain)
// and divided by every answer of it.
import { Agent, request } from 'undici';

export type Job = () => Promise<void>;

export interface WindowResult {
  /** Answers that arrived within the counting interval. */
  completed: number;
  /** Answers that arrived during the ramp or while draining (counted for CPU per request only). */
  uncounted: number;
  windowMs: number;
  drainMs: number;
  /** Latencies (ms) of the answers within the counting interval. */
  latencies: number[];
  /** Latencies (ms) of every answer, ramp and drain included (to size the next windows). */
  allLatencies: number[];
  /** Failed requests by kind (the GraphQL error code or the HTTP status): counted, not timed. */
  errors: Map<string, number>;
}

/** A failed request's kind, e.g. PROTOCOL_UNAVAILABLE or HTTP 502. */
function kindOf(err: unknown): string {
  const kind = (err as { kind?: unknown }).kind;
  if (typeof kind === 'string') return kind;
  return (err instanceof Error ? err.message : String(err)).slice(0, 160); // e.g. a connection error
}

/** More failures than this in one window: the run stops, something is broken rather than loaded. */
const MAX_ERRORS_PER_WINDOW = 500;

export async function runWindow(job: Job, clients: number, windowMs: number, rampMs = 0): Promise<WindowResult> {
  const from = performance.now() + rampMs;
  const end = from + windowMs;
  let completed = 0;
  let uncounted = 0;
  const latencies: number[] = [];
  const allLatencies: number[] = [];
  const errors = new Map<string, number>();
  let failures = 0;
  const client = async () => {
    while (performance.now() < end) {
      const t0 = performance.now();
      try {
        await job();
      } catch (err) {
        errors.set(kindOf(err), (errors.get(kindOf(err)) ?? 0) + 1);
        if (++failures > MAX_ERRORS_PER_WINDOW) throw err;
        continue;
      }
      const t1 = performance.now();
      allLatencies.push(t1 - t0);
      if (t1 >= from && t1 <= end) {
        completed++;
        latencies.push(t1 - t0);
      } else uncounted++;
    }
  };
  await Promise.all(Array.from({ length: clients }, client));
  return { completed, uncounted, windowMs, drainMs: Math.max(0, performance.now() - end), latencies, allLatencies, errors };
}

/** One keep-alive agent per system, with enough connections for every client's concurrent calls. */
export function agent(connections: number): Agent {
  return new Agent({ connections, pipelining: 1, keepAliveTimeout: 2_000, keepAliveMaxTimeout: 2_000 });
}

const ERRORS = Buffer.from('"errors"');

/**
 * POSTs a JSON body; rejects unless the answer is 200 and (for GraphQL) holds no `errors`. The body is
 * read whole but not parsed: the load generator shares the machine with the systems it measures.
 */
export async function post(dispatcher: Agent, url: string, body: string, headers: Record<string, string>, graphql: boolean): Promise<Buffer> {
  const res = await request(url, { method: 'POST', body, headers: { 'content-type': 'application/json; charset=utf-8', ...headers }, dispatcher });
  const bytes = Buffer.from(await res.body.arrayBuffer());
  if (res.statusCode !== 200 || (graphql && bytes.includes(ERRORS))) {
    // The failure path only: parsed to name the kind (GraphQL error code, else its message).
    let kind = `HTTP ${res.statusCode}`;
    try {
      const first = (JSON.parse(bytes.toString()) as { errors?: Array<{ message?: string; extensions?: { code?: string } }> }).errors?.[0];
      if (first) kind = first.extensions?.code ?? `${kind}: ${String(first.message).slice(0, 160)}`;
    } catch {
      // not JSON: the status says it
    }
    throw Object.assign(new Error(`${url} answered ${res.statusCode} (${kind}): ${bytes.subarray(0, 600).toString()}`), { kind });
  }
  return bytes;
}

export function median(xs: number[]): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** `median (min–max)` of per-round figures. */
export function spread(xs: number[], digits = 0): string {
  if (!xs.length) return '–';
  return `${median(xs).toFixed(digits)} (${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)})`;
}
