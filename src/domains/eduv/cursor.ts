// The facade's own page cursors. An upstream cursor may reflect how many rows
// came before, including rows outside the caller's activated subset; the
// caller gets it only sealed (AES-256-GCM), bound to the query it belongs to,
// so it can neither read nor reuse it for another query.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export class CursorError extends Error {}

export class CursorSealer {
  private readonly key: Buffer;

  /** `key`: 32 bytes. Instances behind one load balancer share it (EDUV_CURSOR_KEY). */
  constructor(key?: Buffer) {
    this.key = key ?? randomBytes(32);
    if (this.key.length !== 32) throw new Error('cursor key must be 32 bytes');
  }

  seal(upstreamCursor: string, binding: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(binding));
    const body = Buffer.concat([cipher.update(upstreamCursor, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
  }

  open(cursor: string, binding: string): string {
    try {
      const raw = Buffer.from(cursor, 'base64url');
      const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
      decipher.setAAD(Buffer.from(binding));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    } catch {
      throw new CursorError('invalid cursor');
    }
  }
}
