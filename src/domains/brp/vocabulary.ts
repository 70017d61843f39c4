// The BRP's own vocabulary, written once: how the BRP Personen API delivers
// what it is asked (spec 2.7.0 and its feature files). The push-down, the plan
// vocabulary, the policy's field sets and the rules all read it from here.

/** Types the upstream delivers only whole: any sub-field asked returns the whole object (fields-datum.feature). */
export const WHOLE_OBJECT_TYPES: ReadonlySet<string> = new Set(['AbstractDatum', 'Datum', 'DatumOnbekend', 'JaarDatum', 'JaarMaandDatum', 'Waardetabel', 'AdellijkeTitelPredicaatType']);

/** Person fields delivered without being asked (and that must not be asked): plus every `inOnderzoek`. */
export const AUTO_DELIVERED_ROOT_FIELDS: ReadonlySet<string> = new Set(['geheimhoudingPersoonsgegevens', 'opschortingBijhouding', 'rni', 'verificatie']);
export const IN_ONDERZOEK = 'inOnderzoek';

/** GraphQL-only fields that follow a relative's BSN to the full person. */
export const LINK_FIELDS: ReadonlySet<string> = new Set(['Partner.persoon', 'Ouder.persoon', 'Kind.persoon']);

/**
 * Fields that are another API of the family (src/domains/brp/apis.ts): a request of their own, with
 * their own push-down; nothing below them is asked of Personen.
 */
export const API_FIELDS: ReadonlySet<string> = new Set(['Persoon.verblijfplaatshistorie', 'Persoon.reisdocumenten', 'Verblijfplaatshistorie.verblijfplaatshistorie', 'Reisdocumentenhouder.reisdocumenten', 'Adres.bewoning', 'Adres.adresseerbaarObject']);

/** Links from an address: followed by its identificatie, which Personen must deliver for them. */
export const ADDRESS_LINK_FIELDS: ReadonlySet<string> = new Set(['Adres.bewoning', 'Adres.adresseerbaarObject']);

/** The domestic aliases: asked under their own name, answered under their source group. */
export const DOMESTIC_ALIASES: Readonly<Record<string, string>> = { verblijfplaatsBinnenland: 'verblijfplaats', adresseringBinnenland: 'adressering' };

/** `verblijfplaatsBinnenland.x` → `verblijfplaats.x`; other paths unchanged. */
export function unaliasDomestic(path: string): string {
  const dot = path.indexOf('.');
  const head = dot < 0 ? path : path.slice(0, dot);
  const source = DOMESTIC_ALIASES[head];
  return source ? source + (dot < 0 ? '' : path.slice(dot)) : path;
}
