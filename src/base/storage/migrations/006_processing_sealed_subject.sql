-- Pseudonymised data subjects (src/engine/protocol/keyring.ts): from this version subject_id holds
-- the subject's keyed pseudonym (`hmac:<key id>:<hex>`) and subject_sealed its encryption; the keys
-- live outside the database. Records written before keep their plain subject_id and a NULL
-- subject_sealed, and verify as they did (their hash has no sealed member, and version 1).
ALTER TABLE protocol_processing ADD COLUMN subject_sealed text;
