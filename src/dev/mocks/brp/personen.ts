import { toGezagPersoonBeperkt, toPersoonBeperkt } from './beperkt.ts';
import { toPersoon } from './convert.ts';
import { loadTestData } from './data.ts';
import { paramsValidation, tooManyResults, type Problem } from './errors.ts';
import { applySelection, compileSelection } from './fields.ts';
import type { Json, JsonObject } from './json.ts';
import { MAX_ZOEKRESULTATEN, zoek } from './search.ts';
import { validateQuery } from './validate.ts';
import { isBinnenland, verblijfplaatsType } from './verblijfplaats.ts';

// POST /personen: validate, find, convert, project, filter. Pure apart from reading the test data,
// so the HTTP layer only deals with transport concerns.

export interface PersonenContext {
  now: Date;
  /** The request path, reported as `instance` in problem details. */
  instance: string;
}

export type PersonenResponse = { status: 200; body: JsonObject } | Problem;

export function handlePersonen(body: unknown, ctx: PersonenContext): PersonenResponse {
  const validation = validateQuery(body);
  if (!validation.ok) return paramsValidation(ctx.instance, validation.invalidParams);
  const q = validation.query;
  const data = loadTestData();
  const gevonden = zoek(q, data);
  if (q.type !== 'RaadpleegMetBurgerservicenummer' && gevonden.length > MAX_ZOEKRESULTATEN) {
    return tooManyResults(ctx.instance, MAX_ZOEKRESULTATEN);
  }
  const selection = compileSelection(q.fields, q.kind);
  const personen: Json[] = gevonden.map((p) => {
    const volledig = toPersoon(p, { byBsn: data.byBsn, now: ctx.now });
    const vorm = q.kind === 'Persoon' ? volledig
      : q.kind === 'GezagPersoonBeperkt' ? toGezagPersoonBeperkt(volledig)
        : toPersoonBeperkt(volledig);
    return applySelection(vorm, selection, isBinnenland(verblijfplaatsType(p.verblijfplaats)));
  });
  return { status: 200, body: { type: q.type, personen } };
}
