import type { JsonObject } from '../brp/json.ts';

// The code tables the reisdocumenten API describes: the storage holds codes only, the API delivers
// code plus omschrijving. Descriptions as in the feature files (soort-reisdocument.feature,
// inhouding-of-vermissing.feature, opschorting-bijhouding.feature) and, for the codes they do not
// name, as LO GBA tabel 48 'Nederlands reisdocument' words them.

/** LO GBA tabel 48 Nederlands reisdocument (35.10). `..` is the standaardwaarde, never delivered. */
export const SOORT_REISDOCUMENT: Readonly<Record<string, string>> = {
  BJ: 'Identiteitskaart (toeristenkaart) BJ',
  EK: 'Europese identiteitskaart',
  IA: 'Identiteitskaart (toeristenkaart) A',
  IB: 'Identiteitskaart (toeristenkaart) B',
  IC: 'Identiteitskaart (toeristenkaart) C',
  ID: 'Gemeentelijke Identiteitskaart',
  KE: 'Kaart met paspoortboekje, 64 pag.',
  KN: 'Kaart met paspoortboekje, 32 pag.',
  KZ: 'Kaart zonder paspoortboekje',
  LP: 'Laissez-passer',
  NB: 'Nooddocument (model reisdocument vreemdelingen)',
  NI: 'Nederlandse identiteitskaart',
  NN: 'Noodpaspoort (model nationaal paspoort)',
  NP: 'Noodpaspoort',
  NV: 'Nooddocument (model reisdocument vluchtelingen)',
  PB: 'Reisdocument voor vreemdelingen',
  PD: 'Diplomatiek paspoort',
  PF: 'Faciliteitenpaspoort',
  PN: 'Nationaal paspoort',
  PV: 'Reisdocument voor vluchtelingen',
  PZ: 'Dienstpaspoort',
  R1: 'Reisdocument ouder1',
  R2: 'Reisdocument ouder2',
  RD: 'Reisdocument voogd',
  RM: 'Reisdocument moeder',
  RV: 'Reisdocument vader',
  TE: 'Tweede paspoort (zakenpaspoort)',
  TN: 'Tweede paspoort',
  ZN: 'Nationaal paspoort (zakenpaspoort)',
};

/** Aanduiding inhouding dan wel vermissing (35.70); `.` (onbekend) is delivered too. */
export const AANDUIDING_INHOUDING_VERMISSING: Readonly<Record<string, string>> = {
  I: 'ingehouden of ingeleverd',
  R: 'van rechtswege vervallen',
  V: 'vermist',
  '.': 'onbekend',
};

/** Reden opschorting bijhouding (67.20). */
export const REDEN_OPSCHORTING: Readonly<Record<string, string>> = {
  O: 'overlijden',
  E: 'emigratie',
  M: 'ministerieel besluit',
  R: 'pl is aangelegd in de rni',
  F: 'fout',
  W: 'wissen',
  '.': 'onbekend',
};

/** Code plus the table's omschrijving; an unknown code goes alone. Undefined without a code. */
export function waardetabel(code: string | undefined, table: Readonly<Record<string, string>>): JsonObject | undefined {
  const c = code?.trim();
  if (!c) return undefined;
  const omschrijving = table[c.toUpperCase()];
  return omschrijving === undefined ? { code: c } : { code: c, omschrijving };
}
