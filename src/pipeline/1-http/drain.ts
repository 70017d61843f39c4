// Graceful drain on SIGTERM, in the order a load balancer needs it:
//   1. at once, /health/ready answers 503 — the load balancer (Kubernetes: the endpoint controller)
//      stops sending new requests, which takes it a few seconds;
//   2. for the grace period, new connections are still taken and served — requests already on
//      their way are not refused;
//   3. then the listener closes, idle keep-alive connections are closed, and answers in flight are
//      sent with `connection: close`; those requests get a bounded time to finish;
//   4. whatever is still open after that is cut. Then the caller closes the protocol log and stores.
import type { Server, ServerResponse } from 'node:http';
import { once } from 'node:events';
import { setTimeout as delay } from 'node:timers/promises';

export interface DrainOptions {
  /** Stage 2: new connections are still taken this long after readiness went off. */
  graceMs: number;
  /** Stage 3: requests in flight get this long to finish. */
  timeoutMs: number;
  /** Called when the listener has closed (stage 3 begins), with the requests then in flight. */
  onListenerClosed?: (inFlight: number) => void;
}

export class Drain {
  #draining = false;
  readonly #inFlight = new Set<ServerResponse>();
  readonly #idle = new EventTarget();

  get draining(): boolean {
    return this.#draining;
  }

  get inFlight(): number {
    return this.#inFlight.size;
  }

  /** Counts a request until its response is finished or its connection closed. */
  track(res: ServerResponse): void {
    this.#inFlight.add(res);
    if (this.#draining) res.setHeader('connection', 'close');
    res.once('close', () => {
      this.#inFlight.delete(res);
      if (this.#inFlight.size === 0) this.#idle.dispatchEvent(new Event('idle'));
    });
  }

  /** Answers still to be sent close their connection afterwards: no keep-alive into a closing server. */
  #closeAfterAnswer(): void {
    for (const res of this.#inFlight) if (!res.headersSent) res.setHeader('connection', 'close');
  }

  /** Runs stages 1–4; resolves with the number of requests that had to be cut. */
  async run(server: Server, options: DrainOptions): Promise<{ cut: number }> {
    this.#draining = true;
    if (options.graceMs > 0) await delay(options.graceMs);
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    this.#closeAfterAnswer();
    options.onListenerClosed?.(this.#inFlight.size);
    if (this.#inFlight.size > 0) {
      const timeout = AbortSignal.timeout(Math.max(1, options.timeoutMs));
      await once(this.#idle, 'idle', { signal: timeout }).catch(() => undefined);
    }
    const cut = this.#inFlight.size;
    server.closeAllConnections();
    await closed;
    return { cut };
  }
}
