-- Edu-V: the applications through which an onderwijsaanbieder's applicatiebeheerder manages
-- activations (activateExchange, deactivateExchange, activations). A beheerder's token counts only
-- when issued to one of these: the same employee's token for any other client (a receiving
-- supplier's own application, a BRP process application) manages nothing. They are the sending
-- participant's (this facade's) own applications, so no participant column.
--   GRANT SELECT ON eduv_beheer_application TO facade;
CREATE TABLE eduv_beheer_application (
  client_id   text PRIMARY KEY CHECK (client_id ~ '^[!-~]{1,255}$'),
  application text NOT NULL CHECK (length(btrim(application)) BETWEEN 1 AND 200),
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
