// The searches of zoekPersonen, one table: per GraphQL argument its BRP query
// type, its response type, and every criterion with the person field it
// reveals. A criterion is a disclosure: a hit tells the caller that the person
// found has that value. So a criterion may be used only when the purpose holds
// the field it reveals (rules/brp-rules.ts), the policy may not permit a search
// whose required criteria it could never use (rules/policy.ts), and the record
// of each person found lists the fields its criteria revealed.
import type { BrpResponseType } from './field-catalogue.ts';
import type { PatternName } from './input.ts';
import type { BrpQueryType } from './query-types.ts';

export interface Criterion {
  /** The upstream field a hit reveals the value of. */
  reveals: string;
  required: boolean;
  /** The spec's pattern for the value (input.ts); huisnummer is checked as a number. */
  pattern?: PatternName;
}

export interface SearchSpec {
  /** The zoekPersonen argument. */
  argument: string;
  type: BrpQueryType;
  responseType: BrpResponseType;
  /** A scalar argument wrapped into the upstream parameter of this name. */
  parameter?: string;
  criteria: Readonly<Record<string, Criterion>>;
}

const ADRES = 'verblijfplaats.verblijfadres';
const c = (reveals: string, required: boolean, pattern?: PatternName): Criterion => ({ reveals, required, pattern });

export const SEARCHES: readonly SearchSpec[] = [
  {
    argument: 'geslachtsnaamEnGeboortedatum',
    type: 'ZoekMetGeslachtsnaamEnGeboortedatum',
    responseType: 'PersoonBeperkt',
    criteria: {
      geslachtsnaam: c('naam.geslachtsnaam', true, 'geslachtsnaam'),
      geboortedatum: c('geboorte.datum', true, 'datum'),
      geslacht: c('geslacht', false, 'geslacht'),
      voorvoegsel: c('naam.voorvoegsel', false, 'voorvoegsel'),
      voornamen: c('naam.voornamen', false, 'voornamen'),
    },
  },
  {
    argument: 'naamEnGemeenteVanInschrijving',
    type: 'ZoekMetNaamEnGemeenteVanInschrijving',
    responseType: 'PersoonBeperkt',
    criteria: {
      geslachtsnaam: c('naam.geslachtsnaam', true, 'geslachtsnaam'),
      voornamen: c('naam.voornamen', true, 'voornamen'),
      gemeenteVanInschrijving: c('gemeenteVanInschrijving', true, 'gemeenteVanInschrijving'),
      geslacht: c('geslacht', false, 'geslacht'),
      voorvoegsel: c('naam.voorvoegsel', false, 'voorvoegsel'),
    },
  },
  {
    argument: 'postcodeEnHuisnummer',
    type: 'ZoekMetPostcodeEnHuisnummer',
    responseType: 'PersoonBeperkt',
    criteria: {
      postcode: c(`${ADRES}.postcode`, true, 'postcode'),
      huisnummer: c(`${ADRES}.huisnummer`, true),
      huisletter: c(`${ADRES}.huisletter`, false, 'huisletter'),
      huisnummertoevoeging: c(`${ADRES}.huisnummertoevoeging`, false, 'huisnummertoevoeging'),
      geboortedatum: c('geboorte.datum', false, 'datum'),
      geslachtsnaam: c('naam.geslachtsnaam', false, 'geslachtsnaam'),
    },
  },
  {
    argument: 'straatHuisnummerEnGemeenteVanInschrijving',
    type: 'ZoekMetStraatHuisnummerEnGemeenteVanInschrijving',
    responseType: 'PersoonBeperkt',
    criteria: {
      straat: c(`${ADRES}.straat`, true, 'straat'),
      huisnummer: c(`${ADRES}.huisnummer`, true),
      gemeenteVanInschrijving: c('gemeenteVanInschrijving', true, 'gemeenteVanInschrijving'),
      huisletter: c(`${ADRES}.huisletter`, false, 'huisletter'),
      huisnummertoevoeging: c(`${ADRES}.huisnummertoevoeging`, false, 'huisnummertoevoeging'),
    },
  },
  {
    argument: 'nummeraanduidingIdentificatie',
    type: 'ZoekMetNummeraanduidingIdentificatie',
    responseType: 'PersoonBeperkt',
    parameter: 'nummeraanduidingIdentificatie',
    criteria: { nummeraanduidingIdentificatie: c('verblijfplaats.nummeraanduidingIdentificatie', true, 'identificatie') },
  },
  {
    argument: 'adresseerbaarObjectIdentificatie',
    type: 'ZoekMetAdresseerbaarObjectIdentificatie',
    responseType: 'GezagPersoonBeperkt',
    parameter: 'adresseerbaarObjectIdentificatie',
    criteria: { adresseerbaarObjectIdentificatie: c('verblijfplaats.adresseerbaarObjectIdentificatie', true, 'identificatie') },
  },
];

// `inclusiefOverledenPersonen` is no criterion: it is the purpose's includeDeceased switch.

const given = (value: unknown) => value !== undefined && value !== null;

/** The searches an argument set of zoekPersonen names (exactly one is valid). */
export function searchesOf(args: Readonly<Record<string, unknown>>): SearchSpec[] {
  return SEARCHES.filter((s) => given(args[s.argument]));
}

export function searchTypeOf(args: Readonly<Record<string, unknown>>): BrpQueryType | undefined {
  const found = searchesOf(args);
  return found.length === 1 ? found[0].type : undefined;
}

/** The upstream parameters of one search: its criteria as the BRP names them. */
export function searchParameters(spec: SearchSpec, args: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const raw = args[spec.argument];
  return spec.parameter ? { [spec.parameter]: raw } : { ...(raw as Record<string, unknown>) };
}

export interface UsedCriterion {
  /** The argument as the caller wrote it: `postcodeEnHuisnummer.geboortedatum`. */
  argument: string;
  reveals: string;
}

/** Every criterion the arguments use (all searches named, so a double search cannot hide one). */
export function criteriaUsed(args: Readonly<Record<string, unknown>>): UsedCriterion[] {
  const used: UsedCriterion[] = [];
  for (const spec of searchesOf(args)) {
    const parameters = searchParameters(spec, args);
    for (const [name, criterion] of Object.entries(spec.criteria)) {
      if (!given(parameters[name])) continue;
      used.push({ argument: spec.parameter ? spec.argument : `${spec.argument}.${name}`, reveals: criterion.reveals });
    }
  }
  return used;
}

/** The criteria a search type cannot be used without. */
export function requiredCriteria(type: BrpQueryType): UsedCriterion[] {
  const spec = SEARCHES.find((s) => s.type === type);
  if (!spec) return [];
  return Object.entries(spec.criteria)
    .filter(([, criterion]) => criterion.required)
    .map(([name, criterion]) => ({ argument: spec.parameter ? spec.argument : `${spec.argument}.${name}`, reveals: criterion.reveals }));
}
