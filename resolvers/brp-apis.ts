// Resolvers of the BRP APIs beside Personen: Verblijfplaatshistorie and Reisdocumenten, as root
// queries and as fields of the person. Before any of their calls the person is screened by the
// purpose's object rules — through Personen for a root query (municipality, secret persons,
// deceased), by having been delivered for a field of the person. What they return is recorded like
// every other field of the person, by what the response delivers (src/engine/plan/record-delivered.ts).
import type { GraphQLResolveInfo } from 'graphql';
import type { Resolvers } from '../src/generated/graphql.ts';
import type { RequestContext } from './context.ts';
import { checkBsn } from '../src/domains/brp/input.ts';
import { historieQuestion, type HistorieArguments } from '../src/domains/brp/historie/input.ts';
import type { HistorieAntwoord } from '../src/domains/brp/historie/client.ts';
import type { Reisdocument } from '../src/domains/brp/reisdocumenten/client.ts';
import { checkReisdocumentnummer } from '../src/domains/brp/reisdocumenten/input.ts';
import { reisdocumentFields } from '../src/domains/brp/reisdocumenten/fields.ts';
import { asksBelow, calling, configured, plannedSelection } from './upstream-access.ts';
import { loadPerson } from './brp.ts';
import { forbidden } from '../src/base/errors/forbidden.ts';

const HISTORIE = 'the BRP Verblijfplaatshistorie';
const REISDOCUMENTEN = 'the Reisdocumenten service';

const historieOf = (ctx: RequestContext) => configured(ctx.brp.historie, HISTORIE);
const reisdocumentenOf = (ctx: RequestContext) => configured(ctx.brp.reisdocumenten, REISDOCUMENTEN);

async function historie(ctx: RequestContext, bsn: string, args: HistorieArguments, argumentPrefix: string): Promise<HistorieAntwoord> {
  const question = historieQuestion(args, argumentPrefix);
  // The rules decided this on the document; checked again on the arguments execution really got.
  if (!ctx.authz.purpose?.queries.has(question.type)) throw forbidden('QUERY_NOT_IN_PURPOSE');
  return calling(HISTORIE, () => historieOf(ctx).load(bsn, question), (param) => (param in args ? `${argumentPrefix}${param}` : undefined));
}

/** The fields the plan permits below `reisdocumenten` for this resolver's selection. */
function fieldsFor(ctx: RequestContext, info: GraphQLResolveInfo): string[] {
  const { selection, permitted } = plannedSelection(ctx, info);
  return reisdocumentFields(selection, permitted);
}

/** A person's documents: only those the upstream says this person holds. */
function heldBy(bsn: string, documents: readonly Reisdocument[]): Reisdocument[] {
  return documents.filter((d) => d.houder?.burgerservicenummer === bsn);
}

const VOORKOMEN_TYPES: Readonly<Record<string, 'AdresVoorkomen' | 'LocatieVoorkomen' | 'VerblijfplaatsBuitenlandVoorkomen' | 'VerblijfplaatsOnbekendVoorkomen'>> = {
  Adres: 'AdresVoorkomen',
  Locatie: 'LocatieVoorkomen',
  VerblijfplaatsBuitenland: 'VerblijfplaatsBuitenlandVoorkomen',
  VerblijfplaatsOnbekend: 'VerblijfplaatsOnbekendVoorkomen',
};

export const brpApiResolvers: Resolvers<RequestContext> = {
  Query: {
    verblijfplaatshistorie: async (_root, { burgerservicenummer, ...args }, ctx, info) => {
      checkBsn('burgerservicenummer', burgerservicenummer);
      historieQuestion(args);
      const person = await loadPerson(ctx, info, burgerservicenummer, 'burgerservicenummer');
      if (!person) return null;
      // Nothing of the history permitted in this selection (only the person's BSN, say): no call.
      if (!asksBelow(ctx, info, 'verblijfplaatshistorie')) return { burgerservicenummer, geheimhoudingPersoonsgegevens: person.geheimhoudingPersoonsgegevens as never, opschortingBijhouding: person.opschortingBijhouding as never };
      const antwoord = await historie(ctx, burgerservicenummer, args, '');
      return {
        burgerservicenummer,
        verblijfplaatshistorie: antwoord.verblijfplaatsen as never,
        geheimhoudingPersoonsgegevens: antwoord.geheimhoudingPersoonsgegevens,
        opschortingBijhouding: antwoord.opschortingBijhouding as never,
      };
    },
    reisdocumenten: async (_root, { burgerservicenummer }, ctx, info) => {
      checkBsn('burgerservicenummer', burgerservicenummer);
      const person = await loadPerson(ctx, info, burgerservicenummer, 'burgerservicenummer');
      if (!person) return null;
      const fields = fieldsFor(ctx, info);
      const documents = await calling(REISDOCUMENTEN, () => reisdocumentenOf(ctx).ofHolder(burgerservicenummer, fields), (p) => (p === 'burgerservicenummer' ? p : undefined));
      return { burgerservicenummer, reisdocumenten: heldBy(burgerservicenummer, documents) as never, geheimhoudingPersoonsgegevens: person.geheimhoudingPersoonsgegevens as never, opschortingBijhouding: person.opschortingBijhouding as never };
    },
    reisdocument: async (_root, { reisdocumentnummer }, ctx, info) => {
      checkReisdocumentnummer('reisdocumentnummer', reisdocumentnummer);
      const argumentFor = (p: string) => (p === 'reisdocumentnummer' ? p : undefined);
      // The holder first (nothing but their BSN), so the object rules decide before anything else is asked.
      const [found] = await calling(REISDOCUMENTEN, () => reisdocumentenOf(ctx).byNumber(reisdocumentnummer, ['houder.burgerservicenummer']), argumentFor);
      const holder = found?.houder?.burgerservicenummer;
      if (!holder) return null;
      const person = await loadPerson(ctx, info, holder, 'reisdocumentnummer');
      if (!person) return null;
      const documents = await calling(REISDOCUMENTEN, () => reisdocumentenOf(ctx).byNumber(reisdocumentnummer, fieldsFor(ctx, info)), argumentFor);
      return { burgerservicenummer: holder, reisdocumenten: heldBy(holder, documents) as never, geheimhoudingPersoonsgegevens: person.geheimhoudingPersoonsgegevens as never, opschortingBijhouding: person.opschortingBijhouding as never };
    },
  },
  Persoon: {
    // The person was screened when it was delivered; its BSN is always fetched with it.
    verblijfplaatshistorie: async (parent, args, ctx) => {
      const bsn = parent.burgerservicenummer;
      if (!bsn) return null;
      return (await historie(ctx, bsn, args, 'verblijfplaatshistorie.')).verblijfplaatsen as never;
    },
    reisdocumenten: async (parent, _args, ctx, info) => {
      const bsn = parent.burgerservicenummer;
      if (!bsn) return null;
      const documents = await calling(REISDOCUMENTEN, () => reisdocumentenOf(ctx).ofHolder(bsn, fieldsFor(ctx, info)), () => undefined);
      return heldBy(bsn, documents) as never;
    },
  },
  AbstractVerblijfplaatsVoorkomen: {
    // Concrete type = the upstream `type` discriminator; an unknown one is an error, not a guess.
    __resolveType: (obj) => VOORKOMEN_TYPES[(obj as { type: string }).type] ?? null,
  },
};
