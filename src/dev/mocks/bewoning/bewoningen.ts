import type { JsonObject } from '../brp/json.ts';
import { loadBewoningData, type BewoningData } from './data.ts';
import { paramsValidation } from './errors.ts';
import { isoDagnummer } from './periode.ts';
import { bewoningen } from './samenstelling.ts';
import { validateBewoningenQuery, type BewoningVraag } from './validate.ts';

// The endpoint POST /bewoningen as a pure function: validate → find the persoonslijsten with a voorkomen
// on the adresseerbaar object → cut the asked days into bewoningen. An adresseerbaar object nobody (may
// have) lived on in the asked days answers 200 `{ "bewoningen": [] }` (overzicht.feature: 'heeft de
// response 0 bewoningen').

export const BEWONINGEN_PATH = '/haalcentraal/api/bewoning/bewoningen';

export interface BewoningAntwoord {
  status: number;
  body: JsonObject;
}

export interface AnswerOptions {
  /** The problem+json `instance`: the request path. */
  instance?: string;
  /** The persoonslijsten to answer from (bewoningData([...])); default the official test data. */
  data?: BewoningData;
}

/** The asked days [van, tot) as day numbers: one day for a peildatum. */
function gevraagd(vraag: BewoningVraag): { van: number; tot: number } {
  if (vraag.type === 'BewoningMetPeildatum') {
    const dag = isoDagnummer(vraag.peildatum);
    return { van: dag, tot: dag + 1 };
  }
  return { van: isoDagnummer(vraag.datumVan), tot: isoDagnummer(vraag.datumTot) };
}

/** Answers one request body: 200 with `bewoningen`, or 400 paramsValidation. */
export function answerBewoningen(body: unknown, options: AnswerOptions = {}): BewoningAntwoord {
  const instance = options.instance ?? BEWONINGEN_PATH;
  const validatie = validateBewoningenQuery(body);
  if (!validatie.ok) return paramsValidation(instance, validatie.invalidParams);

  const { adresseerbaarObjectIdentificatie } = validatie.vraag;
  const data = options.data ?? loadBewoningData();
  const persoonslijsten = data.byAdresseerbaarObject.get(adresseerbaarObjectIdentificatie) ?? [];
  const { van, tot } = gevraagd(validatie.vraag);
  return { status: 200, body: { bewoningen: bewoningen(adresseerbaarObjectIdentificatie, persoonslijsten, van, tot) } };
}
