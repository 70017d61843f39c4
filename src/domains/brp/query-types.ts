// The query types of BRP Personen Bevragen v2 (spec 2.7.0, the `type` discriminator of POST /personen).
export const BRP_QUERY_TYPES = [
  'RaadpleegMetBurgerservicenummer',
  'ZoekMetGeslachtsnaamEnGeboortedatum',
  'ZoekMetNaamEnGemeenteVanInschrijving',
  'ZoekMetPostcodeEnHuisnummer',
  'ZoekMetStraatHuisnummerEnGemeenteVanInschrijving',
  'ZoekMetNummeraanduidingIdentificatie',
  'ZoekMetAdresseerbaarObjectIdentificatie',
] as const;
export type BrpQueryType = (typeof BRP_QUERY_TYPES)[number];

import { BEWONING_QUERY_TYPES, HISTORIE_QUERY_TYPES, REISDOCUMENTEN_QUERY_TYPES } from './apis.ts';

/** Every query type a purpose may name: Personen's and those of the other APIs of the family. */
export const POLICY_QUERY_TYPES = [...BRP_QUERY_TYPES, ...HISTORIE_QUERY_TYPES, ...REISDOCUMENTEN_QUERY_TYPES, ...BEWONING_QUERY_TYPES] as const;
export type PolicyQueryType = (typeof POLICY_QUERY_TYPES)[number];
