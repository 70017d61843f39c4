// The BRP's vocabulary for the plan engine (src/engine/plan/vocabulary.ts): persons
// are the data subjects, identified by their BSN; the domestic aliases arrive
// under their source group; dates, code tables and inOnderzoek groups are
// delivered (and recorded) whole; search criteria reveal person fields.
import { isAbstractType, type GraphQLCompositeType } from 'graphql';
import type { PlanVocabulary, SubjectSpec } from '../../base/graphql/plan-vocabulary.ts';
import { MAX_BSNS_PER_QUERY } from './input.ts';
import { criteriaUsed } from './search-criteria.ts';
import { AUTO_DELIVERED_ROOT_FIELDS, IN_ONDERZOEK, LINK_FIELDS, WHOLE_OBJECT_TYPES, unaliasDomestic } from './vocabulary.ts';

const PERSON: SubjectSpec = { subjectType: 'BSN', idField: 'burgerservicenummer' };
// A person as Personen, a search, the verblijfplaatshistorie and the reisdocumenten answer them.
const PERSON_TYPES = new Set(['Persoon', 'PersoonBeperkt', 'Verblijfplaatshistorie', 'Reisdocumentenhouder', 'Bewoner']);
const BRP_ABSTRACT_TYPES = new Set(['AbstractVerblijfplaats', 'AbstractVerblijfplaatsVoorkomen', 'AbstractNationaliteit', 'Gezagsrelatie']);

/** The BRP delivers at most this many persons per search (more is tooManyResults). */
export const MAX_SEARCH_HITS = 10;

/**
 * Relatives per person, as the cost estimates them before anything is fetched: two parents,
 * a current and an earlier partner, a few children. A caller that needs more asks in parts.
 */
const LINK_FAN_OUT: Readonly<Record<string, number>> = { 'Ouder.persoon': 2, 'Partner.persoon': 2, 'Kind.persoon': 4 };
/** Bewoners of an address per bewoning, estimated: a household. */
const BEWONERS_PER_BEWONING = 4;
const ROOT_PREFIX: Readonly<Record<string, string>> = { 'Query.bewoningen': 'verblijfplaats.bewoning', 'Query.adresseerbaarObject': 'verblijfplaats.adresseerbaarObject' };

export const brpVocabulary: PlanVocabulary = {
  subject: (typeName) => (PERSON_TYPES.has(typeName) ? PERSON : undefined),
  arrivalPath: unaliasDomestic,
  recordedWhole: ({ fieldName, namedType, upstreamPath }) =>
    WHOLE_OBJECT_TYPES.has(namedType.name) || fieldName === IN_ONDERZOEK || (!upstreamPath.includes('.') && AUTO_DELIVERED_ROOT_FIELDS.has(fieldName)),
  typenameReveals: (type: GraphQLCompositeType, prefix) => (prefix && isAbstractType(type) && BRP_ABSTRACT_TYPES.has(type.name) ? `${prefix}.type` : undefined),
  criteria: (coordinate, args) => (coordinate === 'Query.zoekPersonen' ? criteriaUsed(args) : []),
  subjectsAt: (coordinate, args) => {
    const persons = (count: number) => ({ subjectType: 'BSN' as const, count });
    if (coordinate === 'Query.persoon') return persons(1);
    // One person each: the verblijfplaatshistorie of a BSN, the documents of a holder, one document's holder.
    if (coordinate === 'Query.verblijfplaatshistorie' || coordinate === 'Query.reisdocumenten' || coordinate === 'Query.reisdocument') return persons(1);
    // An address: its bewoners are counted at their lists (linkFanOut); one more for the address itself, to be safe.
    if (coordinate === 'Query.bewoningen') return persons(1);
    // More than 100 BSNs is refused as bad input, naming the argument: counted as the 100 it may be.
    if (coordinate === 'Query.personen') return persons(Array.isArray(args.burgerservicenummers) ? Math.min(args.burgerservicenummers.length, MAX_BSNS_PER_QUERY) : 0);
    if (coordinate === 'Query.zoekPersonen') return persons(MAX_SEARCH_HITS);
    return undefined;
  },
  // Partner.persoon under `partners`: the partner's identity is the person's partners.burgerservicenummer.
  linkRecordPath: (coordinate, path) => (LINK_FIELDS.has(coordinate) ? `${path.slice(0, path.lastIndexOf('.'))}.burgerservicenummer` : undefined),
  linkFanOut: (coordinate) => {
    if (LINK_FIELDS.has(coordinate)) return LINK_FAN_OUT[coordinate];
    // The bewoners are persons reached from an address.
    if (coordinate === 'Bewoning.bewoners' || coordinate === 'Bewoning.mogelijkeBewoners') return BEWONERS_PER_BEWONING;
    return undefined;
  },
  rootPrefix: (coordinate) => ROOT_PREFIX[coordinate],
};
