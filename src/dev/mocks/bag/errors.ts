import { STATUS_CODES } from 'node:http';
import type { JsonObject } from '../brp/json.ts';

// application/problem+json bodies of the BAG API (components.schemas.Error of data/bag/openapi.yaml).
// Titles, details and codes are the spec's own examples. Two deliberate departures, both because the
// spec's examples break the spec's own `format: uri`:
// - `type`: the examples read 'https://www.w3.org/…/rfc2616-sec10.html#/10.4.5 404 Not Found', with
//   spaces; the mock sends the same text with the spaces as %20, so it is a URI and decodes to the example.
// - `instance`: the full request URL (the examples show one), not just the path.
// A malformed parameter gets code paramsValidation and the title the Haal Centraal APIs use for it;
// the spec only shows paramsRequired (no parameter at all), which the mock uses for that case.

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export interface InvalidParam {
  name: string;
  code: string;
  reason: string;
}

export interface Problem {
  status: number;
  body: JsonObject;
  /** Extra response headers (Allow, RateLimit-*). */
  headers?: Record<string, string>;
}

interface Kind {
  section: string;
  phrase: string;
  title: string;
  detail: string;
  code: string;
}

const RFC2616 = 'https://www.w3.org/Protocols/rfc2616/rfc2616-sec10.html#/';
const VALIDATIES = 'https://www.vng.nl/realisatie/api/validaties/';

const KINDS: Record<number, Kind> = {
  400: {
    section: '10.4.1', phrase: 'Bad Request', title: 'Ten minste één parameter moet worden opgegeven.', code: 'paramsRequired',
    detail: 'The request could not be understood by the server due to malformed syntax. The client SHOULD NOT repeat the request without modification.',
  },
  401: {
    section: '10.4.2', phrase: 'Unauthorized', title: 'Niet correct geauthenticeerd.', code: 'authentication',
    detail: 'The request requires user authentication. The response MUST include a WWW-Authenticate header field (section 14.47) containing a challenge applicable to the requested resource.',
  },
  403: {
    section: '10.4.4', phrase: 'Forbidden', title: 'U bent niet geautoriseerd voor deze operatie.', code: 'autorisation',
    detail: 'The server understood the request, but is refusing to fulfill it.',
  },
  404: {
    section: '10.4.5', phrase: 'Not Found', title: 'Opgevraagde resource bestaat niet.', code: 'notFound',
    detail: 'The server has not found anything matching the Request-URI.',
  },
  405: {
    section: '10.4.6', phrase: 'Method Not Allowed', title: 'Methode niet toegestaan', code: 'methodNotAllowed',
    detail: 'The method specified in the Request-Line is not allowed for the resource identified by the Request-URI. The response MUST include an Allow header containing a list of valid methods for the requested resource.',
  },
  406: {
    section: '10.4.7', phrase: 'Not Acceptable', title: 'Gevraagde contenttype wordt niet ondersteund.', code: 'notAcceptable',
    detail: 'The resource identified by the request is only capable of generating response entities which have content characteristics not acceptable according to the accept headers sent in the request',
  },
  412: {
    section: '10.4.13', phrase: 'Precondition Failed', title: 'Niet voldaan aan vooraf gestelde voorwaarde', code: 'preconditionFailed',
    detail: 'The precondition given in one or more of the request-header fields evaluated to false when it was tested on the server.',
  },
  415: {
    section: '10.4.16', phrase: 'Unsupported Media Type', title: 'Media-type niet ondersteund', code: 'unsupported',
    detail: 'The server is refusing the request because the entity of the request is in a format not supported by the requested resource for the requested method.',
  },
  500: {
    section: '10.5.1', phrase: 'Internal server error', title: 'Interne server fout.', code: 'serverError',
    detail: 'The server encountered an unexpected condition which prevented it from fulfilling the request.',
  },
  503: {
    section: '10.5.4', phrase: 'Service Unavailable', title: 'Bronservice BAG is tijdelijk niet beschikbaar.', code: 'notAvailable',
    detail: 'The service is currently unable to handle the request due to a temporary overloading or maintenance of the server.',
  },
};

const typeUri = (k: Kind, status: number) => `${RFC2616}${k.section}%20${status}%20${encodeURIComponent(k.phrase)}`;

function fromKind(status: number, instance: string, k: Kind): Problem {
  return { status, body: { type: typeUri(k, status), title: k.title, status, detail: k.detail, instance, code: k.code } };
}

/** A problem body for a status: the spec's example where it has one. */
export function problemVoorStatus(status: number, instance: string): Problem {
  if (status === 429) return tooManyRequests(instance);
  const k = KINDS[status];
  if (k) return fromKind(status, instance, k);
  const phrase = STATUS_CODES[status] ?? 'Error';
  const server = status >= 500;
  return {
    status,
    body: {
      type: `https://www.rfc-editor.org/rfc/rfc9110#status.${status}`,
      title: phrase,
      status,
      detail: server ? KINDS[500].detail : KINDS[400].detail,
      instance,
      code: server ? 'serverError' : 'badRequest',
    },
  };
}

export const notFound = (instance: string) => problemVoorStatus(404, instance);
export const unauthorized = (instance: string) => problemVoorStatus(401, instance);
export const notAcceptable = (instance: string) => problemVoorStatus(406, instance);

export function methodNotAllowed(instance: string): Problem {
  return { ...problemVoorStatus(405, instance), headers: { allow: 'GET' } };
}

/** 400 without any of the parameters a search needs: the spec's example. */
export const paramsRequired = (instance: string) => problemVoorStatus(400, instance);

/** 400 for malformed or unexpected parameters, one invalid-params entry per problem. */
export function paramsValidation(instance: string, invalid: readonly InvalidParam[]): Problem {
  const p = fromKind(400, instance, { ...KINDS[400], title: 'Een of meerdere parameters zijn niet correct.', code: 'paramsValidation' });
  p.body['invalid-params'] = invalid.map((ip) => ({ type: `${VALIDATIES}${ip.code}`, name: ip.name, code: ip.code, reason: ip.reason }));
  return p;
}

/** rate-limiting.feature: title and detail as the feature says. */
export function tooManyRequests(instance: string, headers?: Record<string, string>): Problem {
  return {
    status: 429,
    body: {
      type: 'https://datatracker.ietf.org/doc/html/rfc6585#section-4',
      title: 'Too Many Requests',
      status: 429,
      detail: 'You have exceeded your quota',
      instance,
      code: 'tooManyRequests',
    },
    ...(headers ? { headers } : {}),
  };
}

export const REASON = {
  pattern: (pattern: string) => `Waarde voldoet niet aan patroon ${pattern}.`,
  integer: 'Waarde is geen geldige integer.',
  minimum: (n: number) => `Waarde is lager dan minimum ${n}.`,
  maximum: (n: number) => `Waarde is hoger dan maximum ${n}.`,
  minLength: (n: number) => `Waarde is korter dan minimale lengte ${n}.`,
  maxLength: (n: number) => `Waarde is langer dan maximale lengte ${n}.`,
  boolean: 'Waarde is geen geldige boolean.',
  date: 'Waarde is geen geldige datum.',
  dateTime: 'Waarde is geen geldige datum-tijd.',
  required: 'Parameter is verplicht.',
  unknownParam: 'Parameter is niet verwacht.',
  repeated: 'Parameter mag maar één keer worden opgegeven.',
  expand: (allowed: readonly string[]) => `Waarde wordt niet ondersteund; toegestaan: ${allowed.join(', ')} of true.`,
  combinatie: (other: string) => `Parameter kan niet worden gecombineerd met ${other}.`,
} as const;
