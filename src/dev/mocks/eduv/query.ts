import type { InvalidParam, InvalidParamCode } from './problems.ts';

// Query-string validation, declared per route: which parameters exist, which are required or may
// repeat, and what a value must look like. All problems are collected, so one 400 names them all.

export type Check = (value: string) => { code: InvalidParamCode; reason: string } | undefined;

export interface ParamSpec {
  required?: boolean;
  /** May occur more than once (form style, explode); at most maxItems times. */
  maxItems?: number;
  check?: Check;
}

export type QuerySpec = Readonly<Record<string, ParamSpec>>;

export interface ParsedQuery {
  get(name: string): string | undefined;
  all(name: string): readonly string[];
}

export type QueryResult = { ok: true; query: ParsedQuery } | { ok: false; invalid: InvalidParam[] };

export function validateQuery(params: URLSearchParams, spec: QuerySpec): QueryResult {
  const values = new Map<string, string[]>();
  for (const [name, value] of params) {
    const list = values.get(name) ?? [];
    list.push(value);
    values.set(name, list);
  }
  const invalid: InvalidParam[] = [];
  for (const [name, list] of values) {
    const s = spec[name];
    if (!s) {
      invalid.push({ name, code: 'unknownParam', reason: 'Unknown parameter.' });
      continue;
    }
    if (s.maxItems === undefined && list.length > 1) {
      invalid.push({ name, code: 'repeated', reason: 'Parameter may occur only once.' });
      continue;
    }
    if (s.maxItems !== undefined && list.length > s.maxItems) {
      invalid.push({ name, code: 'maxItems', reason: `Parameter may occur at most ${s.maxItems} times.` });
      continue;
    }
    for (const value of list) {
      const problem = s.check?.(value);
      if (problem) {
        invalid.push({ name, ...problem });
        break;
      }
    }
  }
  for (const [name, s] of Object.entries(spec)) {
    if (s.required && !values.has(name)) invalid.push({ name, code: 'required', reason: 'Parameter is required.' });
  }
  if (invalid.length > 0) return { ok: false, invalid };
  return {
    ok: true,
    query: {
      get: (name) => values.get(name)?.[0],
      all: (name) => values.get(name) ?? [],
    },
  };
}

export function oneOf(allowed: readonly string[]): Check {
  return (value) => (allowed.includes(value) ? undefined : { code: 'enum', reason: `Value must be one of: ${allowed.join(', ')}.` });
}

export function matches(pattern: RegExp, description: string): Check {
  return (value) => (pattern.test(value) ? undefined : { code: 'pattern', reason: `Value must be ${description}.` });
}

export function integerBetween(min: number, max: number): Check {
  return (value) => {
    if (!/^-?[0-9]{1,9}$/.test(value)) return { code: 'integer', reason: 'Value must be an integer.' };
    const n = Number(value);
    if (n < min) return { code: 'minimum', reason: `Value must be at least ${min}.` };
    if (n > max) return { code: 'maximum', reason: `Value must be at most ${max}.` };
    return undefined;
  };
}

/** A school year such as 2026-2027: two consecutive years. */
export const schoolPeriodCheck: Check = (value) => {
  const m = /^([0-9]{4})-([0-9]{4})$/.exec(value);
  if (m && Number(m[2]) === Number(m[1]) + 1) return undefined;
  return { code: 'pattern', reason: 'Value must be a school year of two consecutive years, e.g. 2026-2027.' };
};

export const idCheck = matches(/^[A-Za-z0-9._-]{1,100}$/, '1 to 100 letters, digits, ".", "_" or "-"');
export const orgIdCheck = matches(/^[A-Za-z0-9._-]{1,64}$/, '1 to 64 letters, digits, ".", "_" or "-"');

/** An ECK iD, the identifier of a student or employee: https://ketenid.nl/201703/ and hex. */
export const eckIdCheck = matches(/^https:\/\/ketenid\.nl\/201703\/([0-9a-f]{64}|[0-9a-f]{128})$/, 'an ECK iD (https://ketenid.nl/201703/ and 64 or 128 lowercase hex digits)');
