import type { JsonObject } from '../brp/json.ts';
import { toReisdocument } from './convert.ts';
import { loadTestData, type ReisdocumentenData } from './data.ts';
import { paramsValidation, type Problem } from './errors.ts';
import { applySelection, compileSelection } from './fields.ts';
import { zoek } from './search.ts';
import { validateQuery } from './validate.ts';

// POST /reisdocumenten: validate, find, convert, filter. Pure apart from reading the test data, so
// the HTTP layer only deals with transport concerns.

/** The request path as the feature files report it in `instance`. */
export const REISDOCUMENTEN_INSTANCE = '/haalcentraal/api/reisdocumenten/reisdocumenten';

export type ReisdocumentenAntwoord = { status: 200; body: JsonObject } | Problem;

/**
 * Answers one request body. `now` is the moment of the request; the answer does not depend on it,
 * since the features never filter on datumEindeGeldigheid (search.ts), but it is taken so that
 * callers and the HTTP mock stay deterministic should a rule ever need it. `data` defaults to the
 * official test data.
 */
export function answerReisdocumenten(
  body: unknown,
  now: Date,
  data: ReisdocumentenData = loadTestData(),
  instance: string = REISDOCUMENTEN_INSTANCE,
): ReisdocumentenAntwoord {
  const validation = validateQuery(body);
  if (!validation.ok) return paramsValidation(instance, validation.invalidParams);
  const q = validation.query;
  const selection = compileSelection(q.fields);
  const reisdocumenten = zoek(q, data).map((row) => applySelection(toReisdocument(row), selection));
  return { status: 200, body: { type: q.type, reisdocumenten } };
}
