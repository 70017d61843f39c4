// Where each sink stands in each chain: protocol_export_cursor (migration 011), one row per sink and chain
// with the last seq the sink confirmed, and a lease so that one exporter at a time works a chain for a
// sink (several facade replicas, or the CLI beside them, on one PostgreSQL). A cursor is advanced only
// after the sink confirmed the batch, and only forward; an exporter that lost its lease (it was too slow,
// another took the chain over) stops working that chain — at worst a batch is sent twice, never skipped.
import type { Queryable } from '../../../base/storage/store.ts';

export type SinkName = 'file' | 'syslog';

export interface CursorRow {
  sink: SinkName;
  chainId: string;
  lastSeq: number;
  updatedAt: Date;
  owner?: string;
  leaseUntil?: Date;
}

export class ExportCursors {
  constructor(
    private readonly db: Queryable,
    /** Who holds the leases: stable per process identity (the instance, the host of the CLI), so a restart takes its own lease back at once. */
    readonly owner: string,
    readonly leaseMs: number,
  ) {}

  /** Takes (or renews) the lease of the chain for the sink: the last confirmed seq, or undefined while another exporter holds it. */
  async claim(sink: SinkName, chainId: string): Promise<number | undefined> {
    const { rows } = await this.db.query<{ last_seq: number }>(
      `INSERT INTO protocol_export_cursor AS c (sink, chain_id, last_seq, owner, lease_until)
         VALUES ($1, $2, 0, $3, now() + $4::int8 * interval '1 millisecond')
       ON CONFLICT (sink, chain_id) DO UPDATE
         SET owner = EXCLUDED.owner, lease_until = EXCLUDED.lease_until
         WHERE c.owner IS NULL OR c.owner = EXCLUDED.owner OR c.lease_until IS NULL OR c.lease_until < now()
       RETURNING c.last_seq`,
      [sink, chainId, this.owner, this.leaseMs],
    );
    return rows[0]?.last_seq;
  }

  /** Moves the cursor to `seq` (renewing the lease); false when the lease was lost meanwhile. */
  async advance(sink: SinkName, chainId: string, seq: number): Promise<boolean> {
    const { rowCount } = await this.db.query(
      `UPDATE protocol_export_cursor
          SET last_seq = $3, updated_at = now(), lease_until = now() + $5::int8 * interval '1 millisecond'
        WHERE sink = $1 AND chain_id = $2 AND owner = $4 AND last_seq <= $3`,
      [sink, chainId, seq, this.owner, this.leaseMs],
    );
    return rowCount > 0;
  }

  /** Gives up this exporter's leases (a clean stop): another exporter may take the chains at once. */
  async release(sink: SinkName): Promise<void> {
    await this.db.query('UPDATE protocol_export_cursor SET owner = NULL, lease_until = NULL WHERE sink = $1 AND owner = $2', [sink, this.owner]);
  }

  async list(): Promise<CursorRow[]> {
    const { rows } = await this.db.query<{ sink: SinkName; chain_id: string; last_seq: number; updated_at: Date; owner: string | null; lease_until: Date | null }>(
      'SELECT sink, chain_id, last_seq, updated_at, owner, lease_until FROM protocol_export_cursor ORDER BY sink, chain_id',
    );
    return rows.map((r) => ({ sink: r.sink, chainId: r.chain_id, lastSeq: r.last_seq, updatedAt: r.updated_at, owner: r.owner ?? undefined, leaseUntil: r.lease_until ?? undefined }));
  }
}
