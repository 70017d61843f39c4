import { datum, leeg, REDEN } from '../historie/validate.ts';
import type { InvalidParam } from '../brp/errors.ts';
import { isJsonObject } from '../brp/json.ts';

// Validation of a BewoningenQuery body, as fout-cases.feature and raadpleeg-bewoning-{op-peildatum,met-periode}/fout-cases.feature
// report it: adresseerbaarObjectIdentificatie first, then the dates (datumVan before datumTot, as the
// features list invalidParams; the detail names them sorted, see errors.ts), then datumTot after datumVan,
// then unknown parameters. A missing or invalid type is reported alone: without a type nothing else can be
// checked.

export const ZOEK_TYPES = ['BewoningMetPeildatum', 'BewoningMetPeriode'] as const;
export type ZoekType = (typeof ZOEK_TYPES)[number];

export type BewoningVraag =
  | { type: 'BewoningMetPeildatum'; adresseerbaarObjectIdentificatie: string; peildatum: string }
  | { type: 'BewoningMetPeriode'; adresseerbaarObjectIdentificatie: string; datumVan: string; datumTot: string };

/** The spec's AdresseerbaarObjectIdentificatieFilter: 16 digits, not all zeros. */
export const ADRESSEERBAAR_OBJECT_PATTERN = '^(?!0{16})[0-9]{16}$';

// The reasons, the empty check and the date check are the Verblijfplaatshistorie API's: the same validators.
export { REDEN };

const PARAMETERS: Record<ZoekType, readonly string[]> = {
  BewoningMetPeildatum: ['type', 'peildatum', 'adresseerbaarObjectIdentificatie'],
  BewoningMetPeriode: ['type', 'datumVan', 'datumTot', 'adresseerbaarObjectIdentificatie'],
};

function adresseerbaarObject(value: unknown, fouten: InvalidParam[]): string | undefined {
  const name = 'adresseerbaarObjectIdentificatie';
  if (leeg(value)) {
    fouten.push({ name, code: 'required', reason: REDEN.required });
    return undefined;
  }
  if (typeof value !== 'string' || !new RegExp(ADRESSEERBAAR_OBJECT_PATTERN).test(value)) {
    fouten.push({ name, code: 'pattern', reason: REDEN.pattern(ADRESSEERBAAR_OBJECT_PATTERN) });
    return undefined;
  }
  return value;
}

export type Validatie = { ok: true; vraag: BewoningVraag } | { ok: false; invalidParams: InvalidParam[] };

export function validateBewoningenQuery(body: unknown): Validatie {
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
  const aoi = adresseerbaarObject(b.adresseerbaarObjectIdentificatie, fouten);

  let vraag: BewoningVraag | undefined;
  if (zoekType === 'BewoningMetPeildatum') {
    const peildatum = datum('peildatum', b.peildatum, fouten);
    if (peildatum && aoi) vraag = { type: zoekType, adresseerbaarObjectIdentificatie: aoi, peildatum };
  } else {
    const datumVan = datum('datumVan', b.datumVan, fouten);
    const datumTot = datum('datumTot', b.datumTot, fouten);
    if (datumVan && datumTot && datumTot <= datumVan) {
      fouten.push({ name: 'datumTot', code: 'invalidParam', reason: REDEN.datumTotNaDatumVan });
    } else if (datumVan && datumTot && aoi) {
      vraag = { type: zoekType, adresseerbaarObjectIdentificatie: aoi, datumVan, datumTot };
    }
  }

  for (const key of Object.keys(b)) {
    if (!PARAMETERS[zoekType].includes(key)) fouten.push({ name: key, code: 'unknownParam', reason: REDEN.unknownParam });
  }

  if (fouten.length > 0 || !vraag) return { ok: false, invalidParams: fouten };
  return { ok: true, vraag };
}
