import { isIsoDate } from './dates.ts';
import { REASON, type InvalidParam } from './errors.ts';
import { checkField, FIELD_PATTERN_TEXT, type ResponseKind } from './fields.ts';
import { isJsonObject } from './json.ts';

// Validation of the PersonenQuery request body: the query type, its parameters with the patterns
// of the spec, and `fields`. All problems are reported at once, each once (BadRequestFoutbericht).

// The mock accepts exactly the spec's query types, the list the facade's policy names too.
import { BRP_QUERY_TYPES as QUERY_TYPES, type BrpQueryType as QueryType } from '../../../domains/brp/query-types.ts';

export { QUERY_TYPES, type QueryType };

export interface Zoekparameters {
  burgerservicenummer?: string[];
  geslachtsnaam?: string;
  geboortedatum?: string;
  geslacht?: string;
  voorvoegsel?: string;
  voornamen?: string;
  postcode?: string;
  huisnummer?: number;
  huisletter?: string;
  huisnummertoevoeging?: string;
  straat?: string;
  nummeraanduidingIdentificatie?: string;
  adresseerbaarObjectIdentificatie?: string;
  inclusiefOverledenPersonen?: boolean;
  gemeenteVanInschrijving?: string;
}
type ParamName = keyof Zoekparameters;

export interface PersonenQuery {
  type: QueryType;
  fields: string[];
  params: Zoekparameters;
  kind: ResponseKind;
}

export type ValidationResult = { ok: true; query: PersonenQuery } | { ok: false; invalidParams: InvalidParam[] };

type ParamSpec =
  | { kind: 'string'; pattern: string }
  | { kind: 'date' }
  | { kind: 'integer'; minimum: number; maximum: number }
  | { kind: 'boolean' }
  | { kind: 'bsnList' };

// Patterns verbatim from the spec (components.schemas.*Filter), so reasons quote them exactly.
const TEKST = "^[a-zA-Z0-9À-ž \\.\\-\\']{1,200}$|^[a-zA-Z0-9À-ž \\.\\-\\']{3,199}\\*{1}$";
export const BSN_PATTERN = '^[0-9]{9}$';
const IDENTIFICATIE = '^(?!0{16})[0-9]{16}$';

const PARAMS: Record<ParamName, ParamSpec> = {
  burgerservicenummer: { kind: 'bsnList' },
  geslachtsnaam: { kind: 'string', pattern: TEKST },
  geboortedatum: { kind: 'date' },
  geslacht: { kind: 'string', pattern: '^([Mm]|[Vv]|[Oo])$' },
  voorvoegsel: { kind: 'string', pattern: "^[a-zA-Z \\']{1,10}$" },
  voornamen: { kind: 'string', pattern: TEKST },
  postcode: { kind: 'string', pattern: '^[1-9]{1}[0-9]{3}[ ]?[A-Za-z]{2}$' },
  huisnummer: { kind: 'integer', minimum: 1, maximum: 99999 },
  huisletter: { kind: 'string', pattern: '^[a-zA-Z]{1}$' },
  huisnummertoevoeging: { kind: 'string', pattern: '^[a-zA-Z0-9 \\-]{1,4}$' },
  straat: {
    kind: 'string',
    pattern: "^[a-zA-Z0-9À-ž \\-\\'\\.]{1,80}$|^[a-zA-Z0-9À-ž \\-\\'\\.]{7,79}\\*{1}$|^\\*{1}[a-zA-Z0-9À-ž \\-\\'\\.]{7,79}$",
  },
  nummeraanduidingIdentificatie: { kind: 'string', pattern: IDENTIFICATIE },
  adresseerbaarObjectIdentificatie: { kind: 'string', pattern: IDENTIFICATIE },
  inclusiefOverledenPersonen: { kind: 'boolean' },
  gemeenteVanInschrijving: { kind: 'string', pattern: '^[0-9]{4}$' },
};

// ZoekMetGeslachtsnaamEnGeboortedatum allows the optional voornamen without the 3-letter minimum.
const VOORNAMEN_OPTIONEEL: ParamSpec = { kind: 'string', pattern: "^[a-zA-Z0-9À-ž \\.\\-\\']{1,199}\\*{0,1}$" };

interface TypeSpec {
  required: readonly ParamName[];
  optional: readonly ParamName[];
  kind: ResponseKind;
  overrides?: Partial<Record<ParamName, ParamSpec>>;
}

const TYPES: Record<QueryType, TypeSpec> = {
  RaadpleegMetBurgerservicenummer: { required: ['burgerservicenummer'], optional: [], kind: 'Persoon' },
  ZoekMetGeslachtsnaamEnGeboortedatum: {
    required: ['geslachtsnaam', 'geboortedatum'],
    optional: ['inclusiefOverledenPersonen', 'geslacht', 'voorvoegsel', 'voornamen'],
    kind: 'PersoonBeperkt',
    overrides: { voornamen: VOORNAMEN_OPTIONEEL },
  },
  ZoekMetNaamEnGemeenteVanInschrijving: {
    required: ['geslachtsnaam', 'gemeenteVanInschrijving', 'voornamen'],
    optional: ['inclusiefOverledenPersonen', 'geslacht', 'voorvoegsel'],
    kind: 'PersoonBeperkt',
  },
  ZoekMetPostcodeEnHuisnummer: {
    required: ['postcode', 'huisnummer'],
    optional: ['inclusiefOverledenPersonen', 'huisletter', 'huisnummertoevoeging', 'geboortedatum', 'geslachtsnaam'],
    kind: 'PersoonBeperkt',
  },
  ZoekMetStraatHuisnummerEnGemeenteVanInschrijving: {
    required: ['straat', 'huisnummer', 'gemeenteVanInschrijving'],
    optional: ['inclusiefOverledenPersonen', 'huisletter', 'huisnummertoevoeging'],
    kind: 'PersoonBeperkt',
  },
  ZoekMetNummeraanduidingIdentificatie: {
    required: ['nummeraanduidingIdentificatie'],
    optional: ['inclusiefOverledenPersonen'],
    kind: 'PersoonBeperkt',
  },
  ZoekMetAdresseerbaarObjectIdentificatie: {
    required: ['adresseerbaarObjectIdentificatie'],
    optional: ['inclusiefOverledenPersonen'],
    kind: 'GezagPersoonBeperkt',
  },
};

export const MAX_FIELDS = 130;
export const MAX_BSN = 20;

function isQueryType(value: unknown): value is QueryType {
  return typeof value === 'string' && (QUERY_TYPES as readonly string[]).includes(value);
}

const patternCache = new Map<string, RegExp>();
function matches(pattern: string, value: unknown): value is string {
  if (typeof value !== 'string') return false;
  let re = patternCache.get(pattern);
  if (!re) {
    re = new RegExp(pattern);
    patternCache.set(pattern, re);
  }
  return re.test(value);
}

function checkFields(value: unknown, kind: ResponseKind, errors: InvalidParam[]): value is string[] {
  if (!Array.isArray(value)) {
    errors.push({ name: 'fields', code: 'array', reason: REASON.array });
    return false;
  }
  if (value.length < 1) {
    errors.push({ name: 'fields', code: 'minItems', reason: REASON.minItems(1) });
    return false;
  }
  if (value.length > MAX_FIELDS) {
    errors.push({ name: 'fields', code: 'maxItems', reason: REASON.maxItems(MAX_FIELDS) });
    return false;
  }
  let ok = true;
  value.forEach((item: unknown, i) => {
    const problem = checkField(item, kind);
    if (!problem) return;
    ok = false;
    const name = `fields[${i}]`;
    if (problem === 'pattern') errors.push({ name, code: 'pattern', reason: REASON.pattern(FIELD_PATTERN_TEXT) });
    else if (problem === 'nietToegestaan') errors.push({ name, code: 'fields', reason: REASON.fieldNietToegestaan });
    else errors.push({ name, code: 'fields', reason: REASON.fieldNietBestaand });
  });
  return ok;
}

/** Validates one parameter value; on success stores it in `params`. */
function checkParam(name: ParamName, spec: ParamSpec, value: unknown, params: Zoekparameters, errors: InvalidParam[]): void {
  switch (spec.kind) {
    case 'bsnList': {
      if (!Array.isArray(value)) return void errors.push({ name, code: 'array', reason: REASON.array });
      if (value.length < 1) return void errors.push({ name, code: 'minItems', reason: REASON.minItems(1) });
      if (value.length > MAX_BSN) return void errors.push({ name, code: 'maxItems', reason: REASON.maxItems(MAX_BSN) });
      const bad = value.flatMap((item: unknown, i) => (matches(BSN_PATTERN, item) ? [] : [i]));
      for (const i of bad) errors.push({ name: `${name}[${i}]`, code: 'pattern', reason: REASON.pattern(BSN_PATTERN) });
      if (bad.length === 0) params.burgerservicenummer = value.map(String);
      return;
    }
    case 'string':
      if (!matches(spec.pattern, value)) return void errors.push({ name, code: 'pattern', reason: REASON.pattern(spec.pattern) });
      assignString(params, name, value);
      return;
    case 'date':
      if (typeof value !== 'string' || !isIsoDate(value)) return void errors.push({ name, code: 'date', reason: REASON.date });
      assignString(params, name, value);
      return;
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) return void errors.push({ name, code: 'integer', reason: REASON.integer });
      if (value < spec.minimum) return void errors.push({ name, code: 'minimum', reason: REASON.minimum(spec.minimum) });
      if (value > spec.maximum) return void errors.push({ name, code: 'maximum', reason: REASON.maximum(spec.maximum) });
      if (name === 'huisnummer') params.huisnummer = value;
      return;
    case 'boolean':
      if (typeof value !== 'boolean') return void errors.push({ name, code: 'boolean', reason: REASON.boolean });
      if (name === 'inclusiefOverledenPersonen') params.inclusiefOverledenPersonen = value;
      return;
  }
}

type StringParam = {
  [K in ParamName]-?: Zoekparameters[K] extends string | undefined ? K : never;
}[ParamName];

function isStringParam(name: ParamName): name is StringParam {
  const spec = PARAMS[name];
  return spec.kind === 'string' || spec.kind === 'date';
}

function assignString(params: Zoekparameters, name: ParamName, value: string): void {
  if (isStringParam(name)) params[name] = value;
}

function isParamName(key: string): key is ParamName {
  return Object.prototype.hasOwnProperty.call(PARAMS, key);
}

export function validateQuery(body: unknown): ValidationResult {
  const input = isJsonObject(body) ? body : {};
  const type = input.type;
  if (type === undefined || type === null) {
    return { ok: false, invalidParams: [{ name: 'type', code: 'required', reason: REASON.required }] };
  }
  if (!isQueryType(type)) {
    return { ok: false, invalidParams: [{ name: 'type', code: 'value', reason: REASON.type }] };
  }
  const spec = TYPES[type];
  const allowed = new Set<string>(['type', 'fields', 'gemeenteVanInschrijving', ...spec.required, ...spec.optional]);
  const errors: InvalidParam[] = [];
  const params: Zoekparameters = {};
  let fields: string[] | undefined;

  for (const [key, value] of Object.entries(input)) {
    if (key === 'type') continue;
    if (!allowed.has(key)) {
      errors.push({ name: key, code: 'unknownParam', reason: REASON.unknownParam });
      continue;
    }
    if (value === null) continue;
    if (key === 'fields') {
      if (checkFields(value, spec.kind, errors)) fields = value;
      continue;
    }
    if (isParamName(key)) checkParam(key, spec.overrides?.[key] ?? PARAMS[key], value, params, errors);
  }
  for (const name of [...spec.required, 'fields' as const]) {
    const value = input[name];
    if (value === undefined || value === null) errors.push({ name, code: 'required', reason: REASON.required });
  }
  if (errors.length > 0 || !fields) return { ok: false, invalidParams: errors };
  return { ok: true, query: { type, fields, params, kind: spec.kind } };
}
