import type { JsonObject } from '../brp/json.ts';
import { loadBagData, type AdresRecord, type BagData } from './data.ts';
import {
  methodNotAllowed,
  notAcceptable,
  notFound,
  paramsRequired,
  paramsValidation,
  PROBLEM_CONTENT_TYPE,
  REASON,
  type InvalidParam,
  type Problem,
} from './errors.ts';
import { adresResource, adresseerbaarObjectResource, bagObject } from './resources.ts';
import { AO_PATH_PATTERN, NA_PATH_PATTERN, parseQuery, PARAMS, pattern } from './validate.ts';

// The three operations the mock serves, as a pure function of the request (no API key, rate limit or
// failure injection: server.ts does those):
//   GET /adresseerbareobjecten/{adresseerbaarObjectIdentificatie}   bevragenAdresseerbaarObject
//   GET /adressen/{nummeraanduidingIdentificatie}                    bevraagAdressenMetNumId
//   GET /adressen?…                                                  bevraagAdressen
// Every other path is 404, as are the spec's other endpoints (panden, nummeraanduidingen, …): the
// links to them in _links are the real API's, not served here.

export const BASE_PATH = '/lvbag/individuelebevragingen/v2';
/** info.version of data/bag/openapi.yaml; every response carries it as `api-version`. */
export const API_VERSION = '2.0.0';
export const HAL_CONTENT_TYPE = 'application/hal+json';
const CRS = 'epsg:28992';

export interface BagRequest {
  method: string;
  /** The request target: path and query, e.g. /lvbag/individuelebevragingen/v2/adressen?postcode=… */
  target: string;
  headers: Record<string, string | string[] | undefined>;
  /** Where the mock is reached, e.g. http://127.0.0.1:4007: base of the _links and of `instance`. */
  origin: string;
}

export interface BagAnswer {
  status: number;
  headers: Record<string, string>;
  body: JsonObject;
}

const header = (req: BagRequest, name: string): string | undefined => {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(', ') : v;
};

export function problemAnswer(p: Problem): BagAnswer {
  return { status: p.status, headers: { 'content-type': PROBLEM_CONTENT_TYPE, 'api-version': API_VERSION, ...p.headers }, body: p.body };
}

function ok(body: JsonObject, extra: Record<string, string> = {}): BagAnswer {
  return { status: 200, headers: { 'content-type': HAL_CONTENT_TYPE, 'api-version': API_VERSION, ...extra }, body };
}

/** Accept admits HAL+JSON (the spec's only 200 media type) or plain JSON; absent or empty means any. */
export function isAcceptable(accept: string | undefined): boolean {
  if (accept === undefined || accept.trim() === '') return true;
  return accept.split(',').some((part) => {
    const [type = '', ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    const q = params.find((p) => p.startsWith('q='));
    const weight = q ? Number(q.slice(2)) : 1;
    return ['application/hal+json', 'application/json', 'application/*', '*/*'].includes(type) && weight > 0;
  });
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Answers one request. `data` replaces the project's test data (tests). */
export function answerBag(req: BagRequest, data: BagData = loadBagData()): BagAnswer {
  let url: URL;
  try {
    url = new URL(req.target, req.origin);
  } catch {
    return problemAnswer(notFound(`${req.origin}/`));
  }
  const instance = url.href;
  const baseUrl = `${req.origin}${BASE_PATH}`;
  const segments = url.pathname.startsWith(`${BASE_PATH}/`) ? url.pathname.slice(BASE_PATH.length + 1).split('/') : [];
  const route =
    segments.length === 2 && segments[0] === 'adresseerbareobjecten' ? 'adresseerbaarObject'
    : segments.length === 2 && segments[0] === 'adressen' ? 'adres'
    : segments.length === 1 && segments[0] === 'adressen' ? 'adressen'
    : undefined;
  if (!route) return problemAnswer(notFound(instance));
  if (req.method !== 'GET') return problemAnswer(methodNotAllowed(instance));
  if (!isAcceptable(header(req, 'accept'))) return problemAnswer(notAcceptable(instance));

  const invalid: InvalidParam[] = [];
  if (route === 'adresseerbaarObject') {
    const crs = header(req, 'accept-crs')?.trim().toLowerCase();
    if (crs && crs !== CRS) return problemAnswer(notAcceptable(instance));
    const id = decodeSegment(segments[1]);
    pattern(AO_PATH_PATTERN)('adresseerbaarObjectIdentificatie', id, invalid);
    const q = parseQuery(url.searchParams, PARAMS.adresseerbaarObject, invalid);
    if (invalid.length > 0) return problemAnswer(paramsValidation(instance, invalid));
    const object = bagObject(id, data);
    if (!object) return problemAnswer(notFound(instance));
    // One voorkomen, valid from beginGeldigheid and available from tijdstipRegistratieLV: earlier is no object.
    if (typeof q.geldigOp === 'string' && q.geldigOp < object.voorkomen.beginGeldigheid) return problemAnswer(notFound(instance));
    if (typeof q.beschikbaarOp === 'number' && q.beschikbaarOp < Date.parse(object.voorkomen.tijdstipRegistratieLV)) return problemAnswer(notFound(instance));
    const body = adresseerbaarObjectResource(id, { baseUrl, data, expand: q.expand as Set<string> | undefined }) as JsonObject;
    return ok(body, { 'content-crs': CRS });
  }

  if (route === 'adres') {
    const id = decodeSegment(segments[1]);
    pattern(NA_PATH_PATTERN)('nummeraanduidingIdentificatie', id, invalid);
    const q = parseQuery(url.searchParams, PARAMS.adres, invalid);
    if (invalid.length > 0) return problemAnswer(paramsValidation(instance, invalid));
    const body = adresResource(id, { baseUrl, data, expand: q.expand as Set<string> | undefined });
    return body ? ok(body) : problemAnswer(notFound(instance));
  }

  return zoekAdressen(url, baseUrl, data);
}

// --- GET /adressen ------------------------------------------------------------------------------

const IDENTIFYING = ['zoekresultaatIdentificatie', 'adresseerbaarObjectIdentificatie', 'pandIdentificatie', 'postcode', 'woonplaatsNaam', 'openbareRuimteNaam', 'huisnummer'] as const;
const NARROWING = ['huisletter', 'huisnummertoevoeging', 'exacteMatch'] as const;

type Mode = 'zoekresultaat' | 'adresseerbaarObject' | 'pand' | 'postcode' | 'naam';

interface Search {
  mode: Mode;
  /** The parameters this search takes, its leading one first. */
  own: readonly string[];
  required: readonly string[];
}

const NUMMER = ['huisnummer', ...NARROWING];

function search(has: (name: string) => boolean): Search | undefined {
  if (has('zoekresultaatIdentificatie')) return { mode: 'zoekresultaat', own: ['zoekresultaatIdentificatie'], required: [] };
  if (has('adresseerbaarObjectIdentificatie')) return { mode: 'adresseerbaarObject', own: ['adresseerbaarObjectIdentificatie'], required: [] };
  if (has('pandIdentificatie')) return { mode: 'pand', own: ['pandIdentificatie'], required: [] };
  if (has('postcode') || (has('huisnummer') && !has('woonplaatsNaam') && !has('openbareRuimteNaam'))) {
    return { mode: 'postcode', own: ['postcode', ...NUMMER], required: ['postcode', 'huisnummer'] };
  }
  if (has('woonplaatsNaam') || has('openbareRuimteNaam')) {
    return { mode: 'naam', own: ['woonplaatsNaam', 'openbareRuimteNaam', ...NUMMER], required: ['woonplaatsNaam', 'openbareRuimteNaam', 'huisnummer'] };
  }
  return undefined;
}

/** Which of the spec's searches the parameters ask for; what does not belong to it is an error. */
function mode(present: ReadonlySet<string>, invalid: InvalidParam[]): Mode | undefined {
  const has = (n: string) => present.has(n);
  const s = search(has);
  if (!s) {
    for (const n of NARROWING) if (has(n)) invalid.push({ name: n, code: 'combinatie', reason: REASON.combinatie('huisnummer') });
    return undefined;
  }
  for (const n of [...IDENTIFYING, ...NARROWING]) {
    if (has(n) && !s.own.includes(n)) invalid.push({ name: n, code: 'combinatie', reason: REASON.combinatie(s.own[0]) });
  }
  // bevraagAdressen: "met de identificatie van een pand. Expand wordt niet ondersteund."
  if (s.mode === 'pand' && has('expand')) invalid.push({ name: 'expand', code: 'combinatie', reason: REASON.combinatie('pandIdentificatie') });
  for (const n of s.required) if (!has(n)) invalid.push({ name: n, code: 'required', reason: REASON.required });
  return s.mode;
}

const same = (a: string | undefined, b: string | undefined) => (a ?? '').toLowerCase() === (b ?? '').toLowerCase();

/**
 * exacteMatch=false (default): a huisletter or toevoeging asked for must match, one not asked for may
 * be anything. exacteMatch=true: both must be exactly as asked, absent included.
 */
function matchesNummer(a: AdresRecord, q: Record<string, unknown>): boolean {
  if (a.huisnummer !== q.huisnummer) return false;
  const letter = q.huisletter as string | undefined;
  const toevoeging = q.huisnummertoevoeging as string | undefined;
  if (q.exacteMatch === true) return same(a.huisletter, letter) && same(a.huisnummertoevoeging, toevoeging);
  return (letter === undefined || same(a.huisletter, letter)) && (toevoeging === undefined || same(a.huisnummertoevoeging, toevoeging));
}

const sortKey = (a: AdresRecord) =>
  [a.postcode ?? '', String(a.huisnummer).padStart(5, '0'), a.huisletter ?? '', a.huisnummertoevoeging ?? '', a.nummeraanduidingIdentificatie].join('|');

function objectAdressen(ao: string, data: BagData): string[] {
  const object = data.objecten.get(ao);
  return object ? [object.heeftAlsHoofdAdres, ...object.heeftAlsNevenAdres] : [];
}

function zoekAdressen(url: URL, baseUrl: string, data: BagData): BagAnswer {
  const instance = url.href;
  const invalid: InvalidParam[] = [];
  const q = parseQuery(url.searchParams, PARAMS.adressen, invalid);
  const present = new Set(url.searchParams.keys());
  const m = mode(present, invalid);
  if (invalid.length > 0) return problemAnswer(paramsValidation(instance, invalid));
  if (!m) return problemAnswer(paramsRequired(instance));

  let ids: string[];
  switch (m) {
    case 'zoekresultaat':
      // The mock does not serve /adressen/zoek, so it knows no zoekresultaat.
      ids = [];
      break;
    case 'adresseerbaarObject':
      ids = objectAdressen(q.adresseerbaarObjectIdentificatie as string, data);
      break;
    case 'pand': {
      const pand = q.pandIdentificatie as string;
      ids = objectAdressen(`${pand.slice(0, 4)}01${pand.slice(6)}`, data);
      break;
    }
    case 'postcode':
      ids = [...data.adressen.values()]
        .filter((a) => a.postcode === (q.postcode as string).toUpperCase() && matchesNummer(a, q))
        .sort((a, b) => sortKey(a).localeCompare(sortKey(b)))
        .map((a) => a.nummeraanduidingIdentificatie);
      break;
    case 'naam':
      ids = [...data.adressen.values()]
        .filter((a) => same(a.woonplaatsNaam, q.woonplaatsNaam as string) && same(a.openbareRuimteNaam, q.openbareRuimteNaam as string) && matchesNummer(a, q))
        .sort((a, b) => sortKey(a).localeCompare(sortKey(b)))
        .map((a) => a.nummeraanduidingIdentificatie);
      break;
  }

  const page = (q.page as number | undefined) ?? 1;
  const pageSize = (q.pageSize as number | undefined) ?? 20;
  const expand = q.expand as Set<string> | undefined;
  const adressen = ids
    .slice((page - 1) * pageSize, page * pageSize)
    .map((id) => adresResource(id, { baseUrl, data, expand }))
    .filter((a): a is JsonObject => a !== undefined);
  const pageLink = (n: number) => {
    const u = new URL(url.href);
    u.searchParams.set('page', String(n));
    return { href: u.href };
  };
  const links: JsonObject = {
    self: { href: url.href },
    first: pageLink(1),
    ...(page > 1 ? { previous: pageLink(page - 1) } : {}),
    ...(page * pageSize < ids.length ? { next: pageLink(page + 1) } : {}),
  };
  return ok({ _links: links, _embedded: { adressen } }, { 'x-pagination-page': String(page), 'x-pagination-limit': String(pageSize) });
}
