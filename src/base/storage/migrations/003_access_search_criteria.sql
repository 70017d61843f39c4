-- The BRP protocol duty covers search criteria: the access record lists the criteria a search
-- used, as argument names (postcodeEnHuisnummer.geboortedatum). Their values are personal data
-- and stay out of the access log; each person found has them in its processing record instead.
-- NULL for requests without criteria, and for every record written before this version: the hash
-- omits an absent list, so earlier records verify as they did.
ALTER TABLE protocol_access ADD COLUMN search_criteria text[];
