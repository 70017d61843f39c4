import type { JsonObject } from './json.ts';

// application/problem+json bodies (RFC 7807) as the BRP API returns them. Titles, codes, details
// and reasons follow the feature files (bevragen/*fout-cases*.feature). Where those strings do not
// match the spec's own patterns (a ':' in detail, 'fields[0]' as a name, the regex in a reason),
// the feature files win: they describe what the real API sends.

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
export const ONDERSTEUND_CONTENT_TYPE = 'application/json; charset=utf-8';

const RFC7231 = 'https://datatracker.ietf.org/doc/html/rfc7231';

export interface InvalidParam {
  name: string;
  code: string;
  reason: string;
}

export interface Problem {
  status: number;
  body: JsonObject;
}

function problem(status: number, section: string, title: string, instance: string, code: string, detail?: string): Problem {
  const type = section.startsWith('https://') ? section : `${RFC7231}#section-${section}`;
  const body: JsonObject = { type, title, status };
  if (detail !== undefined) body.detail = detail;
  body.instance = instance;
  body.code = code;
  return { status, body };
}

export const REASON = {
  required: 'Parameter is verplicht.',
  array: 'Parameter is geen array.',
  minItems: (n: number) => `Array bevat minder dan ${n} items.`,
  maxItems: (n: number) => `Array bevat meer dan ${n} items.`,
  pattern: (pattern: string) => `Waarde voldoet niet aan patroon ${pattern}.`,
  unknownParam: 'Parameter is niet verwacht.',
  type: 'Waarde is geen geldig zoek type.',
  fieldNietBestaand: 'Parameter bevat een niet bestaande veldnaam.',
  fieldNietToegestaan: 'Parameter bevat een niet toegestane veldnaam.',
  integer: 'Waarde is geen geldig getal.',
  minimum: (n: number) => `Waarde is lager dan minimum ${n}.`,
  maximum: (n: number) => `Waarde is hoger dan maximum ${n}.`,
  date: 'Waarde is geen geldige datum.',
  boolean: 'Waarde is geen geldige boolean.',
} as const;

/** 400 paramsValidation with one invalidParams entry per problem found. */
export function paramsValidation(instance: string, invalidParams: readonly InvalidParam[]): Problem {
  const names = [...new Set(invalidParams.map((p) => p.name))];
  const p = problem(400, '6.5.1', 'Een of meerdere parameters zijn niet correct.', instance, 'paramsValidation',
    `De foutieve parameter(s) zijn: ${names.join(', ')}.`);
  p.body.invalidParams = invalidParams.map((ip) => ({ name: ip.name, code: ip.code, reason: ip.reason }));
  return p;
}

export function tooManyResults(instance: string, max: number): Problem {
  return problem(400, '6.5.1', 'Teveel zoekresultaten.', instance, 'tooManyResults',
    `Meer dan maximum van ${max} zoekresultaten gevonden. Verfijn de zoekopdracht.`);
}

export function invalidJson(instance: string): Problem {
  return problem(400, '6.5.1', 'Het request bevat geen geldige JSON.', instance, 'invalidJson',
    'De request body kan niet als JSON worden gelezen.');
}

export function unsupportedMediaType(instance: string): Problem {
  return problem(415, '6.5.13', 'Media Type wordt niet ondersteund.', instance, 'unsupportedMediaType',
    `Ondersteunde content type: ${ONDERSTEUND_CONTENT_TYPE}.`);
}

export function notAcceptable(instance: string): Problem {
  return problem(406, '6.5.6', 'Gevraagde content type wordt niet ondersteund.', instance, 'notAcceptable',
    `Ondersteunde content type: ${ONDERSTEUND_CONTENT_TYPE}.`);
}

export function notFound(instance: string): Problem {
  return problem(404, '6.5.4', 'Opgevraagde resource bestaat niet.', instance, 'notFound');
}

export function methodNotAllowed(instance: string): Problem {
  return problem(405, '6.5.5', 'Gebruikte methode wordt niet ondersteund.', instance, 'methodNotAllowed');
}

/** A problem body for a bare status: failNext without a body, or an unexpected failure. */
export function problemVoorStatus(status: number, instance: string): Problem {
  if (status === 503) {
    return problem(503, '6.6.4', 'Bronservice BRP is tijdelijk niet beschikbaar.', instance, 'notAvailable',
      'The service is currently unable to handle the request due to a temporary overloading or maintenance of the server.');
  }
  if (status === 429) return problem(429, 'https://www.rfc-editor.org/rfc/rfc6585#section-4', 'Too many request', instance, 'tooManyRequests');
  if (status === 401) return problem(401, '6.5.2', 'Niet correct geauthenticeerd.', instance, 'authentication');
  if (status === 403) return problem(403, '6.5.3', 'U bent niet geautoriseerd voor deze operatie.', instance, 'autorisation');
  if (status >= 500) return problem(status, '6.6.1', 'Interne server fout.', instance, 'serverError');
  return problem(status, '6.5.1', 'Foutieve aanvraag.', instance, 'badRequest');
}
