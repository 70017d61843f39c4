-- Edu-V registry: who takes part (layer 1, toetreding), which clients they registered with which
-- scopes (layer 2, registratie), the onderwijsbesturen and onderwijsaanbieders the exchanges are
-- about, the activations between a sender and a receiver per gegevensdienst and onderwijsaanbieder
-- (layer 4, activering) with their history, and the processing agreements (layer 5, verwerker).
-- Code: src/eduv/registry/. The application validates everything first and reports in plain words;
-- the constraints here are the last line of defence against a writer that did not.
--
-- Identifier formats:
-- - OIN: 20 digits; a supplier's OIN (prefix 00000003) is 00000003 + 8-digit KvK number + 0000.
-- - onderwijsbestuur: the 5-digit bevoegd-gezagnummer; onderwijsaanbieder: the RIO code (110A133);
--   OIE code: the 4-character instellingscode (06AB).
--
-- History (eduv_activation_event) is append-only for every role, like the protocol log: who
-- activated, confirmed or deactivated what, when, at which authentication level. Activations
-- themselves are never deleted (deactivation is a status), so every event keeps its activation.
--
-- Recommended in production: the migrating role owns these tables and the facade's role gets
--   GRANT SELECT ON eduv_participant, eduv_client, eduv_bestuur, eduv_aanbieder, eduv_processing_agreement TO facade;
--   GRANT SELECT, INSERT, UPDATE ON eduv_activation TO facade;
--   GRANT SELECT, INSERT ON eduv_activation_event TO facade;
-- and the admin CLI runs as a role that may also write the registry tables.

CREATE TABLE eduv_participant (
  oin                      text PRIMARY KEY
                           CHECK (oin ~ '^[0-9]{20}$')
                           CHECK (oin !~ '^00000003' OR oin ~ '^00000003[0-9]{8}0000$'),
  name                     text NOT NULL CHECK (btrim(name) <> ''),
  reference_components     text[] NOT NULL DEFAULT '{}',
  endpoints                jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(endpoints) = 'object'),
  contact                  jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(contact) = 'object'),
  -- Receiver side: activations towards this participant need no separate confirmation.
  auto_confirm_activations boolean NOT NULL DEFAULT false,
  created_at               timestamptz NOT NULL DEFAULT now(),
  updated_at               timestamptz NOT NULL DEFAULT now()
);

-- One row per OAuth client id: it belongs to exactly one participant and application. Scopes are
-- checked against the known Edu-V scopes by the application (a new scope is a code change anyway).
CREATE TABLE eduv_client (
  client_id       text PRIMARY KEY CHECK (client_id ~ '^[!-~]{1,255}$'),
  participant_oin text NOT NULL REFERENCES eduv_participant (oin),
  application     text NOT NULL CHECK (btrim(application) <> ''),
  scopes          text[] NOT NULL CHECK (cardinality(scopes) > 0),
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX eduv_client_participant_idx ON eduv_client (participant_oin);

CREATE TABLE eduv_bestuur (
  id         text PRIMARY KEY CHECK (id ~ '^[0-9]{5}$'),
  name       text NOT NULL CHECK (btrim(name) <> ''),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE eduv_aanbieder (
  id         text PRIMARY KEY CHECK (id ~ '^[0-9]{3}[A-Z][0-9]{3}$'),
  name       text NOT NULL CHECK (btrim(name) <> ''),
  bestuur_id text NOT NULL REFERENCES eduv_bestuur (id),
  oie_code   text CHECK (oie_code ~ '^[0-9]{2}[A-Z]{2}$'),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX eduv_aanbieder_bestuur_idx ON eduv_aanbieder (bestuur_id);

-- One current activation per (gegevensdienst, onderwijsaanbieder, sender, receiver); activating
-- again updates that row, so "the" activation of a key is never ambiguous.
CREATE TABLE eduv_activation (
  id                   uuid PRIMARY KEY,
  gegevensdienst       text NOT NULL CHECK (gegevensdienst IN ('students', 'schoolvak', 'catalogue', 'orders')),
  onderwijsaanbieder   text NOT NULL REFERENCES eduv_aanbieder (id),
  sender_oin           text NOT NULL REFERENCES eduv_participant (oin),
  receiver_oin         text NOT NULL REFERENCES eduv_participant (oin),
  status               text NOT NULL CHECK (status IN ('pending', 'active', 'inactive')),
  -- NULL: the whole onderwijsaanbieder. An empty narrowing would disclose nothing: deactivate instead.
  subject_offering_ids text[] CHECK (subject_offering_ids IS NULL OR cardinality(subject_offering_ids) > 0),
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT eduv_activation_key UNIQUE (gegevensdienst, onderwijsaanbieder, sender_oin, receiver_oin)
);
CREATE INDEX eduv_activation_aanbieder_idx ON eduv_activation (onderwijsaanbieder);
CREATE INDEX eduv_activation_receiver_idx ON eduv_activation (receiver_oin);

-- Append-only; `seq` gives the order (several events may share one transaction time).
CREATE TABLE eduv_activation_event (
  seq                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  activation_id        uuid NOT NULL REFERENCES eduv_activation (id),
  action               text NOT NULL CHECK (action IN ('activated', 'confirmed', 'deactivated')),
  actor                text NOT NULL CHECK (btrim(actor) <> ''),
  actor_client_id      text,
  acr                  text,
  at                   timestamptz NOT NULL DEFAULT now(),
  -- The state the activation was left in by this event.
  status               text NOT NULL CHECK (status IN ('pending', 'active', 'inactive')),
  subject_offering_ids text[]
);
CREATE INDEX eduv_activation_event_activation_idx ON eduv_activation_event (activation_id, seq);

CREATE TABLE eduv_processing_agreement (
  id              uuid PRIMARY KEY,
  participant_oin text NOT NULL REFERENCES eduv_participant (oin),
  bestuur_id      text NOT NULL REFERENCES eduv_bestuur (id),
  valid_from      date NOT NULL,
  valid_to        date CHECK (valid_to IS NULL OR valid_to >= valid_from),
  reference       text,
  created_at      timestamptz NOT NULL DEFAULT now()
);
-- The same agreement twice would say nothing new; adding it again returns the one stored.
CREATE UNIQUE INDEX eduv_processing_agreement_identity ON eduv_processing_agreement
  (participant_oin, bestuur_id, valid_from, COALESCE(valid_to, 'infinity'::date), COALESCE(reference, ''));

CREATE FUNCTION eduv_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'Edu-V activation history is append-only: % on % is not allowed', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER eduv_activation_event_no_change BEFORE UPDATE OR DELETE ON eduv_activation_event
  FOR EACH ROW EXECUTE FUNCTION eduv_reject_change();
CREATE TRIGGER eduv_activation_event_no_truncate BEFORE TRUNCATE ON eduv_activation_event
  FOR EACH STATEMENT EXECUTE FUNCTION eduv_reject_change();
-- An activation with history is never removed (the foreign key refuses too); this says why.
CREATE TRIGGER eduv_activation_no_delete BEFORE DELETE ON eduv_activation
  FOR EACH ROW EXECUTE FUNCTION eduv_reject_change();
CREATE TRIGGER eduv_activation_no_truncate BEFORE TRUNCATE ON eduv_activation
  FOR EACH STATEMENT EXECUTE FUNCTION eduv_reject_change();
