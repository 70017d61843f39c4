// BRP resolvers: arguments in, loader or client calls, upstream JSON out.
// The upstream JSON already has the schema's shape; only the `persoon` links,
// the domestic aliases and the polymorphic types need resolvers of their own.
import { getNamedType, type GraphQLCompositeType, type GraphQLResolveInfo } from 'graphql';
import type { Resolvers, ResolversTypes } from '../src/generated/graphql.ts';
import type { RequestContext } from '../src/server/context.ts';
import { badInput, checkBsn, checkBsnList, checkSearchInput, type PatternName } from '../src/brp/input.ts';
import { upstreamToGraphQLError } from '../src/brp/errors.ts';
import { selectedUpstreamPaths, toUpstreamFields, type UpstreamFields } from '../src/brp/upstream-fields.ts';
import type { BrpResponseType } from '../src/brp/field-catalogue.ts';
import type { UpstreamPerson } from '../src/brp/person-loader.ts';
import { presentPaths } from '../src/disclosure/disclosures.ts';
import { forbidden } from '../src/authorize/forbidden.ts';
import type { BrpQueryType } from '../rules/policy.ts';

// The same field nodes recur for every item of a list: compute `fields` once per request and position.
const fieldsCache = new WeakMap<object, UpstreamFields>();

function upstreamFieldsFor(info: GraphQLResolveInfo, responseType: BrpResponseType): UpstreamFields {
  const cached = fieldsCache.get(info.fieldNodes);
  if (cached) return cached;
  const ctx = { schema: info.schema, fragments: info.fragments, variableValues: info.variableValues };
  const selected = selectedUpstreamPaths(ctx, info.fieldNodes, getNamedType(info.returnType) as GraphQLCompositeType);
  const result = toUpstreamFields(selected.paths, responseType, selected.autoDelivered);
  fieldsCache.set(info.fieldNodes, result);
  return result;
}

/**
 * The person if the purpose's object rules allow it, else null; either way the
 * outcome is recorded for the protocol. Persons are screened where they are
 * returned, so a relative reached through `persoon` is screened like anyone.
 */
function disclose(ctx: RequestContext, person: UpstreamPerson | null, fields: readonly string[]): UpstreamPerson | null {
  if (!person?.burgerservicenummer) return person;
  const withheld = ctx.objectRules.screen(person);
  ctx.disclosures.record({
    subjectType: 'BSN',
    subjectId: person.burgerservicenummer,
    fields: withheld ? [] : presentPaths(person, fields),
    status: withheld ? 'withheld' : 'disclosed',
    reason: withheld,
  });
  return withheld ? null : person;
}

async function loadPerson(ctx: RequestContext, info: GraphQLResolveInfo, bsn: string, argument: string): Promise<UpstreamPerson | null> {
  const { fields, disclosable } = upstreamFieldsFor(info, 'Persoon');
  let person: UpstreamPerson | null;
  try {
    person = await ctx.brp.persons.load(bsn, fields);
  } catch (err) {
    throw upstreamToGraphQLError(err, (param) => (param === 'burgerservicenummer' ? argument : undefined));
  }
  return disclose(ctx, person, disclosable);
}

async function followLink(parent: { burgerservicenummer?: string | null }, ctx: RequestContext, info: GraphQLResolveInfo) {
  const bsn = parent.burgerservicenummer;
  if (!bsn) return null;
  return loadPerson(ctx, info, bsn, `${info.path.prev?.key ?? 'relatie'}.burgerservicenummer`);
}

interface SearchSpec {
  argument: string;
  type: BrpQueryType;
  patterns: Record<string, PatternName>;
  responseType: BrpResponseType;
  /** Wrap a scalar argument into the upstream parameter object. */
  parameter?: string;
}

const SEARCHES: SearchSpec[] = [
  {
    argument: 'geslachtsnaamEnGeboortedatum',
    type: 'ZoekMetGeslachtsnaamEnGeboortedatum',
    patterns: { geslachtsnaam: 'geslachtsnaam', geboortedatum: 'datum', geslacht: 'geslacht', voorvoegsel: 'voorvoegsel', voornamen: 'voornamen' },
    responseType: 'PersoonBeperkt',
  },
  {
    argument: 'naamEnGemeenteVanInschrijving',
    type: 'ZoekMetNaamEnGemeenteVanInschrijving',
    patterns: { geslachtsnaam: 'geslachtsnaam', voornamen: 'voornamen', gemeenteVanInschrijving: 'gemeenteVanInschrijving', geslacht: 'geslacht', voorvoegsel: 'voorvoegsel' },
    responseType: 'PersoonBeperkt',
  },
  {
    argument: 'postcodeEnHuisnummer',
    type: 'ZoekMetPostcodeEnHuisnummer',
    patterns: { postcode: 'postcode', huisletter: 'huisletter', huisnummertoevoeging: 'huisnummertoevoeging', geboortedatum: 'datum', geslachtsnaam: 'geslachtsnaam' },
    responseType: 'PersoonBeperkt',
  },
  {
    argument: 'straatHuisnummerEnGemeenteVanInschrijving',
    type: 'ZoekMetStraatHuisnummerEnGemeenteVanInschrijving',
    patterns: { straat: 'straat', gemeenteVanInschrijving: 'gemeenteVanInschrijving', huisletter: 'huisletter', huisnummertoevoeging: 'huisnummertoevoeging' },
    responseType: 'PersoonBeperkt',
  },
  {
    argument: 'nummeraanduidingIdentificatie',
    type: 'ZoekMetNummeraanduidingIdentificatie',
    parameter: 'nummeraanduidingIdentificatie',
    patterns: { nummeraanduidingIdentificatie: 'identificatie' },
    responseType: 'PersoonBeperkt',
  },
  {
    argument: 'adresseerbaarObjectIdentificatie',
    type: 'ZoekMetAdresseerbaarObjectIdentificatie',
    parameter: 'adresseerbaarObjectIdentificatie',
    patterns: { adresseerbaarObjectIdentificatie: 'identificatie' },
    responseType: 'GezagPersoonBeperkt',
  },
];

/** The BRP query type that a zoekPersonen argument set names (exactly one search), for the rules. */
export function brpSearchTypeOf(args: Record<string, unknown>): BrpQueryType | undefined {
  const given = SEARCHES.filter((s) => args[s.argument] !== undefined && args[s.argument] !== null);
  return given.length === 1 ? given[0].type : undefined;
}

function isDomestic(verblijfplaats: unknown): boolean {
  const type = (verblijfplaats as { type?: string } | null | undefined)?.type;
  return type === 'Adres' || type === 'Locatie';
}

/**
 * The domestic part of an adressering, or null for a foreign address (the
 * upstream omits `land` for Dutch addresses). Projected field by field, so the
 * alias can never carry more than its own fields.
 */
type DomesticAdressering = Awaited<ResolversTypes['AdresseringBinnenland']>;
function domesticAdressering(
  adressering: (Partial<Omit<DomesticAdressering, '__typename'>> & { land?: { code?: string | null } | null }) | null | undefined,
): DomesticAdressering | null {
  if (!adressering || (adressering.land && adressering.land.code !== '6030')) return null;
  const { adresregel1, adresregel2, indicatieVastgesteldVerblijftNietOpAdres, inOnderzoek, aanhef, aanschrijfwijze, gebruikInLopendeTekst } = adressering;
  return { adresregel1, adresregel2, indicatieVastgesteldVerblijftNietOpAdres, inOnderzoek, aanhef, aanschrijfwijze, gebruikInLopendeTekst };
}

/** Concrete GraphQL type = the upstream `type` discriminator; an unknown one is an error, not a guess. */
function byDiscriminator<const Name extends string>(names: readonly Name[]) {
  const known = new Set<string>(names);
  return { __resolveType: (obj: { type: string }): Name | null => (known.has(obj.type) ? (obj.type as Name) : null) };
}

export const brpResolvers: Resolvers<RequestContext> = {
  Query: {
    persoon: async (_root, { burgerservicenummer }, ctx, info) => {
      checkBsn('burgerservicenummer', burgerservicenummer);
      return loadPerson(ctx, info, burgerservicenummer, 'burgerservicenummer');
    },
    personen: async (_root, { burgerservicenummers }, ctx, info) => {
      const unique = [...new Set(checkBsnList('burgerservicenummers', burgerservicenummers))];
      const persons = await Promise.all(unique.map((bsn) => loadPerson(ctx, info, bsn, 'burgerservicenummers')));
      return persons.filter((p): p is UpstreamPerson => p !== null);
    },
    zoekPersonen: async (_root, args, ctx, info) => {
      const given = SEARCHES.filter((s) => args[s.argument as keyof typeof args] != null);
      if (given.length !== 1) {
        throw badInput('zoekPersonen', `give exactly one search: ${SEARCHES.map((s) => s.argument).join(', ')}`);
      }
      const spec = given[0];
      // The rule checked this on the document; checked again on the arguments execution really got.
      if (!ctx.authz.purpose?.queries.has(spec.type)) throw forbidden('QUERY_NOT_IN_PURPOSE');
      const raw = args[spec.argument as keyof typeof args] as unknown;
      const parameters = spec.parameter ? { [spec.parameter]: raw } : { ...(raw as Record<string, unknown>) };
      checkSearchInput(spec.argument, parameters, spec.patterns);
      const { fields, disclosable } = upstreamFieldsFor(info, spec.responseType);
      const restriction = ctx.objectRules.upstreamParameters;
      if (restriction.gemeenteVanInschrijving && parameters.gemeenteVanInschrijving && parameters.gemeenteVanInschrijving !== restriction.gemeenteVanInschrijving) {
        throw forbidden('OUTSIDE_MUNICIPALITY');
      }
      const deceasedToo = args.inclusiefOverledenPersonen === true && ctx.authz.purpose?.includeDeceased === true;
      try {
        const found = (await ctx.brp.client.personen(
          { type: spec.type, ...parameters, ...restriction, ...(deceasedToo ? { inclusiefOverledenPersonen: true } : {}), fields },
          { traceparent: ctx.traceparent },
        )) as UpstreamPerson[];
        return found.map((person) => disclose(ctx, person, disclosable)).filter((p): p is UpstreamPerson => p !== null);
      } catch (err) {
        throw upstreamToGraphQLError(err, (param) =>
          param in parameters ? (spec.parameter ? spec.argument : `${spec.argument}.${param}`) : undefined,
        );
      }
    },
  },
  Persoon: {
    verblijfplaatsBinnenland: (parent) => (isDomestic(parent.verblijfplaats) ? parent.verblijfplaats ?? null : null),
    adresseringBinnenland: (parent) => domesticAdressering(parent.adressering),
  },
  PersoonBeperkt: {
    adresseringBinnenland: (parent) => domesticAdressering(parent.adressering),
  },
  Partner: { persoon: (parent, _args, ctx, info) => followLink(parent, ctx, info) },
  Ouder: { persoon: (parent, _args, ctx, info) => followLink(parent, ctx, info) },
  Kind: { persoon: (parent, _args, ctx, info) => followLink(parent, ctx, info) },
  AbstractDatum: byDiscriminator(['Datum', 'DatumOnbekend', 'JaarDatum', 'JaarMaandDatum']),
  AbstractNationaliteit: byDiscriminator(['Nationaliteit', 'BehandeldAlsNederlander', 'VastgesteldNietNederlander', 'Staatloos', 'NationaliteitOnbekend']),
  AbstractVerblijfplaats: byDiscriminator(['Adres', 'Locatie', 'VerblijfplaatsBuitenland', 'VerblijfplaatsOnbekend']),
  Gezagsrelatie: byDiscriminator(['GezamenlijkOuderlijkGezag', 'EenhoofdigOuderlijkGezag', 'GezamenlijkGezag', 'Voogdij', 'TijdelijkGeenGezag', 'GezagNietTeBepalen']),
};
