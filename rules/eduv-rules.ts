// graphql-shield rules for the Edu-V part of the schema.
//
// - A root field is an exchange of one gegevensdienst: its rule runs the Edu-V
//   layers its classification requires (src/domains/eduv/layers.ts); the reason of the
//   first failing layer is the denial reason.
// - Student fields: each is reachable only with its scope group (the contract's
//   x-eduv-scope), within the client's registration.
// - Other Edu-V objects: their root field decided; their fields follow it.
// - Activation management: an applicatiebeheerder of that onderwijsaanbieder,
//   authenticated at eIDAS substantial or high, through a registered beheer
//   application (the token's client); confirmation by the receiver.
import { and, rule } from 'graphql-shield';
import type { Gegevensdienst } from '../src/domains/eduv/diensten.ts';
import { studentFieldScopes } from '../src/domains/eduv/diensten.ts';
import { checkBeheerder } from '../src/domains/eduv/beheer.ts';
import { forbidden } from '../src/base/errors/forbidden.ts';
import type { RuleContext, RuleTree, ShieldRule } from './shield-types.ts';

/** eIDAS levels of assurance accepted for managing activations. */
export const SUBSTANTIAL_OR_HIGH: ReadonlySet<string> = new Set([
  'http://eidas.europa.eu/LoA/substantial',
  'http://eidas.europa.eu/LoA/high',
  'urn:etoegang:core:assurance-class:loa3',
  'urn:etoegang:core:assurance-class:loa4',
]);


const exchangeRules = new Map<Gegevensdienst, ShieldRule>();
/** One rule per gegevensdienst (graphql-shield wants unique rule names). */
export function exchangePermitted(dienst: Gegevensdienst): ShieldRule {
  let r = exchangeRules.get(dienst);
  if (!r) {
    r = rule(`eduvLayers:${dienst}`)(async (_parent, args: { onderwijsaanbieder?: string }, ctx: RuleContext) => {
      if (!ctx.eduv) return forbidden('EDUV_NOT_CONFIGURED');
      const decision = await ctx.eduv.exchange(dienst, typeof args.onderwijsaanbieder === 'string' ? args.onderwijsaanbieder : undefined);
      return decision.allowed ? true : forbidden(decision.reason);
    });
    exchangeRules.set(dienst, r);
  }
  return r;
}

const scopeRules = new Map<string, ShieldRule>();
export function scopeGranted(scope: string): ShieldRule {
  let r = scopeRules.get(scope);
  if (!r) {
    r = rule(`scopeGranted:${scope}`)(async (_parent, _args, ctx: RuleContext) => {
      if ((await ctx.eduv?.scopes())?.has(scope)) return true;
      // What is missing: the registration's scope (the token has it), or the token's.
      return forbidden(ctx.authz.principal.scopes.includes(scope) ? 'SCOPE_NOT_REGISTERED' : 'SCOPE_MISSING');
    });
    scopeRules.set(scope, r);
  }
  return r;
}

/** A field of an object whose root field decided the exchange. */
export const partOfPermittedExchange = rule('partOfPermittedExchange')(() => true);

export const acrSubstantialOrHigh = rule('acrSubstantialOrHigh')((_parent, _args, ctx: RuleContext) =>
  ctx.authz.principal.acr && SUBSTANTIAL_OR_HIGH.has(ctx.authz.principal.acr) ? true : forbidden('ACR_TOO_LOW'),
);

/** An employee signed in to a registered beheer application, with the beheerder role for `aanbieder` (src/domains/eduv/beheer.ts). */
async function beheerderFor(ctx: RuleContext, aanbieder: string | undefined) {
  if (!ctx.eduv) return forbidden('NOT_APPLICATIEBEHEERDER');
  const check = await checkBeheerder(ctx.eduv.services.registry, ctx.authz.principal, aanbieder);
  return check.ok ? true : forbidden(check.reason);
}

/** For the onderwijsaanbieder in the arguments. */
export const beheerderOfArgument = rule('beheerderOfAanbieder')((_parent, args: { onderwijsaanbieder?: string; input?: { onderwijsaanbieder?: string } }, ctx: RuleContext) =>
  beheerderFor(ctx, args.input?.onderwijsaanbieder ?? args.onderwijsaanbieder),
);

/** For mutations on an existing activation: the role must name the activation's onderwijsaanbieder. */
export const beheerderOfActivation = rule('beheerderOfActivation')(async (_parent, args: { id?: string }, ctx: RuleContext) => {
  if (!ctx.eduv || !args.id) return forbidden('NOT_APPLICATIEBEHEERDER');
  const activation = await ctx.eduv.services.registry.activationById(args.id).catch(() => undefined);
  // An unknown id is answered like a foreign one: the caller learns nothing about other schools.
  return beheerderFor(ctx, activation?.onderwijsaanbieder);
});

/** Confirmation comes from the receiving participant's own system. */
export const receiverOfActivation = rule('receiverOfActivation')(async (_parent, args: { id?: string }, ctx: RuleContext) => {
  if (!ctx.eduv || !args.id) return forbidden('NOT_RECEIVER');
  const [activation, client] = await Promise.all([
    ctx.eduv.services.registry.activationById(args.id).catch(() => undefined),
    ctx.eduv.services.registry.client(ctx.authz.principal.clientId),
  ]);
  return activation && client && client.participantOin === activation.receiverOin ? true : forbidden('NOT_RECEIVER');
});

const EXCHANGE_OBJECT_TYPES = ['StudentPage', 'PageInfo', 'UserId', 'Address', 'Subject', 'SubjectOffering', 'Party', 'Money', 'ProductPage', 'Product', 'OrderLine', 'Order', 'Activation', 'ActivationEvent'];

export function eduvRuleTree(fieldsOf: (type: string) => string[]): RuleTree {
  const manage = and(acrSubstantialOrHigh, beheerderOfArgument);
  const tree: RuleTree = {
    Query: {
      students: exchangePermitted('students'),
      subjectOfferings: exchangePermitted('schoolvak'),
      catalogueProducts: exchangePermitted('catalogue'),
      orders: exchangePermitted('orders'),
      activations: manage,
    },
    Mutation: {
      activateExchange: manage,
      deactivateExchange: and(acrSubstantialOrHigh, beheerderOfActivation),
      confirmActivation: receiverOfActivation,
    },
    Student: {},
  };
  for (const [field, scope] of studentFieldScopes()) tree.Student[field] = scopeGranted(scope);
  for (const type of EXCHANGE_OBJECT_TYPES) {
    tree[type] = Object.fromEntries(fieldsOf(type).map((f) => [f, partOfPermittedExchange]));
  }
  return tree;
}
