-- Edu-V consent flow: the outbox of activation notices. When an activation is activated, narrowed or
-- deactivated (or confirmed by someone other than the receiver), the registry writes one row here in
-- the same transaction as the history event (eduv_activation_event), provided the receiving
-- participant registered an `activations` endpoint. A background deliverer
-- (src/domains/eduv/activation-notices.ts) pushes each row to that endpoint as a signed Security Event
-- Token (RFC 8417, RFC 8935), so a crash between the change and the POST loses nothing: the row is
-- still pending and is delivered after the restart (at least once; the receiver deduplicates on the
-- SET's jti, which is `id`).
--
-- A row carries organisation ids and the activation's state, never personal data. `event` is the
-- SET's event payload as it was at the change (status and narrowing then, not now).
--
-- Several facade instances share the table: a deliverer claims due rows with FOR UPDATE SKIP LOCKED
-- and sets a lease (`lease_owner`, `lease_until`) for the attempt, made outside any transaction; a
-- lease not released (an instance that died mid-attempt) expires and another instance retries.
-- Notices of one activation are delivered in `seq` order: a later one waits while an earlier one is
-- pending. `state`: pending → delivered, or failed (refused by the receiver, or out of attempts or age);
-- failed rows are kept for the operator (npm run eduv:registry -- notices) and may be queued again.
--   GRANT SELECT, INSERT, UPDATE ON eduv_activation_notice TO facade;
CREATE TABLE eduv_activation_notice (
  id              uuid PRIMARY KEY,
  seq             bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  -- The SET's txn: one per registry transaction.
  txn             uuid NOT NULL,
  activation_id   uuid NOT NULL REFERENCES eduv_activation (id),
  -- The history event (eduv_activation_event.seq) the notice tells of; no foreign key, so that the
  -- history's append-only trigger, not a constraint, is what refuses a TRUNCATE of the history.
  event_seq       bigint NOT NULL,
  kind            text NOT NULL CHECK (kind IN ('activated', 'narrowed', 'deactivated', 'confirmed')),
  sender_oin      text NOT NULL REFERENCES eduv_participant (oin),
  receiver_oin    text NOT NULL REFERENCES eduv_participant (oin),
  event           jsonb NOT NULL CHECK (jsonb_typeof(event) = 'object'),
  -- The SET's iat. queued_at starts the maximum age (reset when an operator queues a failed notice again).
  created_at      timestamptz NOT NULL DEFAULT now(),
  queued_at       timestamptz NOT NULL DEFAULT now(),
  state           text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'failed')),
  attempts        integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  lease_owner     text,
  lease_until     timestamptz,
  -- The last attempt: HTTP status (null: no answer) and a short code (HTTP_503, TIMEOUT, the
  -- receiver's RFC 8935 `err`), never a body.
  last_status     integer,
  last_error      text CHECK (last_error IS NULL OR length(last_error) <= 200),
  last_attempt_at timestamptz,
  delivered_at    timestamptz,
  failed_at       timestamptz
);
CREATE INDEX eduv_activation_notice_due_idx ON eduv_activation_notice (next_attempt_at) WHERE state = 'pending';
CREATE INDEX eduv_activation_notice_activation_idx ON eduv_activation_notice (activation_id, seq) WHERE state = 'pending';
CREATE INDEX eduv_activation_notice_state_idx ON eduv_activation_notice (state, created_at);
