// Argument checks for BRP queries. Bad input never reaches the upstream: each
// problem is a BAD_USER_INPUT error naming the argument, in the caller's terms.
import { GraphQLError } from 'graphql';

export const MAX_BSNS_PER_QUERY = 100;

export function badInput(argument: string, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', argumentName: argument } });
}

/** The elfproef of the BSN: weights 9..2 and -1, the sum divisible by 11. */
export function isValidBsn(value: string): boolean {
  if (!/^\d{9}$/.test(value)) return false;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number(value[i]) * (9 - i);
  sum -= Number(value[8]);
  return sum % 11 === 0;
}

export function checkBsn(argument: string, value: string): string {
  if (!/^\d{9}$/.test(value)) throw badInput(argument, `${argument} must be 9 digits`);
  if (!isValidBsn(value)) throw badInput(argument, `${argument} is not a valid burgerservicenummer (elfproef)`);
  return value;
}

export function checkBsnList(argument: string, values: readonly string[]): string[] {
  if (values.length === 0) throw badInput(argument, `${argument} must contain at least one burgerservicenummer`);
  if (values.length > MAX_BSNS_PER_QUERY) {
    throw badInput(argument, `${argument} may contain at most ${MAX_BSNS_PER_QUERY} burgerservicenummers, got ${values.length}`);
  }
  values.forEach((v, i) => checkBsn(`${argument}[${i}]`, v));
  return values.slice();
}

function checkPattern(argument: string, value: string | null | undefined, re: RegExp, description: string): void {
  if (value === undefined || value === null) return;
  if (!re.test(value)) throw badInput(argument, `${argument} must be ${description}`);
}

// Patterns from the BRP OpenAPI spec 2.7.0, so a value that passes here is one the upstream accepts.
const NAME = /^[a-zA-Z0-9À-ž .\-']{1,200}$|^[a-zA-Z0-9À-ž .\-']{3,199}\*$/;
export const inputPatterns = {
  postcode: { re: /^[1-9][0-9]{3} ?[A-Za-z]{2}$/, description: 'a Dutch postcode such as 3077AW' },
  datum: { re: /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, description: 'a date YYYY-MM-DD' },
  geslachtsnaam: { re: NAME, description: 'a name of 1–200 letters (a trailing * after at least 3 letters)' },
  voornamen: { re: NAME, description: 'names of 1–200 letters (a trailing * after at least 3 letters)' },
  voorvoegsel: { re: /^[a-zA-Z ']{1,10}$/, description: 'a voorvoegsel of at most 10 letters' },
  geslacht: { re: /^[MmVvOo]$/, description: 'M, V or O' },
  gemeenteVanInschrijving: { re: /^\d{4}$/, description: 'a municipality code of 4 digits' },
  huisletter: { re: /^[a-zA-Z]$/, description: 'one letter' },
  huisnummertoevoeging: { re: /^[a-zA-Z0-9 -]{1,4}$/, description: 'at most 4 letters or digits' },
  straat: {
    re: /^[a-zA-Z0-9À-ž \-'.]{1,80}$|^[a-zA-Z0-9À-ž \-'.]{7,79}\*$|^\*[a-zA-Z0-9À-ž \-'.]{7,79}$/,
    description: 'a street name (wildcard * only with at least 7 letters)',
  },
  identificatie: { re: /^(?!0{16})\d{16}$/, description: 'a BAG identification of 16 digits' },
} as const;

export type PatternName = keyof typeof inputPatterns;

/** Checks every present criterion of a search input against the spec's patterns (search-criteria.ts). */
export function checkSearchInput(argument: string, input: Record<string, unknown>, criteria: Readonly<Record<string, { pattern?: PatternName }>>): void {
  for (const [field, { pattern: patternName }] of Object.entries(criteria)) {
    const value = input[field];
    if (value === undefined || value === null || !patternName) continue;
    const { re, description } = inputPatterns[patternName];
    checkPattern(`${argument}.${field}`, String(value), re, description);
  }
  if ('huisnummer' in input) {
    const n = input.huisnummer;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 99999) {
      throw badInput(`${argument}.huisnummer`, `${argument}.huisnummer must be a number from 1 to 99999`);
    }
  }
}
