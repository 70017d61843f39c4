// The Edu-V source's change feed (GET /changes?since=…): polled by one instance at a time (the
// leader, change-hub.ts), from a cursor kept in the store so that a new leader resumes where the last
// one stopped. Without a cursor yet, the feed is read from now on: a subscription tells of changes
// after it started, not of the past.
import type { Queryable } from '../../../base/storage/store.ts';
import type { EduvUpstream } from '../upstream.ts';
import { readChangeEvent, type ChangeEvent } from './change-event.ts';

interface FeedPage {
  items?: unknown[];
  nextCursor?: unknown;
}

export interface FeedRead {
  events: ChangeEvent[];
  /** Where the next poll starts. */
  cursor: string;
  /** Items the feed delivered that were not events (counted, never delivered). */
  unreadable: number;
}

const FEED = 'eduv-changes';

export class ChangeFeed {
  constructor(
    private readonly upstream: EduvUpstream,
    private readonly store: Queryable,
    private readonly pageSize = 100,
  ) {}

  async cursor(): Promise<string | undefined> {
    const { rows } = await this.store.query<{ cursor: string }>('SELECT cursor FROM eduv_change_cursor WHERE feed = $1', [FEED]);
    return rows[0]?.cursor;
  }

  async saveCursor(cursor: string): Promise<void> {
    await this.store.query(
      `INSERT INTO eduv_change_cursor (feed, cursor, updated_at) VALUES ($1, $2, now())
       ON CONFLICT (feed) DO UPDATE SET cursor = EXCLUDED.cursor, updated_at = EXCLUDED.updated_at`,
      [FEED, cursor],
    );
  }

  /** One page of the feed after `since` (none: from now). */
  async read(since: string | undefined): Promise<FeedRead> {
    const page = await this.upstream.get<FeedPage>('/changes', { since, pageSize: this.pageSize });
    const items = Array.isArray(page.items) ? page.items : [];
    const events = items.map(readChangeEvent).filter((e): e is ChangeEvent => e !== undefined);
    const cursor = typeof page.nextCursor === 'string' && page.nextCursor.length > 0 && page.nextCursor.length <= 512 ? page.nextCursor : since;
    if (cursor === undefined) throw new Error('the change feed gave no cursor');
    return { events, cursor, unreadable: items.length - events.length };
  }
}
