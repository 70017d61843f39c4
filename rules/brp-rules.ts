// graphql-shield rules for the BRP part of the schema, built from the policy.
//
// Every field coordinate gets a rule; `fallbackRule` is deny. The rules are
// evaluated by the authorisation engine (src/engine/authorize/) once per field
// position of the document, before execution: the engine passes the field's
// position (its upstream path) as the rule's `parent`, because at document
// level there is no parent object yet. The same rules also work as ordinary
// graphql-shield middleware (the naive comparison in the benchmark): then the
// position is derived from `info`.
import { and, rule } from 'graphql-shield';
import {
  getNamedType,
  isCompositeType,
  isInterfaceType,
  isObjectType,
  type GraphQLResolveInfo,
  type GraphQLSchema,
} from 'graphql';
import type { RuleContext, RuleTree, ShieldRule } from './shield-types.ts';

export type { RuleContext };
import { forbidden } from '../src/base/errors/forbidden.ts';
import { LINK_FIELDS, WHOLE_OBJECT_TYPES } from '../src/domains/brp/vocabulary.ts';
import { criteriaUsed, searchTypeOf } from '../src/domains/brp/search-criteria.ts';
import type { PolicyQueryType } from './policy.ts';
import { historieQueryTypeOf } from '../src/domains/brp/historie/input.ts';
import { bewoningQueryTypeOf } from '../src/domains/brp/bewoning/input.ts';

const POSITION = Symbol('field position');

/** Where a field sits: its coordinate and the upstream path relative to the person it belongs to. */
export interface FieldPosition {
  [POSITION]: true;
  coordinate: string;
  upstreamPath: string;
}

export function fieldPosition(coordinate: string, upstreamPath: string): FieldPosition {
  return { [POSITION]: true, coordinate, upstreamPath };
}

function isPosition(value: unknown): value is FieldPosition {
  return typeof value === 'object' && value !== null && POSITION in value;
}

/**
 * Middleware fallback: derive the upstream path from the response path (field
 * names; the benchmark's queries use no aliases). The part after the root
 * field, restarted after each `persoon` link.
 */
function positionFromInfo(info: GraphQLResolveInfo): FieldPosition {
  const keys: string[] = [];
  for (let p: GraphQLResolveInfo['path'] | undefined = info.path; p; p = p.prev) if (typeof p.key === 'string') keys.unshift(p.key);
  const afterRoot = keys.slice(1);
  const lastLink = afterRoot.lastIndexOf('persoon');
  const relative = lastLink >= 0 && afterRoot.length - 1 > lastLink ? afterRoot.slice(lastLink + 1) : afterRoot;
  return fieldPosition(`${info.parentType.name}.${info.fieldName}`, relative.join('.'));
}

function positionOf(parent: unknown, info: GraphQLResolveInfo): FieldPosition {
  return isPosition(parent) ? parent : positionFromInfo(info);
}

// ------------------------------------------------------------------ rules

/**
 * A purpose may ask for a recent sign-in: the employee authenticated at most so long ago (`auth_time`; a
 * token without it counts from `iat`). Decided per request.
 */
export function freshForPurpose(authz: RuleContext['authz'], nowSeconds = Date.now() / 1000): boolean {
  const max = authz.purpose?.maxTokenAgeSeconds;
  if (max === undefined) return true;
  return nowSeconds - (authz.principal.authTime ?? authz.principal.issuedAt) <= max;
}

export const tokenFreshForPurpose = rule('tokenFreshForPurpose', { cache: 'no_cache' })((_parent, _args, ctx: RuleContext) =>
  freshForPurpose(ctx.authz) ? true : forbidden('TOKEN_TOO_OLD'),
);

/** The request has a purpose: a purpose is what grants personal data at all. */
export const hasPurpose = rule('hasPurpose')((_parent, _args, ctx: RuleContext) =>
  ctx.authz.purpose ? true : forbidden(ctx.authz.noPurposeReason ?? 'NO_PURPOSE'),
);

// One rule instance per query type: graphql-shield requires rule names to be unique per rule.
const queryTypeRules = new Map<PolicyQueryType, ShieldRule>();
export function queryTypeInPurpose(queryType: PolicyQueryType): ShieldRule {
  let r = queryTypeRules.get(queryType);
  if (!r) {
    r = rule(`queryTypeInPurpose:${queryType}`)((_parent, _args, ctx: RuleContext) =>
      ctx.authz.purpose?.queries.has(queryType) ? true : forbidden('QUERY_NOT_IN_PURPOSE'),
    );
    queryTypeRules.set(queryType, r);
  }
  return r;
}

/** The purpose is not limited to the own municipality. */
export const nationwidePurpose = rule('nationwidePurpose')((_parent, _args, ctx: RuleContext) => (ctx.authz.purpose?.nationwide ? true : forbidden('NATIONWIDE_ONLY')));

/** Verblijfplaatshistorie: a peildatum asks RaadpleegMetPeildatum, a period RaadpleegMetPeriode; the purpose must hold it. */
export const historieQueryInPurpose = rule('historieQueryInPurpose')((_parent, args: Record<string, unknown>, ctx: RuleContext) => {
  const type = historieQueryTypeOf(args);
  // Neither or both: input validation reports it, not authorisation.
  if (!type) return true;
  return ctx.authz.purpose?.queries.has(type) ? true : forbidden('QUERY_NOT_IN_PURPOSE');
});

/** Bewoning: a peildatum asks BewoningMetPeildatum, a period BewoningMetPeriode; the purpose must hold it. */
export const bewoningQueryInPurpose = rule('bewoningQueryInPurpose')((_parent, args: Record<string, unknown>, ctx: RuleContext) => {
  const type = bewoningQueryTypeOf(args);
  if (!type) return true;
  return ctx.authz.purpose?.queries.has(type) ? true : forbidden('QUERY_NOT_IN_PURPOSE');
});

/**
 * A link from an address (its bewoning, its BAG object) is followed by the address's identificatie:
 * the purpose must hold that key, or nothing is fetched to follow it.
 */
export const addressKeyInPurpose = rule('addressKeyInPurpose')((parent, _args, ctx: RuleContext, info: GraphQLResolveInfo) => {
  const fieldSet = ctx.authz.fieldSet;
  if (!fieldSet) return forbidden(ctx.authz.noPurposeReason ?? 'NO_PURPOSE');
  const path = positionOf(parent, info).upstreamPath;
  return fieldSet.permits(`${path.slice(0, path.lastIndexOf('.'))}.adresseerbaarObjectIdentificatie`) ? true : forbidden('FIELD_NOT_IN_PURPOSE');
});

/** A root that answers below a person's address (the BAG object): something there must be permitted. */
function apiRootInPurpose(prefix: string): ShieldRule {
  return rule(`apiRootInPurpose:${prefix}`)((_parent, _args, ctx: RuleContext) => (ctx.authz.fieldSet?.mayEnter(prefix) ? true : forbidden('FIELD_NOT_IN_PURPOSE')));
}

/** A root that needs one path of the purpose (the bewoners, for the root bewoningen). */
function apiRootPermits(path: string): ShieldRule {
  return rule(`apiRootPermits:${path}`)((_parent, _args, ctx: RuleContext) => (ctx.authz.fieldSet?.permits(path) ? true : forbidden('FIELD_NOT_IN_PURPOSE')));
}

/** A bewoner followed to Personen: by the bewoner's own BSN, which the purpose must hold. */
export const bewonerKeyInPurpose = rule('bewonerKeyInPurpose')((_parent, _args, ctx: RuleContext) =>
  ctx.authz.fieldSet?.permits('burgerservicenummer') ? true : forbidden('FIELD_NOT_IN_PURPOSE'),
);

/** zoekPersonen: the search named by the arguments must be one of the purpose's query types. */
export const searchInPurpose = rule('searchInPurpose')((_parent, args: Record<string, unknown>, ctx: RuleContext) => {
  const type = searchTypeOf(args);
  // No (or several) searches: input validation reports it, not authorisation.
  if (!type) return true;
  return ctx.authz.purpose?.queries.has(type) ? true : forbidden('QUERY_NOT_IN_PURPOSE');
});

/**
 * zoekPersonen: every criterion given — required or optional — reveals a person field (a hit
 * tells its value), so the purpose must hold that field. The denial names the argument.
 */
export const criteriaInPurpose = rule('criteriaInPurpose')((_parent, args: Record<string, unknown>, ctx: RuleContext) => {
  const fieldSet = ctx.authz.fieldSet;
  if (!fieldSet) return forbidden(ctx.authz.noPurposeReason ?? 'NO_PURPOSE');
  const outside = criteriaUsed(args).find((c) => !fieldSet.permits(c.reveals));
  return outside ? forbidden('CRITERION_NOT_IN_PURPOSE', outside.argument) : true;
});

/** A value field (or a date / code table, which the upstream delivers whole). */
export const fieldInPurpose = rule('fieldInPurpose')((parent, _args, ctx: RuleContext, info: GraphQLResolveInfo) => {
  const fieldSet = ctx.authz.fieldSet;
  if (!fieldSet) return forbidden(ctx.authz.noPurposeReason ?? 'NO_PURPOSE');
  return fieldSet.permits(positionOf(parent, info).upstreamPath) ? true : forbidden('FIELD_NOT_IN_PURPOSE');
});

/** A group (naam, verblijfplaats, ...) may be entered when something below it is permitted. */
export const groupInPurpose = rule('groupInPurpose')((parent, _args, ctx: RuleContext, info: GraphQLResolveInfo) => {
  const fieldSet = ctx.authz.fieldSet;
  if (!fieldSet) return forbidden(ctx.authz.noPurposeReason ?? 'NO_PURPOSE');
  return fieldSet.mayEnter(positionOf(parent, info).upstreamPath) ? true : forbidden('FIELD_NOT_IN_PURPOSE');
});

/** The `type` discriminator only tells which kind of object a permitted group is. */
export const discriminatorOfPermittedGroup = rule('discriminatorOfPermittedGroup')((parent, _args, ctx: RuleContext, info: GraphQLResolveInfo) => {
  const fieldSet = ctx.authz.fieldSet;
  if (!fieldSet) return forbidden(ctx.authz.noPurposeReason ?? 'NO_PURPOSE');
  const path = positionOf(parent, info).upstreamPath;
  const group = path.slice(0, Math.max(0, path.lastIndexOf('.')));
  return group === '' || fieldSet.mayEnter(group) ? true : forbidden('FIELD_NOT_IN_PURPOSE');
});

/** Following a relative to the full person needs the relative's BSN under the purpose. */
export const linkInPurpose = rule('linkInPurpose')((parent, _args, ctx: RuleContext, info: GraphQLResolveInfo) => {
  const fieldSet = ctx.authz.fieldSet;
  if (!fieldSet) return forbidden(ctx.authz.noPurposeReason ?? 'NO_PURPOSE');
  const path = positionOf(parent, info).upstreamPath;
  const relation = path.slice(0, path.lastIndexOf('.'));
  return fieldSet.permits(`${relation}.burgerservicenummer`) ? true : forbidden('FIELD_NOT_IN_PURPOSE');
});

/** A sub-field of a date or code table: the enclosing field's rule already decided the whole value. */
export const partOfDecidedValue = rule('partOfDecidedValue')(() => true);


/** All BRP types below Persoon / PersoonBeperkt (reachable from the BRP root fields). */
export function brpTypeNames(schema: GraphQLSchema): Set<string> {
  const names = new Set<string>();
  const queue = ['Persoon', 'PersoonBeperkt', 'Verblijfplaatshistorie', 'Reisdocumentenhouder'];
  while (queue.length) {
    const name = queue.pop()!;
    if (names.has(name)) continue;
    names.add(name);
    const type = schema.getType(name);
    if (isInterfaceType(type)) queue.push(...schema.getPossibleTypes(type).map((t) => t.name));
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        const named = getNamedType(field.type);
        if (isCompositeType(named)) queue.push(named.name);
      }
    }
  }
  return names;
}

/**
 * The rule tree for the BRP types: one rule per field coordinate, chosen by the
 * field's role — root query, link, group, discriminator or value.
 */
export function brpRuleTree(schema: GraphQLSchema): RuleTree {
  const tree: RuleTree = {
    Query: {
      persoon: and(hasPurpose, tokenFreshForPurpose, queryTypeInPurpose('RaadpleegMetBurgerservicenummer')),
      personen: and(hasPurpose, tokenFreshForPurpose, queryTypeInPurpose('RaadpleegMetBurgerservicenummer')),
      zoekPersonen: and(hasPurpose, tokenFreshForPurpose, searchInPurpose, criteriaInPurpose),
      // These screen the person through Personen first (object rules): that query type is needed too.
      verblijfplaatshistorie: and(hasPurpose, tokenFreshForPurpose, historieQueryInPurpose, queryTypeInPurpose('RaadpleegMetBurgerservicenummer')),
      reisdocumenten: and(hasPurpose, tokenFreshForPurpose, queryTypeInPurpose('ZoekMetBurgerservicenummer'), queryTypeInPurpose('RaadpleegMetBurgerservicenummer')),
      // By document number the holder is unknown until the upstream names them: nationwide purposes only.
      reisdocument: and(hasPurpose, tokenFreshForPurpose, queryTypeInPurpose('RaadpleegMetReisdocumentnummer'), queryTypeInPurpose('RaadpleegMetBurgerservicenummer'), nationwidePurpose),
      // A count-only purpose counts a person's household through their address, never a survey of addresses.
      bewoningen: and(hasPurpose, tokenFreshForPurpose, bewoningQueryInPurpose, apiRootPermits('verblijfplaats.bewoning.bewoners')),
      adresseerbaarObject: and(hasPurpose, tokenFreshForPurpose, apiRootInPurpose('verblijfplaats.adresseerbaarObject')),
    },
  };
  // The other APIs as fields of the person: the purpose must hold something of them and the query type.
  const apiLinks: Record<string, ShieldRule> = {
    'Persoon.verblijfplaatshistorie': and(groupInPurpose, historieQueryInPurpose),
    'Persoon.reisdocumenten': and(groupInPurpose, queryTypeInPurpose('ZoekMetBurgerservicenummer')),
    'Adres.bewoning': and(groupInPurpose, addressKeyInPurpose, bewoningQueryInPurpose),
    'Adres.adresseerbaarObject': and(groupInPurpose, addressKeyInPurpose),
    'Bewoner.persoon': and(bewonerKeyInPurpose, queryTypeInPurpose('RaadpleegMetBurgerservicenummer')),
  };
  for (const typeName of brpTypeNames(schema)) {
    const type = schema.getType(typeName);
    if (!isObjectType(type) && !isInterfaceType(type)) continue;
    const rules: Record<string, ShieldRule> = {};
    for (const [fieldName, field] of Object.entries(type.getFields())) {
      const named = getNamedType(field.type);
      if (LINK_FIELDS.has(`${typeName}.${fieldName}`)) rules[fieldName] = and(linkInPurpose, queryTypeInPurpose('RaadpleegMetBurgerservicenummer'));
      else if (apiLinks[`${typeName}.${fieldName}`]) rules[fieldName] = apiLinks[`${typeName}.${fieldName}`];
      else if (WHOLE_OBJECT_TYPES.has(typeName)) rules[fieldName] = partOfDecidedValue;
      else if (fieldName === 'type') rules[fieldName] = discriminatorOfPermittedGroup;
      else if (WHOLE_OBJECT_TYPES.has(named.name) || !isCompositeType(named)) rules[fieldName] = fieldInPurpose;
      else rules[fieldName] = groupInPurpose;
    }
    tree[typeName] = rules;
  }
  return tree;
}
