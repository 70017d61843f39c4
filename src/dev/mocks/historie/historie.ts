import { toDatum } from '../brp/dates.ts';
import { compact, type JsonObject } from '../brp/json.ts';
import { loadHistorieData, zoekPersoonslijst, type HistorieData } from './data.ts';
import { paramsValidation } from './errors.ts';
import { isoDagnummer, overlapt, spans } from './periode.ts';
import type { StoredPersoonslijst } from './storage.ts';
import { validateHistorieQuery, type HistorieVraag } from './validate.ts';
import { aanvang, toVoorkomen, voorkomenType } from './voorkomen.ts';
import { REDEN_OPSCHORTING, waardeUitTabel } from './waarden.ts';

// The endpoint POST /verblijfplaatshistorie as a pure function: validate → find the persoonslijst →
// keep the voorkomens the peildatum or periode asks for → convert. Newest first, as stored.

export const VERBLIJFPLAATSHISTORIE_PATH = '/haalcentraal/api/brphistorie/verblijfplaatshistorie';

export interface HistorieAntwoord {
  status: number;
  body: JsonObject;
}

export interface AnswerOptions {
  /** The problem+json `instance`: the request path. */
  instance?: string;
  /** The persoonslijsten to answer from; default the official test data. */
  data?: HistorieData;
}

/** The asked days [van, tot) as day numbers. */
function gevraagd(vraag: HistorieVraag): { van: number; tot: number } {
  if (vraag.type === 'RaadpleegMetPeildatum') {
    const dag = isoDagnummer(vraag.peildatum);
    return { van: dag, tot: dag + 1 };
  }
  return { van: isoDagnummer(vraag.datumVan), tot: isoDagnummer(vraag.datumTot) };
}

/** The voorkomens that take part in the history: typed, not onjuist (onjuist-gba.feature). */
function voorkomens(pl: StoredPersoonslijst) {
  return pl.verblijfplaatsen.filter((v) => voorkomenType(v) !== undefined && !v.indicatieOnjuist?.trim());
}

function persoonsgegevens(pl: StoredPersoonslijst): JsonObject {
  // geheimhouding-persoonsgegevens.feature: an indicatie geheim above 0 is always delivered, as true.
  const geheim = Number(pl.geheimhoudingPersoonsgegevens ?? '0');
  const o = pl.opschortingBijhouding;
  return compact({
    opschortingBijhouding: o ? compact({ reden: waardeUitTabel(o.reden, REDEN_OPSCHORTING), datum: toDatum(o.datum) }) : undefined,
    geheimhoudingPersoonsgegevens: Number.isFinite(geheim) && geheim > 0 ? true : undefined,
  }) ?? {};
}

/**
 * Answers one request body. A BSN without a (deliverable) persoonslijst, and a peildatum or periode
 * in which the person lived nowhere known, answer 200 with `verblijfplaatsen: []`
 * (fout-cases.feature: 'heeft de response 0 verblijfplaatsen').
 */
export function answerVerblijfplaatshistorie(body: unknown, options: AnswerOptions = {}): HistorieAntwoord {
  const instance = options.instance ?? VERBLIJFPLAATSHISTORIE_PATH;
  const validatie = validateHistorieQuery(body);
  if (!validatie.ok) return paramsValidation(instance, validatie.invalidParams);

  const pl = zoekPersoonslijst(options.data ?? loadHistorieData(), validatie.vraag.burgerservicenummer);
  if (!pl) return { status: 200, body: { verblijfplaatsen: [] } };

  const lijst = voorkomens(pl);
  const span = spans(lijst.map(aanvang));
  const { van, tot } = gevraagd(validatie.vraag);
  const verblijfplaatsen: JsonObject[] = [];
  lijst.forEach((v, i) => {
    if (!overlapt(span[i], van, tot)) return;
    const voorkomen = toVoorkomen(v, { volgende: i > 0 ? lijst[i - 1] : undefined });
    if (voorkomen) verblijfplaatsen.push(voorkomen);
  });
  return { status: 200, body: { verblijfplaatsen, ...persoonsgegevens(pl) } };
}
