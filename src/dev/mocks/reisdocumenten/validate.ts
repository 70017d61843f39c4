import { REASON, type InvalidParam } from './errors.ts';
import { checkField, FIELD_PATTERN_TEXT } from './fields.ts';
import { isJsonObject } from '../brp/json.ts';

// Validation of the ReisdocumentenQuery request body: the query type, its one parameter with the
// spec's pattern, and `fields` (zoek-fout-cases.feature, fields-fout-cases.feature and both
// */fout-cases.feature). All problems are reported at once, each once (BadRequestFoutbericht).

export const QUERY_TYPES = ['RaadpleegMetReisdocumentnummer', 'ZoekMetBurgerservicenummer'] as const;
export type QueryType = (typeof QUERY_TYPES)[number];

export const REISDOCUMENTNUMMER_PATTERN = '^[A-Z0-9]{9}$';
export const BSN_PATTERN = '^[0-9]{9}$';
export const MAX_FIELDS = 25;
export const MAX_REISDOCUMENTNUMMERS = 1;

export type ReisdocumentenQuery =
  | { type: 'RaadpleegMetReisdocumentnummer'; reisdocumentnummer: string; fields: string[] }
  | { type: 'ZoekMetBurgerservicenummer'; burgerservicenummer: string; fields: string[] };

export type ValidationResult = { ok: true; query: ReisdocumentenQuery } | { ok: false; invalidParams: InvalidParam[] };

const PARAMETER: Record<QueryType, 'reisdocumentnummer' | 'burgerservicenummer'> = {
  RaadpleegMetReisdocumentnummer: 'reisdocumentnummer',
  ZoekMetBurgerservicenummer: 'burgerservicenummer',
};

function isQueryType(value: unknown): value is QueryType {
  return typeof value === 'string' && (QUERY_TYPES as readonly string[]).includes(value);
}

const REISDOCUMENTNUMMER_RE = new RegExp(REISDOCUMENTNUMMER_PATTERN);
const BSN_RE = new RegExp(BSN_PATTERN);

function checkFields(value: unknown, errors: InvalidParam[]): value is string[] {
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
    const problem = checkField(item);
    if (!problem) return;
    ok = false;
    const name = `fields[${i}]`;
    if (problem === 'pattern') errors.push({ name, code: 'pattern', reason: REASON.pattern(FIELD_PATTERN_TEXT) });
    else if (problem === 'nietToegestaan') errors.push({ name, code: 'fields', reason: REASON.fieldNietToegestaan });
    else errors.push({ name, code: 'fields', reason: REASON.fieldNietBestaand });
  });
  return ok;
}

/** reisdocumentnummer: an array of exactly one string of 9 digits and capitals. */
function checkReisdocumentnummer(value: unknown, errors: InvalidParam[]): string | undefined {
  const name = 'reisdocumentnummer';
  if (!Array.isArray(value)) return void errors.push({ name, code: 'array', reason: REASON.array });
  if (value.length < 1) return void errors.push({ name, code: 'minItems', reason: REASON.minItems(1) });
  if (value.length > MAX_REISDOCUMENTNUMMERS) {
    return void errors.push({ name, code: 'maxItems', reason: REASON.maxItems(MAX_REISDOCUMENTNUMMERS) });
  }
  const [nummer] = value as unknown[];
  if (typeof nummer !== 'string' || !REISDOCUMENTNUMMER_RE.test(nummer)) {
    return void errors.push({ name: `${name}[0]`, code: 'pattern', reason: REASON.pattern(REISDOCUMENTNUMMER_PATTERN) });
  }
  return nummer;
}

/** burgerservicenummer: one string of 9 digits (not a list, unlike BRP Personen). */
function checkBurgerservicenummer(value: unknown, errors: InvalidParam[]): string | undefined {
  if (typeof value !== 'string' || !BSN_RE.test(value)) {
    return void errors.push({ name: 'burgerservicenummer', code: 'pattern', reason: REASON.pattern(BSN_PATTERN) });
  }
  return value;
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
  const parameter = PARAMETER[type];
  const errors: InvalidParam[] = [];
  let fields: string[] | undefined;
  let waarde: string | undefined;

  for (const [key, value] of Object.entries(input)) {
    if (key === 'type') continue;
    if (key !== 'fields' && key !== parameter) {
      errors.push({ name: key, code: 'unknownParam', reason: REASON.unknownParam });
      continue;
    }
    if (value === null) continue;
    if (key === 'fields') {
      if (checkFields(value, errors)) fields = value;
    } else if (parameter === 'reisdocumentnummer') {
      waarde = checkReisdocumentnummer(value, errors);
    } else {
      waarde = checkBurgerservicenummer(value, errors);
    }
  }
  for (const name of [parameter, 'fields'] as const) {
    const value = input[name];
    if (value === undefined || value === null) errors.push({ name, code: 'required', reason: REASON.required });
  }
  if (errors.length > 0 || !fields || waarde === undefined) return { ok: false, invalidParams: errors };
  const query: ReisdocumentenQuery = type === 'RaadpleegMetReisdocumentnummer'
    ? { type, reisdocumentnummer: waarde, fields }
    : { type, burgerservicenummer: waarde, fields };
  return { ok: true, query };
}
