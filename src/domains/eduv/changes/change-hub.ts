// Change notifications for the subscriptions of this instance. The leader among the instances (the
// broadcast's lock) polls the source's change feed and publishes each event to every instance; each
// instance hands it to its own subscribers of that kind and onderwijsaanbieder. So the source is
// polled once whatever the number of instances, and every subscriber — connected to one instance —
// gets each event once. A leader that fails after publishing but before saving its cursor makes its
// successor publish the same events again: each instance remembers the event ids it delivered lately
// and drops a repeat.
import { createHash } from 'node:crypto';
import type { Broadcast } from '../../../base/storage/broadcast.ts';
import { NOTIFY_MAX_BYTES } from '../../../base/storage/broadcast.ts';
import { readChangeEvent, type ChangeEvent, type ChangeKind } from './change-event.ts';
import type { ChangeFeed } from './change-feed.ts';

/** Why a subscription's stream of changes ended, for its subscriber. */
export type ChangesEnded = 'interrupted' | 'closed';

export interface ChangeListener {
  next(event: ChangeEvent): void;
  end(reason: ChangesEnded): void;
}

export interface ChangeHubOptions {
  intervalMs: number;
  onError?: (err: unknown) => void;
  /** Pages read per poll at most, so that a large backlog does not starve the loop. */
  maxPagesPerPoll?: number;
}

/** Recent event ids remembered against a repeated publication. */
const REMEMBERED = 10_000;

export class ChangeHub {
  private readonly listeners = new Map<string, Set<ChangeListener>>();
  private readonly seen = new Set<string>();
  private timer?: NodeJS.Timeout;
  private polling?: Promise<void>;
  private closed = false;
  /** Polls made as leader, for tests and the bench. */
  polls = 0;

  constructor(
    private readonly feed: ChangeFeed,
    private readonly broadcast: Broadcast,
    private readonly options: ChangeHubOptions,
  ) {
    broadcast.onMessage((message) => this.received(message));
    broadcast.onInterrupted(() => this.endAll('interrupted'));
  }

  start(): void {
    const tick = () => {
      this.polling = this.poll()
        .then(
          () => undefined,
          (err: unknown) => this.options.onError?.(err),
        )
        .finally(() => {
          if (!this.closed) this.timer = setTimeout(tick, this.options.intervalMs);
        });
    };
    tick();
  }

  /** One poll now when leading (tests and the bench do not wait for the interval). */
  async poll(): Promise<number> {
    if (this.closed || !(await this.broadcast.lead())) return 0;
    this.polls++;
    let cursor = await this.feed.cursor();
    let published = 0;
    for (let page = 0; page < (this.options.maxPagesPerPoll ?? 10); page++) {
      const read = await this.feed.read(cursor);
      for (const event of read.events) for (const part of parts(event)) await this.broadcast.publish(JSON.stringify(part));
      published += read.events.length;
      if (read.cursor !== cursor) await this.feed.saveCursor(read.cursor);
      if (read.events.length === 0 || read.cursor === cursor) break;
      cursor = read.cursor;
    }
    return published;
  }

  subscribe(kind: ChangeKind, onderwijsaanbieder: string, listener: ChangeListener): () => void {
    const key = `${kind}|${onderwijsaanbieder}`;
    let set = this.listeners.get(key);
    if (!set) this.listeners.set(key, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.listeners.get(key) === set) this.listeners.delete(key);
    };
  }

  get subscribers(): number {
    let n = 0;
    for (const set of this.listeners.values()) n += set.size;
    return n;
  }

  private received(message: string): void {
    let event: ChangeEvent | undefined;
    try {
      const raw = JSON.parse(message) as Record<string, unknown>;
      event = readChangeEvent({ ...raw, type: raw.kind, orgId: raw.onderwijsaanbieder, resourceIds: raw.ids });
    } catch {
      event = undefined;
    }
    if (!event) return;
    // A part's id is the event's with its part number: each part once (per kind and onderwijsaanbieder,
    // should a source ever reuse an id elsewhere).
    const seenKey = `${event.kind}|${event.onderwijsaanbieder}|${event.id}`;
    if (this.seen.has(seenKey)) return;
    this.seen.add(seenKey);
    if (this.seen.size > REMEMBERED) this.seen.delete(this.seen.values().next().value!);
    for (const listener of this.listeners.get(`${event.kind}|${event.onderwijsaanbieder}`) ?? []) listener.next(event);
  }

  private endAll(reason: ChangesEnded): void {
    const all = [...this.listeners.values()].flatMap((s) => [...s]);
    this.listeners.clear();
    for (const listener of all) listener.end(reason);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    await this.polling;
    this.endAll('closed');
  }
}

/** An event as broadcast messages small enough for NOTIFY: its ids split, each part its own id. */
function parts(event: ChangeEvent): ChangeEvent[] {
  // The feed's id may be as long as an id may be: a part's id is its hash and number, short whatever it is.
  const base = createHash('sha256').update(event.id).digest('hex').slice(0, 32);
  event = { ...event, id: base };
  const whole = { ...event, id: `${event.id}#0` };
  if (Buffer.byteLength(JSON.stringify(whole)) <= NOTIFY_MAX_BYTES) return [whole];
  const out: ChangeEvent[] = [];
  let ids: string[] = [];
  const flush = () => {
    if (ids.length) out.push({ ...event, id: `${event.id}#${out.length}`, ids });
    ids = [];
  };
  for (const id of event.ids) {
    if (Buffer.byteLength(JSON.stringify({ ...event, id: `${event.id}#000`, ids: [...ids, id] })) > NOTIFY_MAX_BYTES) flush();
    ids.push(id);
  }
  flush();
  return out;
}
