// One set of rules for what the registry accepts, used by the registry's write methods (which
// refuse with RegistryError('INVALID')) and by the seed validator (which reports file:line). Each
// check returns a problem in plain words, or undefined. The migration's CHECK constraints mirror
// the identifier formats, as a backstop.
import { checkOin } from './oin.ts';
import {
  ACTIVATION_STATUSES,
  EDUV_SCOPES,
  GEGEVENSDIENSTEN,
  type ActivationStatus,
  type Gegevensdienst,
} from './types.ts';

export type Problem = string | undefined;

export function oinProblem(oin: string): Problem {
  const result = checkOin(oin);
  return result.ok ? undefined : result.problem;
}

/** The bevoegd-gezagnummer of an onderwijsbestuur (DUO): five digits, e.g. 41821. */
export const BESTUUR_ID = /^[0-9]{5}$/;
export function bestuurIdProblem(id: string): Problem {
  return BESTUUR_ID.test(id) ? undefined : `an onderwijsbestuur id is the 5-digit bevoegd-gezagnummer, got "${id}"`;
}

/** The RIO code of an onderwijsaanbieder: three digits, a capital letter, three digits (110A133). */
export const AANBIEDER_ID = /^[0-9]{3}[A-Z][0-9]{3}$/;
export function aanbiederIdProblem(id: string): Problem {
  return AANBIEDER_ID.test(id)
    ? undefined
    : `an onderwijsaanbieder id is the RIO code (3 digits, a capital letter, 3 digits, e.g. 110A133), got "${id}"`;
}

/** The 4-character OIE (instellings)code: two digits and two capital letters (06AB). */
export const OIE_CODE = /^[0-9]{2}[A-Z]{2}$/;
export function oieCodeProblem(code: string): Problem {
  return OIE_CODE.test(code) ? undefined : `an OIE code is two digits and two capital letters (e.g. 06AB), got "${code}"`;
}

// Printable ASCII without spaces: what OAuth client ids are in practice, and safe in a log line.
export const CLIENT_ID = /^[!-~]{1,255}$/;
export function clientIdProblem(id: string): Problem {
  return CLIENT_ID.test(id) ? undefined : 'a client id is 1–255 printable characters without spaces';
}

export function scopeProblem(scope: string): Problem {
  return (EDUV_SCOPES as readonly string[]).includes(scope)
    ? undefined
    : `unknown scope "${scope}" (known: ${EDUV_SCOPES.join(', ')})`;
}

export function isGegevensdienst(value: string): value is Gegevensdienst {
  return (GEGEVENSDIENSTEN as readonly string[]).includes(value);
}

export function gegevensdienstProblem(value: string): Problem {
  return isGegevensdienst(value) ? undefined : `unknown gegevensdienst "${value}" (known: ${GEGEVENSDIENSTEN.join(', ')})`;
}

export function isActivationStatus(value: string): value is ActivationStatus {
  return (ACTIVATION_STATUSES as readonly string[]).includes(value);
}

export function statusProblem(value: string): Problem {
  return isActivationStatus(value) ? undefined : `unknown status "${value}" (known: ${ACTIVATION_STATUSES.join(', ')})`;
}

/** A calendar date as YYYY-MM-DD that exists (no 2026-02-30). */
export const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
export function dateProblem(value: string): Problem {
  const match = DATE.exec(value);
  if (!match) return `a date is written YYYY-MM-DD, got "${value}"`;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) {
    return `"${value}" is not a calendar date`;
  }
  return undefined;
}

export function periodProblem(validFrom: string, validTo: string | null): Problem {
  return validTo !== null && validTo < validFrom ? `validTo ${validTo} lies before validFrom ${validFrom}` : undefined;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** A participant's endpoint: https, or http on a loopback address (development only). */
export function endpointProblem(value: string): Problem {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `not a URL: "${value}"`;
  }
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:' && LOOPBACK.has(url.hostname)) return undefined;
  return `an endpoint must be an https URL (http only on localhost), got "${value}"`;
}

export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export function emailProblem(value: string): Problem {
  return EMAIL.test(value) ? undefined : `not an e-mail address: "${value}"`;
}

export const PHONE = /^\+?[0-9][0-9 ()-]{5,20}$/;
export function phoneProblem(value: string): Problem {
  return PHONE.test(value) ? undefined : `not a telephone number: "${value}"`;
}

export function nonEmptyProblem(value: string, what: string): Problem {
  return value.trim() ? undefined : `${what} must not be empty`;
}

/**
 * A narrowing as stored: undefined and null mean the whole onderwijsaanbieder; a list is trimmed
 * and de-duplicated, in the order given.
 */
export function normaliseNarrowing(ids: readonly string[] | null | undefined): string[] | null {
  if (ids === undefined || ids === null) return null;
  return [...new Set(ids.map((id) => id.trim()))];
}

/** Two narrowings that let the same offerings through (order does not matter). */
export function sameNarrowing(a: readonly string[] | null, b: readonly string[] | null): boolean {
  if (a === null || b === null) return a === b;
  const left = new Set(a);
  const right = new Set(b);
  return left.size === right.size && [...left].every((id) => right.has(id));
}

export function narrowingProblem(ids: readonly string[] | null | undefined): Problem {
  if (ids === undefined || ids === null) return undefined;
  if (ids.length === 0) return 'a narrowing lists at least one subject offering (null for the whole onderwijsaanbieder; deactivate to stop the exchange)';
  const empty = ids.findIndex((id) => typeof id !== 'string' || !id.trim());
  return empty >= 0 ? `subject offering id ${empty + 1} is empty` : undefined;
}
