// One message to every instance of the facade, and one instance at a time that leads (polls a
// source, publishes what it found). Two implementations:
// - in-process: the embedded store allows one process, so that process is every instance and leads;
// - PostgreSQL: LISTEN/NOTIFY on a dedicated connection, leadership a session advisory lock on the
//   same connection. PostgreSQL rather than Redis because every deployment has it (Redis is optional,
//   for quotas) and a leader that dies loses its lock with its session, without a lease to expire.
//   NOTIFY delivers to the sessions listening at that moment and no others: a connection that drops
//   reports `interrupted`, so that what listened through it can end rather than silently miss messages.
import pg from 'pg';

export interface Broadcast {
  /** To every instance, this one included (PostgreSQL: at most NOTIFY_MAX_BYTES). */
  publish(message: string): Promise<void>;
  onMessage(handler: (message: string) => void): void;
  /** The connection dropped: messages published meanwhile were not received here. */
  onInterrupted(handler: () => void): void;
  /** Whether this instance leads now (takes the lead when free). */
  lead(): Promise<boolean>;
  close(): Promise<void>;
}

/** PostgreSQL's limit on a NOTIFY payload is 8000 bytes; keep clear of it. */
export const NOTIFY_MAX_BYTES = 7_900;

export function inProcessBroadcast(): Broadcast {
  const handlers: Array<(m: string) => void> = [];
  let closed = false;
  return {
    async publish(message) {
      if (closed) throw new Error('broadcast closed');
      // Asynchronously, as over the network: a publisher never runs its subscribers' code inline.
      queueMicrotask(() => handlers.forEach((h) => h(message)));
    },
    onMessage: (h) => void handlers.push(h),
    onInterrupted: () => undefined,
    lead: async () => !closed,
    async close() {
      closed = true;
    },
  };
}

export interface PostgresBroadcastOptions {
  databaseUrl: string;
  /** A PostgreSQL identifier: [a-z_][a-z0-9_]*. */
  channel: string;
  /** The advisory lock that makes the leader. */
  lockKey: number;
  /** Reconnect back-off after a dropped connection. */
  retryMs?: number;
  onError?: (err: unknown) => void;
}

export async function postgresBroadcast(options: PostgresBroadcastOptions): Promise<Broadcast> {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(options.channel)) throw new Error(`not a channel name: ${options.channel}`);
  const messageHandlers: Array<(m: string) => void> = [];
  const interruptHandlers: Array<() => void> = [];
  let client: pg.Client | undefined;
  let connecting: Promise<pg.Client> | undefined;
  let leading = false;
  let closed = false;

  const connect = (): Promise<pg.Client> => {
    connecting ??= (async () => {
      const c = new pg.Client({ connectionString: options.databaseUrl, application_name: `facade-${options.channel}` });
      c.on('notification', (n) => {
        if (n.channel === options.channel && typeof n.payload === 'string') for (const h of messageHandlers) h(n.payload);
      });
      c.on('error', (err) => {
        options.onError?.(err);
        drop(c);
      });
      c.on('end', () => drop(c));
      await c.connect();
      await c.query(`LISTEN ${options.channel}`);
      client = c;
      return c;
    })().finally(() => {
      connecting = undefined;
    });
    return connecting;
  };

  function drop(c: pg.Client): void {
    if (client !== c) return;
    client = undefined;
    leading = false;
    void c.end().catch(() => undefined);
    if (!closed) for (const h of interruptHandlers) h();
  }

  const connected = async (): Promise<pg.Client> => client ?? connect();
  await connect();

  return {
    async publish(message) {
      if (Buffer.byteLength(message) > NOTIFY_MAX_BYTES) throw new Error('broadcast message too large');
      await (await connected()).query('SELECT pg_notify($1, $2)', [options.channel, message]);
    },
    onMessage: (h) => void messageHandlers.push(h),
    onInterrupted: (h) => void interruptHandlers.push(h),
    async lead() {
      if (closed) return false;
      try {
        const c = await connected();
        if (!leading) leading = (await c.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1::bigint) AS ok', [options.lockKey])).rows[0]?.ok === true;
        return leading;
      } catch (err) {
        options.onError?.(err);
        return false;
      }
    },
    async close() {
      closed = true;
      const c = client;
      client = undefined;
      // Ending the session releases the lock and the LISTEN.
      await c?.end().catch(() => undefined);
    },
  };
}
