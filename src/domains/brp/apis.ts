// The APIs beside Personen, as the facade serves them: fields of the person (or of the person's
// address), each with its query types and the dotted paths its answers hold. A purpose names these
// paths under the API's prefix (`verblijfplaatshistorie.verblijfadres`, `reisdocumenten.soort`,
// `verblijfplaats.bewoning.aantalBewoners`, `verblijfplaats.adresseerbaarObject.oppervlakte`); neither
// `*` nor a Personen group that contains the prefix (`verblijfplaats`) reaches them, so a purpose gets
// nothing of another API unless it lists it.
import { specFieldPaths } from './spec-paths.ts';
import { unaliasDomestic } from './vocabulary.ts';

export const HISTORIE_QUERY_TYPES = ['RaadpleegMetPeildatum', 'RaadpleegMetPeriode'] as const;
export type HistorieQueryType = (typeof HISTORIE_QUERY_TYPES)[number];
export const REISDOCUMENTEN_QUERY_TYPES = ['RaadpleegMetReisdocumentnummer', 'ZoekMetBurgerservicenummer'] as const;
export type ReisdocumentenQueryType = (typeof REISDOCUMENTEN_QUERY_TYPES)[number];
export const BEWONING_QUERY_TYPES = ['BewoningMetPeildatum', 'BewoningMetPeriode'] as const;
export type BewoningQueryType = (typeof BEWONING_QUERY_TYPES)[number];

/** A count the facade derives without disclosing whom it counts (src/domains/brp/bewoning/). */
export const AANTAL_BEWONERS = 'aantalBewoners';

export interface BrpApi {
  /** Where the API sits below the person: the prefix of its policy paths. */
  prefix: 'verblijfplaatshistorie' | 'reisdocumenten' | 'verblijfplaats.bewoning' | 'verblijfplaats.adresseerbaarObject';
  title: string;
  queryTypes: readonly string[];
  /** Paths below the prefix that the API's answers hold (from its OpenAPI spec in data/). */
  fieldPaths(): ReadonlySet<string>;
  /** The Personen path a purpose must hold to follow the link at all (the address's identificatie). */
  key?: string;
}

export const BRP_APIS: readonly BrpApi[] = [
  {
    prefix: 'verblijfplaatshistorie',
    title: 'BRP Verblijfplaatshistorie',
    queryTypes: HISTORIE_QUERY_TYPES,
    fieldPaths: () => specFieldPaths('brp-historie', 'AbstractVerblijfplaatsVoorkomen'),
  },
  {
    prefix: 'reisdocumenten',
    title: 'Reisdocumenten',
    queryTypes: REISDOCUMENTEN_QUERY_TYPES,
    fieldPaths: () => specFieldPaths('brp-reisdocumenten', 'Reisdocument'),
  },
  {
    prefix: 'verblijfplaats.bewoning',
    title: 'BRP Bewoning',
    queryTypes: BEWONING_QUERY_TYPES,
    /** The bewoners are persons: what of them may be seen is their Personen fields, as for any person. */
    key: 'verblijfplaats.adresseerbaarObjectIdentificatie',
    fieldPaths: () => new Set([...specFieldPaths('brp-bewoning', 'Bewoning')].filter((p) => !/^(bewoners|mogelijkeBewoners)\./.test(p)).concat(AANTAL_BEWONERS)),
  },
  {
    prefix: 'verblijfplaats.adresseerbaarObject',
    title: 'BAG',
    // No query types: an address's object is looked up by its identificatie, nothing is searched.
    queryTypes: [],
    key: 'verblijfplaats.adresseerbaarObjectIdentificatie',
    fieldPaths: () => new Set(['identificatie', 'type', 'heeftAlsHoofdAdres', 'heeftAlsNevenAdres', 'gebruiksdoelen', 'oppervlakte', 'status', 'geconstateerd', 'documentdatum', 'documentnummer', 'maaktDeelUitVan']),
  },
];

/** The API a policy path belongs to, by its prefix; undefined: Personen. */
export function apiOfPath(path: string): BrpApi | undefined {
  const bare = unaliasDomestic(path);
  return BRP_APIS.find((api) => bare === api.prefix || bare.startsWith(`${api.prefix}.`));
}

/** The API a query type belongs to; undefined: Personen. */
export function apiOfQueryType(queryType: string): BrpApi | undefined {
  return BRP_APIS.find((api) => api.queryTypes.includes(queryType));
}
