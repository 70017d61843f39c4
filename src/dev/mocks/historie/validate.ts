import { isIsoDate } from '../brp/dates.ts';
import { isJsonObject } from '../brp/json.ts';
import type { InvalidParam } from '../brp/errors.ts';

// Validation of a HistorieQuery body, as fout-cases.feature and the official validators
// (BrpHistorie.Validatie: burgerservicenummer, then the dates, then unknown parameters) report it.
// An invalid or missing type is reported alone: without a type nothing else can be checked.

export const ZOEK_TYPES = ['RaadpleegMetPeildatum', 'RaadpleegMetPeriode'] as const;
export type ZoekType = (typeof ZOEK_TYPES)[number];

export type HistorieVraag =
  | { type: 'RaadpleegMetPeildatum'; burgerservicenummer: string; peildatum: string }
  | { type: 'RaadpleegMetPeriode'; burgerservicenummer: string; datumVan: string; datumTot: string };

const BSN_PATTERN = '^[0-9]{9}$';

/** The reasons the official validators give (the Bewoning API's are the same). */
export const REDEN = {
  required: 'Parameter is verplicht.',
  type: 'Waarde is geen geldig zoek type.',
  pattern: (pattern: string) => `Waarde voldoet niet aan patroon ${pattern}.`,
  date: 'Waarde is geen geldige datum.',
  datumTotNaDatumVan: 'datumTot moet na datumVan liggen.',
  unknownParam: 'Parameter is niet verwacht.',
} as const;

const PARAMETERS: Record<ZoekType, readonly string[]> = {
  RaadpleegMetPeildatum: ['type', 'burgerservicenummer', 'peildatum'],
  RaadpleegMetPeriode: ['type', 'burgerservicenummer', 'datumVan', 'datumTot'],
};

/** Absent, null or empty: a required parameter not given (shared with the Bewoning mock, which validates the same way). */
export const leeg = (value: unknown): boolean => value === undefined || value === null || value === '';

/** A required date: absent or empty is 'required', anything but a calendar YYYY-MM-DD is 'date'. */
export function datum(name: string, value: unknown, fouten: InvalidParam[]): string | undefined {
  if (leeg(value)) {
    fouten.push({ name, code: 'required', reason: REDEN.required });
    return undefined;
  }
  if (typeof value !== 'string' || !isIsoDate(value)) {
    fouten.push({ name, code: 'date', reason: REDEN.date });
    return undefined;
  }
  return value;
}

export type Validatie = { ok: true; vraag: HistorieVraag } | { ok: false; invalidParams: InvalidParam[] };

export function validateHistorieQuery(body: unknown): Validatie {
  const b = isJsonObject(body) ? body : {};
  const type = b.type;
  if (type === undefined || type === null) {
    return { ok: false, invalidParams: [{ name: 'type', code: 'required', reason: REDEN.required }] };
  }
  if (typeof type !== 'string' || !(ZOEK_TYPES as readonly string[]).includes(type)) {
    return { ok: false, invalidParams: [{ name: 'type', code: 'value', reason: REDEN.type }] };
  }
  const zoekType = type as ZoekType;
  const fouten: InvalidParam[] = [];

  const bsn = b.burgerservicenummer;
  if (bsn === undefined || bsn === null) fouten.push({ name: 'burgerservicenummer', code: 'required', reason: REDEN.required });
  else if (typeof bsn !== 'string' || !new RegExp(BSN_PATTERN).test(bsn)) {
    fouten.push({ name: 'burgerservicenummer', code: 'pattern', reason: REDEN.pattern(BSN_PATTERN) });
  }

  let vraag: HistorieVraag | undefined;
  if (zoekType === 'RaadpleegMetPeildatum') {
    const peildatum = datum('peildatum', b.peildatum, fouten);
    if (peildatum && typeof bsn === 'string') vraag = { type: zoekType, burgerservicenummer: bsn, peildatum };
  } else {
    // The official validator checks datumTot first.
    const datumTot = datum('datumTot', b.datumTot, fouten);
    const datumVan = datum('datumVan', b.datumVan, fouten);
    if (datumVan && datumTot && datumTot <= datumVan) {
      fouten.push({ name: 'datumTot', code: 'invalidParam', reason: REDEN.datumTotNaDatumVan });
    } else if (datumVan && datumTot && typeof bsn === 'string') {
      vraag = { type: zoekType, burgerservicenummer: bsn, datumVan, datumTot };
    }
  }

  for (const key of Object.keys(b)) {
    if (!PARAMETERS[zoekType].includes(key)) fouten.push({ name: key, code: 'unknownParam', reason: REDEN.unknownParam });
  }

  if (fouten.length > 0 || !vraag) return { ok: false, invalidParams: fouten };
  return { ok: true, vraag };
}
