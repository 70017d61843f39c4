import { AO_PATTERN } from './data.ts';
import { REASON, type InvalidParam } from './errors.ts';

// Parameter validation by the spec's parameter schemas (data/bag/openapi.yaml, paths.*.get.parameters).
// Every problem is reported (invalid-params); a parameter the operation does not define is one too.

export const AO_PATH_PATTERN = AO_PATTERN.source;
export const NA_PATH_PATTERN = '^[0-9]{16}$';
const PAND_PATTERN = '^[0-9]{4}10[0-9]{10}$';
const POSTCODE_PATTERN = '^[1-9]{1}[0-9]{3}[a-zA-Z]{2}$';
const HUISLETTER_PATTERN = '^[a-zA-Z]{1}$';
const TOEVOEGING_PATTERN = '^[0-9a-zA-Z]{1,4}$';

export type Checker = (name: string, value: string, invalid: InvalidParam[]) => unknown;

export function pattern(source: string): Checker {
  const re = new RegExp(source);
  return (name, value, invalid) => {
    if (re.test(value)) return value;
    invalid.push({ name, code: 'pattern', reason: REASON.pattern(source) });
    return undefined;
  };
}

export function integer(min: number, max?: number): Checker {
  return (name, value, invalid) => {
    if (!/^-?[0-9]+$/.test(value)) {
      invalid.push({ name, code: 'integer', reason: REASON.integer });
      return undefined;
    }
    const n = Number(value);
    if (n < min) invalid.push({ name, code: 'minimum', reason: REASON.minimum(min) });
    else if (max !== undefined && n > max) invalid.push({ name, code: 'maximum', reason: REASON.maximum(max) });
    else return n;
    return undefined;
  };
}

function length(min: number, max: number): Checker {
  return (name, value, invalid) => {
    if (value.length < min) invalid.push({ name, code: 'minLength', reason: REASON.minLength(min) });
    else if (value.length > max) invalid.push({ name, code: 'maxLength', reason: REASON.maxLength(max) });
    else return value;
    return undefined;
  };
}

const booleanParam: Checker = (name, value, invalid) => {
  if (value === 'true') return true;
  if (value === 'false') return false;
  invalid.push({ name, code: 'boolean', reason: REASON.boolean });
  return undefined;
};

const date: Checker = (name, value, invalid) => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : undefined;
  if (m && d && d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3])) return value;
  invalid.push({ name, code: 'date', reason: REASON.date });
  return undefined;
};

/** 'YYYY-MM-DDThh:mm[:ss[.sss…]]', optionally with a zone; without one, read as UTC. */
const dateTime: Checker = (name, value, invalid) => {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}:\d{2})?$/.exec(value);
  if (m && date(name, m[1], []) !== undefined && Number(m[2]) < 24 && Number(m[3]) < 60 && Number(m[4] ?? 0) < 60) {
    const ms = (m[5] ?? '').slice(0, 3).padEnd(3, '0');
    const t = Date.parse(`${m[1]}T${m[2]}:${m[3]}:${m[4] ?? '00'}.${ms}${m[6] ?? 'Z'}`);
    if (Number.isFinite(t)) return t;
  }
  invalid.push({ name, code: 'date-time', reason: REASON.dateTime });
  return undefined;
};

function expandList(allowed: readonly string[]): Checker {
  return (name, value, invalid) => {
    const parts = value.split(',').map((p) => p.trim());
    if (parts.length === 1 && parts[0] === 'true') return new Set(allowed);
    if (parts.every((p) => allowed.includes(p))) return new Set(parts);
    invalid.push({ name, code: 'expand', reason: REASON.expand(allowed) });
    return undefined;
  };
}

export const EXPAND_OBJECT = ['heeftAlsHoofdAdres', 'heeftAlsNevenAdres', 'maaktDeelUitVan'] as const;
export const EXPAND_ADRES = ['nummeraanduiding', 'openbareRuimte', 'woonplaats'] as const;

export const PARAMS = {
  adresseerbaarObject: {
    geldigOp: date,
    beschikbaarOp: dateTime,
    expand: expandList(EXPAND_OBJECT),
  },
  adres: {
    expand: expandList(EXPAND_ADRES),
  },
  adressen: {
    zoekresultaatIdentificatie: length(1, 255),
    postcode: pattern(POSTCODE_PATTERN),
    huisnummer: integer(1, 99999),
    huisnummertoevoeging: pattern(TOEVOEGING_PATTERN),
    huisletter: pattern(HUISLETTER_PATTERN),
    exacteMatch: booleanParam,
    adresseerbaarObjectIdentificatie: pattern(AO_PATH_PATTERN),
    woonplaatsNaam: length(1, 80),
    openbareRuimteNaam: length(1, 80),
    pandIdentificatie: pattern(PAND_PATTERN),
    expand: expandList(EXPAND_ADRES),
    page: integer(1),
    pageSize: integer(10, 100),
  },
} satisfies Record<string, Record<string, Checker>>;

/** Checks the query against an operation's parameters: the checked values by name; problems into `invalid`. */
export function parseQuery(query: URLSearchParams, params: Record<string, Checker>, invalid: InvalidParam[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of new Set(query.keys())) {
    const values = query.getAll(name);
    const check = Object.hasOwn(params, name) ? params[name] : undefined;
    if (!check) invalid.push({ name, code: 'unknownParam', reason: REASON.unknownParam });
    else if (values.length > 1) invalid.push({ name, code: 'repeated', reason: REASON.repeated });
    else {
      const value = check(name, values[0], invalid);
      if (value !== undefined) out[name] = value;
    }
  }
  return out;
}
