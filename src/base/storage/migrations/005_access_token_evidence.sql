-- The token behind a request, as evidence (onweerlegbaar): its issuer, id (jti / Entra uti), issued-at
-- and expiry (seconds since the epoch, as in the token), acr, the roles that granted the request's
-- purpose, the token's scopes, and the SHA-256 of the compact token as presented. NULL for every
-- record written before this version: the hash omits absent members, so earlier records verify as
-- they did.
ALTER TABLE protocol_access ADD COLUMN token_issuer text;
ALTER TABLE protocol_access ADD COLUMN token_id text;
ALTER TABLE protocol_access ADD COLUMN token_issued_at bigint;
ALTER TABLE protocol_access ADD COLUMN token_expires_at bigint;
ALTER TABLE protocol_access ADD COLUMN token_acr text;
ALTER TABLE protocol_access ADD COLUMN token_roles text[];
ALTER TABLE protocol_access ADD COLUMN token_scopes text[];
ALTER TABLE protocol_access ADD COLUMN token_sha256 text;
