import { compact, type JsonObject } from '../brp/json.ts';
import type { StoredWaardetabel } from '../brp/storage.ts';

// The historie test data stores table values as codes only; the API delivers code and omschrijving.
// The omschrijvingen below are those of the landelijke tabellen as the official BRP test data
// (data/brp/test-data.json, the personen mock) and the historie feature files spell them. A code
// without an entry is delivered with its code only.

export type Tabel = Readonly<Record<string, string>>;

/** Tabelwaarden 'Functie_Adres'. */
export const FUNCTIE_ADRES: Tabel = { W: 'woonadres', B: 'briefadres' };

/** Tabelwaarden 'Aanduiding_Bij_Huisnummer'. */
export const AANDUIDING_BIJ_HUISNUMMER: Tabel = { by: 'bij', to: 'tegenover' };

/** Tabelwaarden 'Reden_Opschorting_Bijhouding'. */
export const REDEN_OPSCHORTING: Tabel = {
  O: 'overlijden',
  E: 'emigratie',
  M: 'ministerieel besluit',
  R: 'pl is aangelegd in de rni',
  F: 'fout',
  W: 'wissen',
  '.': 'onbekend',
};

/**
 * Landelijke tabel 34 'Landen', for the land codes of the historie test data. 5056, 5113, 7006 and
 * 7072 occur there but in no official source with an omschrijving, so they have none here; 0000
 * ('onbekend') makes a VerblijfplaatsOnbekend, which has no land.
 */
export const LANDEN: Tabel = {
  '5001': 'Canada',
  '5002': 'Frankrijk',
  '5003': 'Zwitserland',
  '5006': 'Cuba',
  '5007': 'Suriname',
  '5010': 'België',
  '5014': 'Zuid-Afrika',
  '5020': 'Ethiopië',
  '5022': 'Marokko',
  '5043': 'Irak',
  '5061': 'Falklandeilanden',
  '5071': 'Pitcairneilanden',
  '5095': 'Aruba',
  '5103': 'Servië',
  '5104': 'Montenegro',
  '6000': 'Moldavië',
  '6003': 'Griekenland',
  '6011': 'IJsland',
  '6014': 'Verenigde Staten van Amerika',
  '6016': 'Australië',
  '6022': 'China',
  '6023': 'Afghanistan',
  '6024': 'Indonesië',
  '6037': 'Spanje',
  '6039': 'Groot-Brittannië',
  '6042': 'Jordanië',
  '6043': 'Turkije',
  '6047': 'Algerije',
  '6054': 'Frans-Polynesië',
  '6067': 'Slowakije',
  '7002': 'Kenya',
  '7014': 'Egypte',
  '7015': 'Argentinië',
  '7024': 'Bulgarije',
  '7028': 'Polen',
  '7042': 'Thailand',
  '7044': 'Italië',
  '7054': 'Verenigde Arabische Emiraten',
  '7064': 'Letland',
  '7088': 'Amerikaanse Maagdeneilanden',
  '8027': 'Kiribati',
  '9056': 'Marshalleilanden',
  '9089': 'Bondsrepubliek Duitsland',
};

/** A Waardetabel (code + omschrijving): the stored omschrijving, else the table's. */
export function waardeUitTabel(w: StoredWaardetabel | undefined, tabel?: Tabel): JsonObject | undefined {
  const code = w?.code?.trim();
  if (!code) return undefined;
  const omschrijving = w?.omschrijving?.trim() || tabel?.[code];
  return compact({ code, omschrijving });
}
