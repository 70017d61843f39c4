-- What a request asked for — the root fields with their arguments: the BSNs / ECK iDs requested and
-- the search criteria with their values — sealed by envelope encryption with the protocol's keys
-- (src/engine/protocol/keyring.ts; the keys are never in the database). NULL for every record
-- written before this version, and without keys: the hash omits absent members.
ALTER TABLE protocol_access ADD COLUMN asked_sealed text;
