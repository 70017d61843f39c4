// Row-level rules of a purpose: which persons may be disclosed at all. They
// run once per person returned, and only for purposes that restrict something.
//
// - not nationwide: every upstream call carries gemeenteVanInschrijving = the
//   facade's municipality, so the BRP itself returns no one outside it;
// - no deceased: persons whose bijhouding is suspended for overlijden (the
//   automatically delivered opschortingBijhouding, reden O) are withheld;
// - no secret persons: persons with geheimhoudingPersoonsgegevens are withheld
//   entirely (the automatically delivered indicator).
import type { Purpose } from './policy.ts';

export type WithheldReason = 'SECRET_PERSON' | 'DECEASED';

export interface ObjectRules {
  /** Parameters every upstream call of this request carries. */
  upstreamParameters: Record<string, unknown>;
  /** Why this person must not be disclosed, or undefined. */
  screen(person: Record<string, unknown>): WithheldReason | undefined;
}

const NO_RESTRICTION: ObjectRules = { upstreamParameters: {}, screen: () => undefined };

export function objectRulesFor(purpose: Purpose | undefined, gemeenteCode: string): ObjectRules {
  if (!purpose) return NO_RESTRICTION;
  const upstreamParameters = purpose.nationwide ? {} : { gemeenteVanInschrijving: gemeenteCode };
  if (purpose.secretPersons && purpose.includeDeceased) return { upstreamParameters, screen: () => undefined };
  return {
    upstreamParameters,
    screen(person) {
      const secret = person.geheimhoudingPersoonsgegevens;
      if (!purpose.secretPersons && (secret === true || (typeof secret === 'number' && secret > 0))) return 'SECRET_PERSON';
      if (!purpose.includeDeceased) {
        const reden = (person.opschortingBijhouding as { reden?: { code?: string } } | undefined)?.reden?.code;
        if (reden === 'O' || person.overlijden !== undefined) return 'DECEASED';
      }
      return undefined;
    },
  };
}
