// The mock's change feed (GET /changes, data/eduv/openapi.yaml), after the Edu-V notifications
// pattern: events naming what changed, read with a `since` cursor. Nothing changes by itself in the
// generated data; a test or a demo says what changed (`EduvMock.changes.record`), and the feed tells
// it to whoever polls after.
import { randomUUID } from 'node:crypto';

export interface MockChangeEvent {
  id: string;
  type: 'student' | 'subjectOffering';
  orgId: string;
  resourceIds: string[];
  changedAt: string;
}

export interface ChangePage {
  items: MockChangeEvent[];
  /** Give it as `since` to read on; without `since` the feed starts now (the head). */
  nextCursor: string;
  pageSize: number;
  hasNextPage: boolean;
}

const CURSOR = /^c(\d{1,12})$/;

export class MockChangeLog {
  private readonly events: MockChangeEvent[] = [];

  /** A change at the source: the students (ECK iDs) or subject offerings of one onderwijsaanbieder. */
  record(type: MockChangeEvent['type'], orgId: string, resourceIds: string[], changedAt = new Date()): MockChangeEvent {
    const event = { id: randomUUID(), type, orgId, resourceIds: [...resourceIds], changedAt: changedAt.toISOString() };
    this.events.push(event);
    return event;
  }

  get size(): number {
    return this.events.length;
  }

  /** The page after `since`; undefined for a cursor this feed did not give. */
  page(since: string | undefined, pageSize: number): ChangePage | undefined {
    if (since === undefined) return { items: [], nextCursor: `c${this.events.length}`, pageSize, hasNextPage: false };
    const match = CURSOR.exec(since);
    const from = match ? Number(match[1]) : NaN;
    if (!Number.isInteger(from) || from > this.events.length) return undefined;
    const items = this.events.slice(from, from + pageSize);
    const next = from + items.length;
    return { items, nextCursor: `c${next}`, pageSize, hasNextPage: next < this.events.length };
  }
}

