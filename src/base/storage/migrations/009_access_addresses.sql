-- What a request disclosed about addresses rather than persons: an adresseerbaar object's BAG data,
-- a count of its bewoners (which names no one). One text per item, `<identificatie> <what>`, e.g.
-- `0599010000208579 aantalBewoners 2026-01-01/2026-01-02: 3`. NULL when there were none, and for
-- every record written before this version: the hash omits an absent list, so earlier records verify.
ALTER TABLE protocol_access ADD COLUMN addresses text[];
