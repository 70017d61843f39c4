-- The SIEM export of the protocol log (src/engine/protocol/export/): per sink ('file', 'syslog') and chain
-- the last seq the sink confirmed (written, fsync'd / received over a cleanly closed connection). The
-- exporter resumes after it, so an export killed at any point re-sends at most its last batch (at least
-- once; a SIEM deduplicates on event.id = <chain>:<seq>) and never skips a record.
--
-- Kept in the database, beside the chains, rather than in a file: a restored backup brings back chains and
-- cursors of the same moment (a file cursor ahead of a restored chain would skip the records written
-- again after the restore); nothing to mount in a read-only container; and the replicas of one database
-- share it. `owner` and `lease_until` are a lease: one exporter at a time works a chain for a sink; a
-- lease that is not renewed (an exporter that died) expires and another takes the chain over.
--
-- Not part of the protocol's evidence: no hash, and not append-only. A cursor only moves forward
-- (trigger); deleting its row makes that sink receive the chain again from its start. The append-only
-- triggers of the record tables (001) are untouched. Grant the facade's role
--   GRANT SELECT, INSERT, UPDATE ON protocol_export_cursor TO facade;
CREATE TABLE protocol_export_cursor (
  sink        text NOT NULL CHECK (sink IN ('file', 'syslog')),
  chain_id    text NOT NULL REFERENCES protocol_chain (chain_id),
  last_seq    bigint NOT NULL DEFAULT 0 CHECK (last_seq >= 0),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  owner       text,
  lease_until timestamptz,
  PRIMARY KEY (sink, chain_id)
);

CREATE FUNCTION protocol_export_cursor_forward() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.sink <> OLD.sink OR NEW.chain_id <> OLD.chain_id OR NEW.last_seq < OLD.last_seq THEN
    RAISE EXCEPTION 'an export cursor only moves forward (delete its row to export the chain again)'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER protocol_export_cursor_forward BEFORE UPDATE ON protocol_export_cursor
  FOR EACH ROW EXECUTE FUNCTION protocol_export_cursor_forward();
