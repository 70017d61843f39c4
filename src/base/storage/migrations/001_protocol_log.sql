-- Protocol log (protocollering): the access log (one record per GraphQL request) and the
-- processing log (one record per data subject disclosed or withheld), after the Logboek
-- Dataverwerkingen standard and the BRP protocol duty.
--
-- Every record belongs to a hash chain (`protocol_chain`): one chain per facade instance and log,
-- so instances never contend for a chain. A record's `hash` is SHA-256 over a canonical
-- serialisation of its content, chain, seq and `prev_hash` (src/protocol/hash-chain.ts); the
-- verifier (npm run protocol:verify) recomputes every hash and link.
--
-- Append-only. Triggers refuse UPDATE, DELETE and TRUNCATE on the record and checkpoint tables for
-- every role, the application's included. The one exception is deleting records that a
-- checkpoint already covers: retention pruning (npm run protocol:prune) writes a signed checkpoint
-- of the removed prefix and deletes it in the same transaction. A forged checkpoint fails the
-- verifier's signature check, so the exception does not let a writer hide a deletion.
-- Triggers stop mistakes and the application role, not a superuser or table owner who disables
-- them; that tampering is what the hash chain and the verifier are for.
--
-- Recommended in production: the migrating role owns these tables and the facade's role gets only
--   GRANT SELECT, INSERT ON protocol_access, protocol_processing, protocol_checkpoint TO facade;
--   GRANT SELECT, INSERT, UPDATE ON protocol_chain TO facade;
-- and prune runs as a role that may also DELETE.

CREATE TABLE protocol_chain (
  chain_id    text PRIMARY KEY,
  log         text NOT NULL CHECK (log IN ('access', 'processing')),
  instance_id text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  -- Seq and hash of the last record appended: where the next append continues, and what the
  -- verifier compares the last stored record with (a removed tail shows as missing records).
  head_seq    bigint NOT NULL DEFAULT 0 CHECK (head_seq >= 0),
  head_hash   text NOT NULL
);

CREATE TABLE protocol_access (
  chain_id            text NOT NULL REFERENCES protocol_chain (chain_id),
  seq                 bigint NOT NULL CHECK (seq > 0),
  prev_hash           text NOT NULL,
  hash                text NOT NULL,
  operation_id        uuid NOT NULL,
  occurred_at         timestamptz NOT NULL,
  trace_id            text NOT NULL,
  principal_kind      text NOT NULL CHECK (principal_kind IN ('user', 'client', 'delegated', 'anonymous')),
  principal_subject   text,
  client_id           text,
  actor               text,
  oin                 text,
  purpose             text,
  processing_activity text,
  task_description    text,
  operation_name      text,
  document_hash       text NOT NULL,
  fields_requested    text[] NOT NULL,
  fields_pruned       text[] NOT NULL,
  fields_returned     text[] NOT NULL,
  outcome             text NOT NULL CHECK (outcome IN ('ok', 'denied', 'error')),
  reason              text,
  error_code          text,
  PRIMARY KEY (chain_id, seq)
);
CREATE INDEX protocol_access_operation_idx ON protocol_access (operation_id);

CREATE TABLE protocol_processing (
  chain_id            text NOT NULL REFERENCES protocol_chain (chain_id),
  seq                 bigint NOT NULL CHECK (seq > 0),
  prev_hash           text NOT NULL,
  hash                text NOT NULL,
  operation_id        uuid NOT NULL,
  trace_id            text NOT NULL,
  occurred_at         timestamptz NOT NULL,
  processing_activity text NOT NULL,
  subject_type        text NOT NULL CHECK (subject_type IN ('BSN', 'ECK_ID')),
  subject_id          text NOT NULL,
  fields              text[] NOT NULL,
  status              text NOT NULL CHECK (status IN ('disclosed', 'withheld')),
  reason              text,
  PRIMARY KEY (chain_id, seq)
);
-- The privacy officer's question: "who saw this person's data, when, why".
CREATE INDEX protocol_processing_subject_idx ON protocol_processing (subject_id, occurred_at);
CREATE INDEX protocol_processing_operation_idx ON protocol_processing (operation_id);

-- A signed statement that records first_seq..last_seq of a chain were removed by retention
-- pruning, and that the last of them had hash last_hash: the anchor the remaining chain links to.
CREATE TABLE protocol_checkpoint (
  chain_id        text NOT NULL REFERENCES protocol_chain (chain_id),
  last_seq        bigint NOT NULL CHECK (last_seq > 0),
  first_seq       bigint NOT NULL CHECK (first_seq > 0),
  last_hash       text NOT NULL,
  removed_count   bigint NOT NULL CHECK (removed_count > 0),
  cutoff          timestamptz NOT NULL,
  created_at      timestamptz NOT NULL,
  public_key      text NOT NULL,   -- Ed25519 public key, SPKI DER, base64
  key_fingerprint text NOT NULL,   -- sha256:<hex of SPKI DER>
  signature       text NOT NULL,   -- Ed25519 over the canonical checkpoint body, base64
  PRIMARY KEY (chain_id, last_seq)
);

CREATE FUNCTION protocol_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'protocol log is append-only: % on % is not allowed', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END
$$;

-- Deleting is allowed only for records a checkpoint covers (retention pruning, see above).
CREATE FUNCTION protocol_guard_delete() RETURNS trigger LANGUAGE plpgsql
SET search_path FROM CURRENT AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM protocol_checkpoint c WHERE c.chain_id = OLD.chain_id AND c.last_seq >= OLD.seq) THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'protocol log is append-only: % may only delete records covered by a checkpoint', TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END
$$;

-- A chain head only moves forward, and a chain is never removed.
CREATE FUNCTION protocol_guard_chain() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE'
     OR NEW.chain_id <> OLD.chain_id OR NEW.log <> OLD.log OR NEW.instance_id <> OLD.instance_id
     OR NEW.created_at <> OLD.created_at OR NEW.head_seq <= OLD.head_seq THEN
    RAISE EXCEPTION 'protocol chain heads only move forward: % on protocol_chain is not allowed', TG_OP
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER protocol_access_no_update BEFORE UPDATE ON protocol_access
  FOR EACH ROW EXECUTE FUNCTION protocol_reject_change();
CREATE TRIGGER protocol_access_guard_delete BEFORE DELETE ON protocol_access
  FOR EACH ROW EXECUTE FUNCTION protocol_guard_delete();
CREATE TRIGGER protocol_access_no_truncate BEFORE TRUNCATE ON protocol_access
  FOR EACH STATEMENT EXECUTE FUNCTION protocol_reject_change();

CREATE TRIGGER protocol_processing_no_update BEFORE UPDATE ON protocol_processing
  FOR EACH ROW EXECUTE FUNCTION protocol_reject_change();
CREATE TRIGGER protocol_processing_guard_delete BEFORE DELETE ON protocol_processing
  FOR EACH ROW EXECUTE FUNCTION protocol_guard_delete();
CREATE TRIGGER protocol_processing_no_truncate BEFORE TRUNCATE ON protocol_processing
  FOR EACH STATEMENT EXECUTE FUNCTION protocol_reject_change();

CREATE TRIGGER protocol_checkpoint_no_change BEFORE UPDATE OR DELETE ON protocol_checkpoint
  FOR EACH ROW EXECUTE FUNCTION protocol_reject_change();
CREATE TRIGGER protocol_checkpoint_no_truncate BEFORE TRUNCATE ON protocol_checkpoint
  FOR EACH STATEMENT EXECUTE FUNCTION protocol_reject_change();

CREATE TRIGGER protocol_chain_guard BEFORE UPDATE OR DELETE ON protocol_chain
  FOR EACH ROW EXECUTE FUNCTION protocol_guard_chain();
CREATE TRIGGER protocol_chain_no_truncate BEFORE TRUNCATE ON protocol_chain
  FOR EACH STATEMENT EXECUTE FUNCTION protocol_reject_change();
