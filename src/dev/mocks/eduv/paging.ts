import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

// Keyset paging with sealed cursors. Every item has a row number (its place in the dataset's
// collection); a page holds the next matching rows after the cursor's row. The cursor carries that
// row number, a fingerprint of the query and a MAC: it names no student (an ECK iD in a cursor
// would travel to callers that may not see that student), a cursor of another query or an altered
// one is refused, and the same seed gives the same cursors.

export interface Row<T> {
  row: number;
  item: T;
}

export interface Page<T> {
  items: T[];
  pageSize: number;
  hasNextPage: boolean;
  nextCursor?: string;
}

const VERSION = 1;
const FINGERPRINT_BYTES = 8;
const MAC_BYTES = 12;
const CURSOR_BYTES = 1 + 4 + FINGERPRINT_BYTES + MAC_BYTES;

export class CursorCodec {
  readonly #key: Buffer;

  constructor(secret: string) {
    this.#key = createHash('sha256').update(`eduv-mock-cursor:${secret}`).digest();
  }

  #mac(payload: Buffer): Buffer {
    return createHmac('sha256', this.#key).update(payload).digest().subarray(0, MAC_BYTES);
  }

  encode(after: number, fingerprint: Buffer): string {
    const payload = Buffer.alloc(1 + 4 + FINGERPRINT_BYTES);
    payload.writeUInt8(VERSION, 0);
    payload.writeUInt32BE(after, 1);
    fingerprint.copy(payload, 5, 0, FINGERPRINT_BYTES);
    return Buffer.concat([payload, this.#mac(payload)]).toString('base64url');
  }

  /** The row after which the page starts, or why the cursor is refused. */
  decode(cursor: string, fingerprint: Buffer): { ok: true; after: number } | { ok: false; reason: string } {
    const raw = Buffer.from(cursor, 'base64url');
    if (raw.length !== CURSOR_BYTES || raw.toString('base64url') !== cursor || raw.readUInt8(0) !== VERSION) {
      return { ok: false, reason: 'Cursor is not valid.' };
    }
    const payload = raw.subarray(0, CURSOR_BYTES - MAC_BYTES);
    if (!timingSafeEqual(this.#mac(payload), raw.subarray(CURSOR_BYTES - MAC_BYTES))) return { ok: false, reason: 'Cursor is not valid.' };
    if (!payload.subarray(5).equals(fingerprint.subarray(0, FINGERPRINT_BYTES))) {
      return { ok: false, reason: 'Cursor belongs to another query; repeat the query of the previous page.' };
    }
    return { ok: true, after: payload.readUInt32BE(1) };
  }
}

/** Fingerprint of what selects the rows (not the page size): a cursor is valid only for it. */
export function queryFingerprint(parts: Readonly<Record<string, string | readonly string[] | undefined>>): Buffer {
  const normalised = Object.keys(parts).sort().map((k) => {
    const v = parts[k];
    return [k, v === undefined ? null : typeof v === 'string' ? v : [...v].sort()];
  });
  return createHash('sha256').update(JSON.stringify(normalised)).digest().subarray(0, FINGERPRINT_BYTES);
}

/** The page of `rows` (ascending by row) after row `after`. */
export function pageOf<T>(rows: readonly Row<T>[], pageSize: number, after: number | undefined, codec: CursorCodec, fingerprint: Buffer): Page<T> {
  let lo = 0;
  if (after !== undefined) {
    let hi = rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((rows[mid]?.row ?? Infinity) <= after) lo = mid + 1;
      else hi = mid;
    }
  }
  const slice = rows.slice(lo, lo + pageSize);
  const hasNextPage = lo + pageSize < rows.length;
  const last = slice[slice.length - 1];
  return {
    items: slice.map((r) => r.item),
    pageSize,
    hasNextPage,
    ...(hasNextPage && last ? { nextCursor: codec.encode(last.row, fingerprint) } : {}),
  };
}
