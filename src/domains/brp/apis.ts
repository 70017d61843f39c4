// The BRP family beside Personen, as the facade serves them: fields of the person, each with its
// query types and the dotted paths its answers hold. A purpose names these paths under the API's
// prefix (`verblijfplaatshistorie.verblijfadres`, `reisdocumenten.soort`); `*` is Personen's only,
// so a purpose gets nothing of another API unless it lists it.
import { specFieldPaths } from './spec-paths.ts';

export const HISTORIE_QUERY_TYPES = ['RaadpleegMetPeildatum', 'RaadpleegMetPeriode'] as const;
export type HistorieQueryType = (typeof HISTORIE_QUERY_TYPES)[number];
export const REISDOCUMENTEN_QUERY_TYPES = ['RaadpleegMetReisdocumentnummer', 'ZoekMetBurgerservicenummer'] as const;
export type ReisdocumentenQueryType = (typeof REISDOCUMENTEN_QUERY_TYPES)[number];

export interface BrpApi {
  /** The field of the person (and the prefix of its policy paths). */
  prefix: 'verblijfplaatshistorie' | 'reisdocumenten';
  title: string;
  queryTypes: readonly string[];
  /** Paths below the prefix that the API's answers hold (from its OpenAPI spec in data/). */
  fieldPaths(): ReadonlySet<string>;
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
];

/** The API a policy path belongs to, by its first segment; undefined: Personen. */
export function apiOfPath(path: string): BrpApi | undefined {
  const head = path.split('.', 1)[0];
  return BRP_APIS.find((api) => api.prefix === head);
}

/** The API a query type belongs to; undefined: Personen. */
export function apiOfQueryType(queryType: string): BrpApi | undefined {
  return BRP_APIS.find((api) => api.queryTypes.includes(queryType));
}
