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
import { calling, configured, permitsBelow } from './upstream-access.ts';

const BEWONING = 'the BRP Bewoning';
const BAG = 'the BAG';

async function bewoningenOf(ctx: RequestContext, id: string, args: HistorieArguments, argumentPrefix: string): Promise<Bewoning[]> {
  const question = bewoningQuestion(args, argumentPrefix);
  // The rules decided this on the document; checked again on the arguments execution really got.
  if (!ctx.authz.purpose?.queries.has(question.type)) throw forbidden('QUERY_NOT_IN_PURPOSE');
  const loader = configured(ctx.brp.bewoning, BEWONING);
  return calling(BEWONING, () => loader.load(id, question), (param) => (param in args ? `${argumentPrefix}${param}` : undefined));
}

/** Per request: whether each bewoner may be seen, decided once. */
const visibility = new WeakMap<object, Map<string, Promise<boolean>>>();

/**
 * Whether the purpose may see this bewoner. The Bewoning answer says only geheimhouding: for a purpose
 * that restricts anything (own municipality, no deceased, no secret persons) each bewoner is looked up in
 * Personen first — with the municipality filter, batched — and screened on that answer, as any person is.
 * Not found there (outside the municipality): not seen, no record. Withheld: recorded as withheld.
 */
function visible(ctx: RequestContext, bewoner: Bewoner): Promise<boolean> {
  const bsn = bewoner.burgerservicenummer;
  if (!bsn) return Promise.resolve(false);
  let known = visibility.get(ctx.disclosures);
  if (!known) visibility.set(ctx.disclosures, (known = new Map()));
  let answer = known.get(bsn);
  if (!answer) {
    answer = (async () => {
      const purpose = ctx.authz.purpose;
      const unrestricted = purpose?.nationwide && purpose.includeDeceased && purpose.secretPersons;
      if (!unrestricted) {
        const person = await ctx.brp.persons.load(bsn, ['burgerservicenummer']).catch((err: unknown) => {
          throw upstreamToGraphQLError(err, { service: 'the BRP' });
        });
        if (!person) return false;
        const withheld = ctx.objectRules.screen({ ...person, geheimhoudingPersoonsgegevens: person.geheimhoudingPersoonsgegevens ?? bewoner.geheimhoudingPersoonsgegevens });
        if (withheld) {
          ctx.disclosures.record({ subjectType: 'BSN', subjectId: bsn, fields: [], status: 'withheld', reason: withheld });
          return false;
        }
      }
      ctx.disclosures.noteFetched('BSN', bsn);
      return true;
    })();
    known.set(bsn, answer);
  }
  return answer;
}

/** A bewoning as the purpose sees it: its visible bewoners, their count (none with veel bewoners). */
interface VisibleBewoning extends Bewoning {
  aantalBewoners: number | null;
}

const same = (a: readonly Bewoner[], b: readonly Bewoner[]) => a.length === b.length && a.every((x, i) => x.burgerservicenummer === b[i].burgerservicenummer);

/**
 * The bewoningen with only the bewoners the purpose may see. A period is cut where someone moved in or
 * out — also someone hidden: periods with nobody visible are left out and neighbours with the same
 * visible bewoners joined, so the periods tell nothing of a person the purpose may not see.
 */
async function visibleBewoningen(ctx: RequestContext, bewoningen: readonly Bewoning[]): Promise<VisibleBewoning[]> {
  const filter = async (list: readonly Bewoner[] | undefined) => {
    const items = list ?? [];
    const seen = await Promise.all(items.map((b) => visible(ctx, b)));
    return items.filter((_, i) => seen[i]);
  };
  const out: VisibleBewoning[] = [];
  for (const b of bewoningen) {
    const bewoners = await filter(b.bewoners);
    const mogelijkeBewoners = await filter(b.mogelijkeBewoners);
    if (!b.indicatieVeelBewoners && bewoners.length === 0 && mogelijkeBewoners.length === 0) continue;
    const previous = out.at(-1);
    if (previous && !b.indicatieVeelBewoners && !previous.indicatieVeelBewoners && previous.periode?.datumTot === b.periode?.datumVan && same(previous.bewoners ?? [], bewoners) && same(previous.mogelijkeBewoners ?? [], mogelijkeBewoners)) {
      previous.periode = { ...previous.periode, datumTot: b.periode?.datumTot };
      continue;
    }
    out.push({ ...b, periode: b.periode && { ...b.periode }, bewoners, mogelijkeBewoners, aantalBewoners: b.indicatieVeelBewoners ? null : bewoners.length });
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
  const loader = configured(ctx.bag, BAG);
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
    bewoningen: async (_root, { adresseerbaarObjectIdentificatie: id, ...args }, ctx, info) => {
      checkAdresseerbaarObjectIdentificatie('adresseerbaarObjectIdentificatie', id);
      bewoningQuestion(args);
      checkOwnMunicipality(ctx, id);
      if (!permitsBelow(ctx, info)) return null;
      return (await visibleBewoningen(ctx, await bewoningenOf(ctx, id, args, ''))) as never;
    },
    adresseerbaarObject: async (_root, { adresseerbaarObjectIdentificatie: id }, ctx) => {
      checkAdresseerbaarObjectIdentificatie('adresseerbaarObjectIdentificatie', id);
      checkOwnMunicipality(ctx, id);
      return (await bagObject(ctx, id)) as never;
    },
  },
  Adres: {
    // The person (and so their address) was screened when it was delivered.
    bewoning: async (parent, args, ctx, info) => {
      const id = parent.adresseerbaarObjectIdentificatie;
      // Nothing below permitted (every child denied): nothing is asked, and nothing told.
      if (!id || !permitsBelow(ctx, info)) return null;
      return (await visibleBewoningen(ctx, await bewoningenOf(ctx, id, args, 'bewoning.'))) as never;
    },
    adresseerbaarObject: async (parent, _args, ctx) => {
      const id = parent.adresseerbaarObjectIdentificatie;
      return id ? ((await bagObject(ctx, id)) as never) : null;
    },
  },
  Bewoning: {
    // Screened with the bewoning (visibleBewoningen): the lists hold only whom the purpose may see.
    aantalBewoners: (parent, _args, ctx) => {
      const bewoning = parent as VisibleBewoning;
      // Only the persons the purpose could see are counted; none of them is disclosed.
      const id = bewoning.adresseerbaarObjectIdentificatie;
      const shown = bewoning.aantalBewoners === null ? 'veel bewoners' : String(bewoning.aantalBewoners);
      if (id) ctx.disclosures.noteAddress(id, `aantalBewoners ${bewoning.periode?.datumVan ?? ''}/${bewoning.periode?.datumTot ?? ''}: ${shown}`);
      return bewoning.aantalBewoners;
    },
  },
  Bewoner: {
    persoon: (parent, _args, ctx, info: GraphQLResolveInfo) => {
      const bsn = (parent as Bewoner).burgerservicenummer;
      return bsn ? (loadPerson(ctx, info, bsn, 'bewoners.burgerservicenummer') as never) : null;
    },
  },
};
