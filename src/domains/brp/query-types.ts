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
