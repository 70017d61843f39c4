-- One model of who acts (RFC 8693 §4.1): the access record names the current actor by the same
-- identity that was authorised (its client_id, else its sub) and, in actor_chain, the earlier actors of
-- a nested `act` chain, outermost first. NULL without earlier actors and for every record written
-- before this version: the hash omits an absent chain, so earlier records verify as they did.
ALTER TABLE protocol_access ADD COLUMN actor_chain text[];
