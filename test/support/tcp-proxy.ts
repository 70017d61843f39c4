// A TCP proxy of the test's own between the facade and PostgreSQL, to stall connections as a
// broken network path, a frozen NAT entry or a hung load balancer does: the socket stays open and
// passes no more data, while new connections work.
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { once } from 'node:events';

export interface TcpProxy {
  port: number;
  /** Connections opened through the proxy so far. */
  connections: number;
  /** Every connection open now passes no more data, in either direction, and is not closed. */
  stallOpenConnections(): number;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const open = new Set<{ client: Socket; upstream: Socket; stalled: boolean }>();
  let connections = 0;
  const server: Server = createServer((client) => {
    connections += 1;
    const upstream = createConnection(target);
    const pair = { client, upstream, stalled: false };
    open.add(pair);
    // Forwarded by hand rather than piped, so that a stalled pair can swallow what arrives.
    client.on('data', (chunk) => void (pair.stalled || upstream.write(chunk)));
    upstream.on('data', (chunk) => void (pair.stalled || client.write(chunk)));
    const end = () => {
      open.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('close', () => !pair.stalled && end());
    upstream.on('close', () => !pair.stalled && end());
    client.on('error', () => undefined);
    upstream.on('error', () => undefined);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    port: (server.address() as { port: number }).port,
    get connections() {
      return connections;
    },
    stallOpenConnections() {
      let n = 0;
      for (const pair of open) if (!pair.stalled) (pair.stalled = true), n++;
      return n;
    },
    async close() {
      for (const pair of open) {
        pair.client.destroy();
        pair.upstream.destroy();
      }
      open.clear();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
