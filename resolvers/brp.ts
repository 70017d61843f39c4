// BRP resolvers: arguments in, loader or client calls, upstream JSON out.
// The upstream JSON already has the schema's shape; only the `persoon` links,
// the domestic aliases and the polymorphic types need resolvers of their own.
import type { GraphQLResolveInfo } from 'graphql';
import type { Resolvers, ResolversTypes } from '../src/generated/graphql.ts';
import type { RequestContext } from './context.ts';
import { badInput, checkBsn, checkBsnList, checkSearchInput } from '../src/domains/brp/input.ts';
import { upstreamToGraphQLError } from '../src/base/upstream/to-graphql-error.ts';
import { BRP_PROBLEMS } from '../src/domains/brp/problems.ts';
import { selectedUpstreamPaths, toUpstreamFields } from '../src/domains/brp/upstream-fields.ts';
import type { BrpResponseType } from '../src/domains/brp/field-catalogue.ts';
import type { UpstreamPerson } from '../src/domains/brp/person-loader.ts';
import { SEARCHES, criteriaUsed, searchParameters, searchesOf } from '../src/domains/brp/search-criteria.ts';
import { forbidden } from '../src/base/errors/forbidden.ts';
import { selectionFor, type Executable } from '../src/engine/plan/executable-document.ts';
import type { SelectionPlan } from '../src/engine/plan/plan.ts';

// The push-down of one plan selection is the same for every person of a list, and for every
// request that runs the same executed document (same plan, same rights): computed once per
// (executed document, selection, response type). Never per selection alone: one plan serves
// callers with different rights.
const fieldsCache = new WeakMap<Executable, Map<SelectionPlan, Map<BrpResponseType, string[]>>>();

/** The `fields` for the persons this resolver returns: the permitted positions of the plan, never wider. */
function upstreamFieldsFor(ctx: RequestContext, info: GraphQLResolveInfo, responseType: BrpResponseType): string[] {
  const executable = ctx.plan;
  if (!executable) throw new Error('BRP resolver outside a planned operation');
  const selection = selectionFor(executable, info.fieldNodes);
  let bySelection = fieldsCache.get(executable);
  if (!bySelection) fieldsCache.set(executable, (bySelection = new Map()));
  let byType = bySelection.get(selection);
  if (!byType) bySelection.set(selection, (byType = new Map()));
  let fields = byType.get(responseType);
  if (!fields) {
    fields = toUpstreamFields(selectedUpstreamPaths(selection, executable.permitted).paths, responseType).fields;
    byType.set(responseType, fields);
  }
  return fields;
}

/**
 * The person if the purpose's object rules allow it, else null. A withheld person is recorded
 * here; what a delivered person discloses is read off the final response (src/engine/plan/record-delivered.ts).
 * Persons are screened where they are returned, so a relative reached through `persoon` is screened like anyone.
 */
function screen(ctx: RequestContext, person: UpstreamPerson | null): UpstreamPerson | null {
  if (!person?.burgerservicenummer) return person;
  ctx.disclosures.noteFetched('BSN', person.burgerservicenummer);
  const withheld = ctx.objectRules.screen(person);
  if (!withheld) return person;
  ctx.disclosures.record({ subjectType: 'BSN', subjectId: person.burgerservicenummer, fields: [], status: 'withheld', reason: withheld });
  return null;
}

/** A person through Personen, screened by the purpose's object rules (null: not delivered or withheld). */
export async function loadPerson(ctx: RequestContext, info: GraphQLResolveInfo, bsn: string, argument: string): Promise<UpstreamPerson | null> {
  const fields = upstreamFieldsFor(ctx, info, 'Persoon');
  let person: UpstreamPerson | null;
  try {
    person = await ctx.brp.persons.load(bsn, fields);
  } catch (err) {
    throw upstreamToGraphQLError(err, { service: 'the BRP', problems: BRP_PROBLEMS, argumentFor: (param) => (param === 'burgerservicenummer' ? argument : undefined) });
  }
  return screen(ctx, person);
}

async function followLink(parent: { burgerservicenummer?: string | null }, ctx: RequestContext, info: GraphQLResolveInfo) {
  const bsn = parent.burgerservicenummer;
  if (!bsn) return null;
  return loadPerson(ctx, info, bsn, `${info.path.prev?.key ?? 'relatie'}.burgerservicenummer`);
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
      const given = searchesOf(args);
      if (given.length !== 1) {
        throw badInput('zoekPersonen', `give exactly one search: ${SEARCHES.map((s) => s.argument).join(', ')}`);
      }
      const spec = given[0];
      // The rules checked these on the document; checked again on the arguments execution really got.
      if (!ctx.authz.purpose?.queries.has(spec.type)) throw forbidden('QUERY_NOT_IN_PURPOSE');
      const outside = criteriaUsed(args).find((c) => !ctx.authz.fieldSet?.permits(c.reveals));
      if (outside) throw forbidden('CRITERION_NOT_IN_PURPOSE', outside.argument);
      const parameters = searchParameters(spec, args);
      checkSearchInput(spec.argument, parameters, spec.criteria);
      const fields = upstreamFieldsFor(ctx, info, spec.responseType);
      const restriction = ctx.objectRules.upstreamParameters;
      if (restriction.gemeenteVanInschrijving && parameters.gemeenteVanInschrijving && parameters.gemeenteVanInschrijving !== restriction.gemeenteVanInschrijving) {
        throw forbidden('OUTSIDE_MUNICIPALITY');
      }
      const deceasedToo = args.inclusiefOverledenPersonen === true && ctx.authz.purpose?.includeDeceased === true;
      try {
        const found = (await ctx.brp.client.personen(
          { type: spec.type, ...parameters, ...restriction, ...(deceasedToo ? { inclusiefOverledenPersonen: true } : {}), fields },
          { trace: ctx.trace },
        )) as UpstreamPerson[];
        return found.map((person) => screen(ctx, person)).filter((p): p is UpstreamPerson => p !== null);
      } catch (err) {
        throw upstreamToGraphQLError(err, {
          service: 'the BRP',
          problems: BRP_PROBLEMS,
          argumentFor: (param) => (param in parameters ? (spec.parameter ? spec.argument : `${spec.argument}.${param}`) : undefined),
        });
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
