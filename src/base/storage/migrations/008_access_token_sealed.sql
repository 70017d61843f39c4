-- With PROTOCOL_TOKEN_EVIDENCE=on the signed access token itself, sealed with the protocol's keys, so
-- that the IdP's signature can be shown later (protocol:verify --evidence, against the issuer keys
-- kept beside the witness — not in the database, where whoever rewrites records could swap them).
ALTER TABLE protocol_access ADD COLUMN token_sealed text;
