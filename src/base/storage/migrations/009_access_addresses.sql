-- What a request disclosed about addresses rather than persons: an adresseerbaar object's BAG data,
-- a count of its bewoners (which names no one). Items like `0599010056000401 aantalBewoners
-- 2026-01-01/2026-01-02: 4`, kept only sealed with the protocol's keys (an address points to a
-- household): without keys they are not kept. NULL when there were none, and for every record written
-- before this version: the hash omits an absent value, so earlier records verify.
ALTER TABLE protocol_access ADD COLUMN addresses_sealed text;
