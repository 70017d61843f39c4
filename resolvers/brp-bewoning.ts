// Resolvers of BRP Bewoning and the BAG, as fields of a person's address and as root queries. The
// address's identificatie is the key they follow (the rules demand the purpose holds it). Every
// bewoner is a person: screened by the purpose's object rules like any other (a secret person is
// withheld and recorded as such), followed to Personen through the batched person loader. The count
// of bewoners discloses no one: it is recorded in the access record with its address, and counts only
// the persons the purpose could have seen.
import type { GraphQLResolveInfo } from 'graphql';
import type { Resolvers } from '../src/generated/graphql.ts';
import type { RequestContext } from './context.ts';
import { bewoningQuestion, checkAdresseerbaarObjectIdentificatie } from '../src/domains/brp/bewoning/input.ts';
import type { Bewoner, Bewoning } from '../src/domains/brp/bewoning/client.ts';
import type { HistorieArguments } from '../src/domains/brp/historie/input.ts';
import { upstreamToGraphQLError } from '../src/base/upstream/to-graphql-error.ts';
import { forbidden } from '../src/base/errors/forbidden.ts';
import { loadPerson } from './brp.ts';

const BEWONING = 'the BRP Bewoning';
const BAG = 'the BAG';

async function calling<T>(service: string, call: () => Promise<T>, argumentFor: (param: string) => string | undefined = () => undefined): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw upstreamToGraphQLError(err, { service, argumentFor });
  }
}

async function bewoningenOf(ctx: RequestContext, id: string, args: HistorieArguments, argumentPrefix: string): Promise<Bewoning[]> {
  const question = bewoningQuestion(args, argumentPrefix);
  // The rules decided this on the document; checked again on the arguments execution really got.
  if (!ctx.authz.purpose?.queries.has(question.type)) throw forbidden('QUERY_NOT_IN_PURPOSE');
  const loader = ctx.brp.bewoning;
  if (!loader) throw upstreamToGraphQLError(new Error('not configured'), { service: BEWONING });
  return calling(BEWONING, () => loader.load(id, question), (param) => (param in args ? `${argumentPrefix}${param}` : undefined));
}

/** The bewoners the purpose may see; the others withheld (and recorded so) by the object rules. */
function screened(ctx: RequestContext, bewoners: readonly Bewoner[] | undefined): Bewoner[] {
  const out: Bewoner[] = [];
  for (const bewoner of bewoners ?? []) {
    const bsn = bewoner.burgerservicenummer;
    if (!bsn) continue;
    const withheld = ctx.objectRules.screen(bewoner);
    if (withheld) {
      ctx.disclosures.record({ subjectType: 'BSN', subjectId: bsn, fields: [], status: 'withheld', reason: withheld });
      continue;
    }
    ctx.disclosures.noteFetched('BSN', bsn);
    out.push(bewoner);
  }
  return out;
}

/** The BAG's HAL answer as one object: whichever of verblijfsobject, ligplaats, standplaats it holds. */
function flatten(hal: Record<string, unknown> | null): Record<string, unknown> | null {
  if (!hal) return null;
  for (const [kind, type] of [['verblijfsobject', 'Verblijfsobject'], ['ligplaats', 'Ligplaats'], ['standplaats', 'Standplaats']] as const) {
    const wrapped = hal[kind] as Record<string, unknown> | undefined;
    if (!wrapped) continue;
    const inner = (wrapped[kind] as Record<string, unknown> | undefined) ?? wrapped;
    return { ...inner, type };
  }
  return null;
}

async function bagObject(ctx: RequestContext, id: string): Promise<Record<string, unknown> | null> {
  const loader = ctx.bag;
  if (!loader) throw upstreamToGraphQLError(new Error('not configured'), { service: BAG });
  const object = flatten(await calling(BAG, () => loader.adresseerbaarObject(id)));
  if (object) ctx.disclosures.noteAddress(id, 'adresseerbaarObject');
  return object;
}

/** A non-nationwide purpose asks about addresses of its own municipality only (an identificatie starts with its code). */
function checkOwnMunicipality(ctx: RequestContext, id: string): void {
  if (ctx.authz.purpose && !ctx.authz.purpose.nationwide && id.slice(0, 4) !== ctx.authz.gemeenteCode) throw forbidden('OUTSIDE_MUNICIPALITY');
}

export const brpBewoningResolvers: Resolvers<RequestContext> = {
  Query: {
    bewoningen: async (_root, { adresseerbaarObjectIdentificatie: id, ...args }, ctx) => {
      checkAdresseerbaarObjectIdentificatie('adresseerbaarObjectIdentificatie', id);
      bewoningQuestion(args);
      checkOwnMunicipality(ctx, id);
      return (await bewoningenOf(ctx, id, args, '')) as never;
    },
    adresseerbaarObject: async (_root, { adresseerbaarObjectIdentificatie: id }, ctx) => {
      checkAdresseerbaarObjectIdentificatie('adresseerbaarObjectIdentificatie', id);
      checkOwnMunicipality(ctx, id);
      return (await bagObject(ctx, id)) as never;
    },
  },
  Adres: {
    // The person (and so their address) was screened when it was delivered.
    bewoning: async (parent, args, ctx) => {
      const id = parent.adresseerbaarObjectIdentificatie;
      if (!id) return null;
      return (await bewoningenOf(ctx, id, args, 'bewoning.')) as never;
    },
    adresseerbaarObject: async (parent, _args, ctx) => {
      const id = parent.adresseerbaarObjectIdentificatie;
      return id ? ((await bagObject(ctx, id)) as never) : null;
    },
  },
  Bewoning: {
    bewoners: (parent, _args, ctx) => screened(ctx, (parent as Bewoning).bewoners) as never,
    mogelijkeBewoners: (parent, _args, ctx) => screened(ctx, (parent as Bewoning).mogelijkeBewoners) as never,
    aantalBewoners: (parent, _args, ctx) => {
      const bewoning = parent as Bewoning;
      // Only the persons the purpose's object rules let through are counted; none of them is disclosed.
      const count = (bewoning.bewoners ?? []).filter((b) => b.burgerservicenummer && !ctx.objectRules.screen(b)).length;
      const id = bewoning.adresseerbaarObjectIdentificatie;
      if (id) ctx.disclosures.noteAddress(id, `aantalBewoners ${bewoning.periode?.datumVan ?? ''}/${bewoning.periode?.datumTot ?? ''}: ${count}`);
      return count;
    },
  },
  Bewoner: {
    persoon: (parent, _args, ctx, info: GraphQLResolveInfo) => {
      const bsn = (parent as Bewoner).burgerservicenummer;
      return bsn ? (loadPerson(ctx, info, bsn, 'bewoners.burgerservicenummer') as never) : null;
    },
  },
};
